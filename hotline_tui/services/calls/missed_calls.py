"""Missed calls are work: an owner on duty and a deadline (R1, R3, H10).

A call that ends unanswered becomes a missed-call item owned by the operator on
duty (R1), due within `policy.missed_call_minutes` (the center's own rule,
docs/RULES.md). Another call from the same number before the item is returned
attaches to it; a call that gets through closes it. The manager acknowledges
several at once with a reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from hotline_tui.config import Settings
from hotline_tui.domain.errors import ValidationError
from hotline_tui.services.base import ServiceContext, audit, snapshot, writing
from hotline_tui.store.feed import publish
from hotline_tui.store.models import (
    DutySession,
    MissedCall,
    RosterShift,
    Staff,
)

if TYPE_CHECKING:
    from hotline_tui.store.models import PhoneCall

RULE = "MC"
MAX_REASON = 200


def duty_owner(now: datetime, prefer: int | None = None) -> int | None:
    """R1: who owns a missed call now: the rostered operator on duty, signed in first.

    `prefer` (the staff the call rang at) wins when they are on duty themselves."""
    shifts = list(
        RosterShift.select(RosterShift.staff)
        .where((RosterShift.starts_at <= now) & (RosterShift.ends_at > now))
        .order_by(RosterShift.starts_at, RosterShift.id)
    )
    rostered = [s.staff_id for s in shifts]
    if prefer is not None and prefer in rostered:
        return prefer
    signed_in = {
        d.staff_id
        for d in DutySession.select(DutySession.staff).where(
            DutySession.signed_out_at.is_null() & DutySession.staff.in_(rostered or [0])
        )
    }
    for staff_id in rostered:
        if staff_id in signed_in:
            return staff_id
    return rostered[0] if rostered else prefer


def _open_for(number_norm: str) -> MissedCall | None:
    if not number_norm:
        return None
    return (
        MissedCall.select()
        .where((MissedCall.number_norm == number_norm) & (MissedCall.status == "open"))
        .order_by(MissedCall.id)
        .first()
    )


def _close(item: MissedCall, status: str, reason: str, now: datetime, by: int | None) -> None:
    item.status, item.reason, item.closed_at = status, reason, now
    item.closed_by = by  # type: ignore[assignment]  # peewee takes the staff id
    item.version += 1
    item.save()
    publish("missed_call", item.id)


def on_call_settled(row: PhoneCall, settings: Settings, now: datetime) -> None:
    """Inside the ingest transaction: open, attach to or close a missed-call item."""
    if row.direction != "in":
        return
    if row.status in ("missed", "lost"):
        if row.missed_id is not None:
            return
        item = _open_for(row.number_norm)
        if item is not None:
            item.calls += 1
            item.version += 1
            item.save()
            publish("missed_call", item.id)
        else:
            ended = row.ended_at or now
            prefer = _rang_at(row)
            item = MissedCall.create(
                number=row.from_number,
                number_norm=row.number_norm,
                customer=row.customer_id,
                contact=row.contact_id,
                owner=duty_owner(now, prefer),
                created_at=now,
                due_at=ended + timedelta(minutes=settings.policy.missed_call_minutes),
                due_rule=RULE,
            )
            publish("missed_call", item.id)  # the owner's desk lists it at once
        row.missed = item.id
        row.save()
        return
    if row.status not in ("answered", "talking"):
        return
    if row.missed_id is not None:
        item = MissedCall.get_or_none(MissedCall.id == row.missed_id)
        # a late answer event for the very call that made the item: it was no miss
        if item is not None and item.status == "open" and item.calls <= 1:
            _close(item, "returned", "answered", now, row.agent_id)
        return
    item = _open_for(row.number_norm)
    if item is not None:
        item.calls += 1
        _close(item, "returned", "caller got through", now, row.agent_id)
        row.missed = item.id
        row.save()


def _rang_at(row: PhoneCall) -> int | None:
    if not row.extension:
        return None
    staff = Staff.get_or_none(Staff.extension == row.extension)
    return staff.id if staff else None


def mark_returned(ctx: ServiceContext, item_id: int, note: str = "") -> MissedCall:
    """The owner called back (by hand or by the dial key)."""
    with writing(ctx, "missed_call.return"):
        item = MissedCall.get_or_none(MissedCall.id == item_id)
        if item is None or item.status != "open":
            raise ValidationError("missed_call", "This missed call is no longer open")
        before = snapshot(item)
        _close(item, "returned", note[:MAX_REASON], ctx.now(), ctx.actor.id)
        audit(ctx, "missed_call.return", item, before=before)
    return item


def acknowledge(ctx: ServiceContext, item_ids: Iterable[int], reason: str) -> int:
    """The manager closes several missed calls at once, with one reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("reason", "Give a reason for acknowledging the missed calls")
    if len(reason) > MAX_REASON:
        raise ValidationError("reason", "Reason too long (at most {n} characters)", n=MAX_REASON)
    ids = sorted(set(item_ids))
    done = 0
    with writing(ctx, "missed_call.acknowledge"):
        for item in MissedCall.select().where(MissedCall.id.in_(ids or [0])):
            if item.status != "open":
                continue
            before = snapshot(item)
            _close(item, "acknowledged", reason, ctx.now(), ctx.actor.id)
            audit(ctx, "missed_call.acknowledge", item, before=before)
            done += 1
    return done


def open_missed(owner_id: int | None = None, limit: int = 500) -> list[MissedCall]:
    q = (
        MissedCall.select()
        .where(MissedCall.status == "open")
        .order_by(MissedCall.due_at, MissedCall.id)
        .limit(limit)
    )
    if owner_id is not None:
        q = q.where(MissedCall.owner == owner_id)
    return list(q)


def title(number: str, calls: int) -> str:
    """How a missed-call item is named: the number, and how often it rang."""
    return f"{number} ×{calls}" if calls > 1 else number


def return_missed_call(ctx: ServiceContext, item_id: int) -> int:
    """Call the number back: the item is returned and a hotline record starts for
    the call (with the number and the caller), as for a call taken by hand."""
    from hotline_tui.services.calls import calls

    item = MissedCall.get_or_none(MissedCall.id == item_id)
    if item is None or item.status != "open":
        raise ValidationError("missed_call", "This missed call is no longer open")
    data: dict = {"caller_phone": item.number} if item.number_norm else {}
    if item.customer_id:
        data["customer_id"] = item.customer_id
        if item.contact_id:
            data["contact_id"] = item.contact_id
    call = calls.start_call(ctx, **data)
    with writing(ctx, "missed_call.return"):
        calls.event(ctx, call, "missed_call_returned", missed_call=item.id, calls=item.calls)
        before = snapshot(item)
        _close(item, "returned", call.ticket_no, ctx.now(), ctx.actor.id)
        audit(ctx, "missed_call.return", item, before=before)
    return call.id


def missed_call(item_id: int) -> MissedCall:
    item = MissedCall.get_or_none(MissedCall.id == item_id)
    if item is None:
        raise ValidationError("missed_call", "This missed call is no longer open")
    return item
