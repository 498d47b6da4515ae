"""Start and end of duty: signing in, the explicit handover, the away mark (R2-R4, H10).

Signing in for a rostered shift opens one handover per outgoing operator of the
previous duty, listing their unresolved items (open calls, consultations,
promised callbacks, dispatch requests awaiting action). The incoming operator
accepts each item (ownership moves, H10, and the move is logged) or flags it
with a question; the handover completes when every item is accepted, and is
overdue after `policy.handover_minutes` from the shift start (R3). Off-roster
sign-in is marked and takes over nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pendulum
from peewee import fn

from hotline_tui.domain.deadlines import r3_handover_due
from hotline_tui.domain.errors import PermissionDenied, ValidationError
from hotline_tui.i18n import N_, _
from hotline_tui.services.base import (
    ServiceContext,
    audit,
    bump_version,
    get_or_fail,
    snapshot,
    writing,
)
from hotline_tui.services.duty.sessions import EARLY_MINUTES, MAX_NOTE, open_session, open_work
from hotline_tui.services.review.open_items import OPEN_CALL_STATUSES, OPEN_DISPATCH_STATES
from hotline_tui.store.models import (
    Call,
    Callback,
    CallEvent,
    DispatchEvent,
    DispatchRequest,
    DutySession,
    Handover,
    HandoverItem,
    RosterShift,
)

#: What each kind of handover item is called (the screen and the record, R3).
ITEM_KINDS = {
    "call": N_("Call"),
    "consultation": N_("Consultation"),
    "callback": N_("Callback"),
    "dispatch": N_("Dispatch"),
    "missed_call": N_("Missed call"),
}


def item_kind_label(kind: str) -> str:
    return _(ITEM_KINDS[kind]) if kind in ITEM_KINDS else kind


# -- signing in -------------------------------------------------------------------


def rostered_shift(staff_id: int, now: datetime) -> RosterShift | None:
    """The shift `staff_id` is on now, or starts within EARLY_MINUTES (R1, R2)."""
    early = pendulum.instance(now).add(minutes=EARLY_MINUTES)
    return (
        RosterShift.select()
        .where(
            (RosterShift.staff == staff_id)
            & (RosterShift.starts_at <= early)
            & (RosterShift.ends_at > now)
        )
        .order_by(RosterShift.starts_at)
        .first()
    )


def outgoing_staff(shift: RosterShift) -> list[int]:
    """The previous duty's operators: those on the latest shift before this one."""
    prev = (
        RosterShift.select(fn.MAX(RosterShift.starts_at))
        .where(RosterShift.starts_at < shift.starts_at)
        .scalar()
    )
    if prev is None:
        return []
    rows = RosterShift.select(RosterShift.staff).where(
        (RosterShift.starts_at == prev) & (RosterShift.staff != shift.staff_id)
    )
    return sorted({r.staff_id for r in rows})


@dataclass
class DutyStart:
    session: DutySession
    shift: RosterShift | None
    handovers: list[Handover] = field(default_factory=list)

    @property
    def off_roster(self) -> bool:
        return self.shift is None

    @property
    def item_count(self) -> int:
        return sum(h.items.count() for h in self.handovers)


def sign_in_for_duty(ctx: ServiceContext) -> DutyStart:
    """R2/R3: sign in for duty; a rostered shift opens the handover of the previous duty."""
    now = ctx.now()
    me = ctx.actor
    with writing(ctx, "duty.sign_in"):
        shift = rostered_shift(me.id, now)
        session = open_session(me.id)
        if session is not None and session.shift_id != (shift.id if shift else None):
            before = snapshot(session)
            session.signed_out_at = now
            session.save()
            audit(ctx, "duty.sign_out", session, before=before)
            session = None
        if session is None:
            session = DutySession.create(
                staff=me, shift=shift, signed_in_at=now, ready_at=now, off_roster=shift is None
            )
            audit(ctx, "duty.sign_in", session)
        handovers = _open_handovers(ctx, shift) if shift is not None else []
    return DutyStart(session, shift, handovers)


def _listed_elsewhere() -> set[tuple[str, int]]:
    rows = (
        HandoverItem.select(HandoverItem.item_kind, HandoverItem.item_id)
        .join(Handover)
        .where((Handover.status == "open") & (HandoverItem.status != "accepted"))
    )
    return {(r.item_kind, r.item_id) for r in rows}


