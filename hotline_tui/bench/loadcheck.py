"""The invariants a load run must leave intact (docs/DESIGN.md, crash safety and load): checked on the
database after every worker has finished. Each returns problems as text;
an empty list means one truth survived many desks."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from peewee import fn

from hotline_tui.services.review.open_items import OPEN_CALL_STATUSES, OPEN_DISPATCH_STATES
from hotline_tui.store.base import database
from hotline_tui.store.db import is_postgres
from hotline_tui.store.models import (
    AuditEntry,
    Call,
    Callback,
    CallEvent,
    DispatchEvent,
    DispatchRequest,
    Handover,
    HandoverItem,
    LibraryEntry,
    Staff,
)
from hotline_tui.store.models import (
    Counter as SeqCounter,
)

if TYPE_CHECKING:
    from hotline_tui.bench.loadmix import Plan, Tally


def lost_updates(tally: Tally) -> list[str]:
    """H9: usage_count (an atomic increment) equals the applies that succeeded;
    a work order's version (optimistic lock) equals its timeline's length."""
    out = []
    for entry in LibraryEntry.select():
        if entry.usage_count != tally.applies.get(entry.id, 0):
            out.append(
                f"library entry {entry.id}: usage_count {entry.usage_count}"
                f" != {tally.applies.get(entry.id, 0)} successful applies"
            )
    applied = CallEvent.select().where(CallEvent.kind == "library_applied").count()
    if applied != sum(tally.applies.values()):
        out.append(f"{applied} library_applied events != {sum(tally.applies.values())} applies")
    events = dict(
        DispatchEvent.select(DispatchEvent.request, fn.COUNT(DispatchEvent.id))
        .group_by(DispatchEvent.request)
        .tuples()
    )
    for req in DispatchRequest.select(DispatchRequest.id, DispatchRequest.version):
        if req.version != events.get(req.id, 0):
            out.append(
                f"work order {req.id}: version {req.version} != {events.get(req.id, 0)} steps"
            )
    return out


def promises_owned() -> list[str]:
    """H10/R3: every open call, promise, callback and work order has an active owner."""
    active = {s.id for s in Staff.select(Staff.id).where(Staff.active == True)}  # noqa: E712
    out = []
    for c in Call.select().where(Call.status.in_(OPEN_CALL_STATUSES) | Call.due_at.is_null(False)):
        if c.owner_id not in active:
            out.append(f"call {c.ticket_no} ({c.status}) has no active owner")
    for cb in Callback.select().where(Callback.status == "open"):
        if cb.owner_id not in active:
            out.append(f"callback {cb.id} has no active owner")
    for d in DispatchRequest.select().where(DispatchRequest.state.in_(OPEN_DISPATCH_STATES)):
        if d.requested_by_id not in active:
            out.append(f"work order {d.order_no} has no owner at the desk")
    return out


def audit_matches(tally: Tally, baseline: Counter) -> list[str]:
    """Every write the desks saw succeed has exactly one audit entry, and no more;
    every change carries its before and after values."""
    from hotline_tui.bench.loadmix import COUNTED

    now = Counter(
        dict(
            AuditEntry.select(AuditEntry.action, fn.COUNT(AuditEntry.id))
            .where(AuditEntry.action.in_(COUNTED))
            .group_by(AuditEntry.action)
            .tuples()
        )
    )
    out = []
    for action in COUNTED:
        logged = now[action] - baseline.get(action, 0)
        if logged != tally.ok.get(action, 0):
            out.append(f"{action}: {logged} audit entries != {tally.ok.get(action, 0)} successes")
    creates = ("call.take", "dispatch.request", "duty.sign_in")
    blank = (
        AuditEntry.select()
        .where(
            AuditEntry.action.in_([a for a in COUNTED if a not in creates])
            & (AuditEntry.before.is_null() | AuditEntry.after.is_null())
        )
        .count()
    )
    if blank:
        out.append(f"{blank} audit entries of changes lack their before/after values")
    calls = Call.select().count()
    takes = now["call.take"]
    if calls != takes:
        out.append(f"{calls} calls != {takes} call.take audit entries")
    return out


def ticket_numbers() -> list[str]:
    """HL/PD numbers: unique, and per day exactly 1..N with the counter at N."""
    out = []
    for model, col, prefix in (
        (Call, Call.ticket_no, "HL"),
        (DispatchRequest, DispatchRequest.order_no, "PD"),
    ):
        seen: dict[str, list[int]] = defaultdict(list)
        for (no,) in model.select(col).tuples():
            m = re.fullmatch(rf"({prefix}\d{{8}})-(\d+)", no)
            if m is None:
                out.append(f"malformed number {no}")
                continue
            seen[m.group(1)].append(int(m.group(2)))
        for day, nums in seen.items():
            if len(nums) != len(set(nums)):
                out.append(f"{day}: duplicate numbers")
            if sorted(nums) != list(range(1, len(nums) + 1)):
                out.append(f"{day}: numbers are not 1..{len(nums)} without gaps")
            counter = SeqCounter.get_or_none(SeqCounter.name == day)
            if counter is None or counter.value != len(nums):
                out.append(f"{day}: counter {counter and counter.value} != {len(nums)} numbers")
    return out


def handovers_whole() -> list[str]:
    """R3: an item is accepted by the handover's recipient, and listed once while open."""
    out = []
    for item in HandoverItem.select(HandoverItem, Handover).join(Handover):
        if item.status == "accepted" and item.accepted_by_id != item.handover.to_staff_id:
            out.append(f"handover item {item.id} accepted by someone else")
        if item.handover.status == "completed" and item.status != "accepted":
            out.append(f"handover {item.handover.id} completed with item {item.id} pending")
    dupes = (
        HandoverItem.select(HandoverItem.item_kind, HandoverItem.item_id)
        .join(Handover)
        .where((Handover.status == "open") & (HandoverItem.status != "accepted"))
        .group_by(HandoverItem.item_kind, HandoverItem.item_id)
        .having(fn.COUNT(HandoverItem.id) > 1)
    )
    out += [f"{d.item_kind} {d.item_id} is pending in two handovers" for d in dupes]
    return out


def integrity() -> list[str]:
    """SQLite: PRAGMA integrity_check says ok (PostgreSQL keeps its own)."""
    if is_postgres():
        return []
    rows = [r[0] for r in database.execute_sql("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else [f"integrity_check: {'; '.join(rows[:5])}"]


def check_invariants(plan: Plan, tally: Tally, baseline: Counter) -> list[str]:
    """All of the above; the run is good when this is empty."""
    problems: list[str] = []
    for check in (
        lambda: lost_updates(tally),
        promises_owned,
        lambda: audit_matches(tally, baseline),
        ticket_numbers,
        handovers_whole,
        integrity,
    ):
        problems += check()
    if tally.crashes:
        problems.append(f"{len(tally.crashes)} operations failed with an unexpected exception")
    return problems