def _open_handovers(ctx: ServiceContext, shift: RosterShift) -> list[Handover]:
    out = []
    for from_id in outgoing_staff(shift):
        h = Handover.get_or_none((Handover.from_staff == from_id) & (Handover.shift == shift.id))
        if h is None:
            h = Handover.get_or_none(
                (Handover.from_staff == from_id)
                & (Handover.to_staff == ctx.actor.id)
                & (Handover.status == "open")
            )
        if h is not None:
            if h.to_staff_id == ctx.actor.id:
                _add_new_items(ctx, h)
                out.append(h)
            continue  # a colleague on the same shift has taken this one
        work = open_work(from_id)
        last = (
            DutySession.select()
            .where(DutySession.staff == from_id)
            .order_by(DutySession.signed_in_at.desc())
            .first()
        )
        note = last.handover_note if last else ""
        if not work and not note:
            continue
        h = Handover.create(
            from_staff=from_id,
            to_staff=ctx.actor,
            shift=shift,
            note=note,
            created_at=ctx.now(),
            due_at=r3_handover_due(shift.starts_at, minutes=ctx.policy.handover_minutes),
        )
        audit(ctx, "handover.open", h)
        _add_new_items(ctx, h, notes=(last.item_notes or {}) if last else {})
        out.append(h)
    return out


def _add_new_items(ctx: ServiceContext, h: Handover, notes: dict | None = None) -> int:
    """List the outgoing operator's items not yet in the handover (also ones made since)."""
    if h.status != "open" or h.from_staff_id is None:
        return 0
    have = {(i.item_kind, i.item_id) for i in h.items}
    taken = _listed_elsewhere()
    added = 0
    for w in open_work(h.from_staff_id):
        if (w.kind, w.id) in have or (w.kind, w.id) in taken:
            continue
        item = HandoverItem.create(
            handover=h,
            item_kind=w.kind,
            item_id=w.id,
            summary=w.summary[:300],
            note=(notes or {}).get(w.key, ""),
            extra={"due_at": w.due_at, "rule": w.rule},
        )
        audit(ctx, "handover.item", item)
        added += 1
    return added


def refresh_my_handovers(ctx: ServiceContext) -> list[Handover]:
    """The actor's open handovers, with any item the outgoing operator added since."""
    with writing(ctx, "handover.accept"):
        hs = list(
            Handover.select()
            .where((Handover.to_staff == ctx.actor.id) & (Handover.status == "open"))
            .order_by(Handover.due_at, Handover.id)
        )
        for h in hs:
            _add_new_items(ctx, h)
    return hs


# -- accepting ----------------------------------------------------------------------


def _mine(ctx: ServiceContext, item_id: int) -> tuple[HandoverItem, Handover]:
    item = get_or_fail(HandoverItem, item_id, _("Handover item"))
    h = item.handover
    if h.to_staff_id != ctx.actor.id:
        raise PermissionDenied("This handover is for {name}", name=h.to_staff.name)
    if h.status != "open":
        raise ValidationError("item", "This handover is already complete")
    return item, h


def _move_owner(ctx: ServiceContext, item: HandoverItem, h: Handover) -> bool:
    """H10: ownership moves to the incoming operator, logged on the item's record."""
    now, me = ctx.now(), ctx.actor
    detail = {"from": h.from_staff_id, "to": me.id, "handover": h.id}
    rec: Any  # a Call, Callback or DispatchRequest (or None: gone)
    if item.item_kind in ("call", "consultation"):
        rec, attr, still_open = Call.get_or_none(Call.id == item.item_id), "owner", None
        if rec is not None:
            still_open = rec.status in OPEN_CALL_STATUSES
    elif item.item_kind == "callback":
        rec, attr = Callback.get_or_none(Callback.id == item.item_id), "owner"
        still_open = rec is not None and rec.status == "open"
    elif item.item_kind == "dispatch":
        rec, attr = DispatchRequest.get_or_none(DispatchRequest.id == item.item_id), "requested_by"
        still_open = rec is not None and rec.state in OPEN_DISPATCH_STATES
    elif item.item_kind == "missed_call":
        from hotline_tui.store.models import MissedCall  # telephony

        rec, attr = MissedCall.get_or_none(MissedCall.id == item.item_id), "owner"
        still_open = rec is not None and rec.status == "open"
    else:
        return False
    if rec is None or not still_open:
        return False
    before = snapshot(rec)
    setattr(rec, attr, me.id)
    if hasattr(rec, "updated_at"):
        rec.updated_at = now
    bump_version(rec, rec.version, who=me.agent_no)
    if isinstance(rec, Call):
        CallEvent.create(call=rec, at=now, actor=me, kind="handover", detail=detail)
    elif isinstance(rec, DispatchRequest):
        DispatchEvent.create(
            request=rec, at=now, actor=me, from_state=rec.state, to_state=rec.state, detail=detail
        )
    audit(ctx, "handover.take_over", rec, before=before)
    return True


def accept_item(ctx: ServiceContext, item_id: int) -> Handover:
    """R3: take one item over; the handover completes with its last item."""
    with writing(ctx, "handover.accept"):
        item, h = _mine(ctx, item_id)
        if item.status == "accepted":
            raise ValidationError("item", "This item is already accepted")
        _move_owner(ctx, item, h)
        before = snapshot(item)
        item.status, item.accepted_at, item.accepted_by = "accepted", ctx.now(), ctx.actor
        item.save()
        audit(ctx, "handover.accept", item, before=before)
        _complete_if_done(ctx, h)
    return h


def flag_item(ctx: ServiceContext, item_id: int, question: str) -> HandoverItem:
    """R3: ask the outgoing operator about an item before taking it over."""
    question = (question or "").strip()
    if not question:
        raise ValidationError("question", "Write the question for the outgoing operator")
    if len(question) > MAX_NOTE:
        raise ValidationError("question", "At most {n} characters", n=MAX_NOTE)
    with writing(ctx, "handover.accept"):
        item, _h = _mine(ctx, item_id)
        if item.status == "accepted":
            raise ValidationError("item", "This item is already accepted")
        before = snapshot(item)
        item.status, item.question = "flagged", question
        item.save()
        audit(ctx, "handover.flag", item, before=before)
    return item


def acknowledge(ctx: ServiceContext, handover_id: int) -> Handover:
    """R3: complete a handover that has nothing left to accept (e.g. a note only)."""
    with writing(ctx, "handover.accept"):
        h = get_or_fail(Handover, handover_id, _("Handover"))
        if h.to_staff_id != ctx.actor.id:
            raise PermissionDenied("This handover is for {name}", name=h.to_staff.name)
        if not _complete_if_done(ctx, h):
            raise ValidationError("item", "Accept every item first")
    return h


def _complete_if_done(ctx: ServiceContext, h: Handover) -> bool:
    if h.status != "open":
        return False
    pending = h.items.where(HandoverItem.status != "accepted").count()
    if pending:
        return False
    before = snapshot(h)
    h.status, h.completed_at = "completed", ctx.now()
    bump_version(h, h.version, who=ctx.actor.agent_no)
    audit(ctx, "handover.complete", h, before=before)
    return True


def item_due(item: HandoverItem) -> datetime | None:
    """The item's own deadline, live from its record (the countdown)."""
    model = {
        "call": Call,
        "consultation": Call,
        "callback": Callback,
        "dispatch": DispatchRequest,
    }.get(item.item_kind)
    rec = model.get_or_none(model.id == item.item_id) if model else None
    return rec.due_at if rec is not None else None


@dataclass
class ItemRow:
    """One line of the incoming operator's handover screen."""

    id: int
    handover_id: int
    kind: str
    summary: str
    note: str
    question: str
    status: str
    due_at: datetime | None
    from_name: str
    answer: str = ""  # the outgoing operator's answer to the question


@dataclass
class HandoverView:
    handovers: list[Handover]
    items: list[ItemRow]
    questions: list[HandoverItem]  # flagged items the actor handed over (to answer)
    session: DutySession | None


def item_rows(handovers: list[Handover]) -> list[ItemRow]:
    """The lines of these handovers, item by item with live countdowns (R3)."""
    rows = []
    for h in handovers:
        who = f"{h.from_staff.agent_no} {h.from_staff.name}" if h.from_staff else ""
        for i in h.items.order_by(HandoverItem.id):
            rows.append(
                ItemRow(
                    i.id,
                    h.id,
                    i.item_kind,
                    i.summary,
                    i.note,
                    i.question,
                    i.status,
                    item_due(i),
                    who,
                    str((i.extra or {}).get("answer") or ""),
                )
            )
    return rows


def my_handover(ctx: ServiceContext) -> HandoverView:
    """What the handover screen shows the actor: takeovers with live countdowns, and
    the questions the incoming operator asked them."""
    hs = refresh_my_handovers(ctx) if ctx.can("handover.accept") else []
    session = open_session(ctx.actor.id)
    if session is not None:  # keep this duty's completed takeovers in view
        done = Handover.select().where(
            (Handover.to_staff == ctx.actor.id)
            & (Handover.status == "completed")
            & (Handover.created_at >= session.signed_in_at)
        )
        hs += list(done.order_by(Handover.id))
    rows = item_rows(hs)
    questions = list(
        HandoverItem.select()
        .join(Handover)
        .where(
            (Handover.from_staff == ctx.actor.id)
            & (Handover.status == "open")
            & (HandoverItem.status == "flagged")
        )
    )
    return HandoverView(hs, rows, questions, session)
