"""The screen pop: which ringing calls a desk shows, and taking one (H1, H4, H10).

A call ringing at an extension pops on the desk of the staff member with that
extension; a queue call (or one the PBX names no extension for) pops on every
signed-in, on-duty operator's desk until somebody answers. Taking a call starts
the hotline record with the number, the caller and the late-pickup flag from
the ring time (H1: rings = ring seconds / policy.seconds_per_ring).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from hotline_tui.domain import telephony as tel
from hotline_tui.domain.errors import NotFound
from hotline_tui.services.base import ServiceContext, audit, require, snapshot, writing
from hotline_tui.services.calls import calls
from hotline_tui.store.models import DutySession, PhoneCall

#: A call still "ringing" after this long lost its hang-up: it pops no more.
POP_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class Ringing:
    """One call to pop: what the desk needs before the caller summary comes."""

    id: int
    number: str
    customer_id: int | None
    contact_id: int | None
    ringing_from: datetime
    queue: str
    extension: str
    status: str
    answered_here: bool  # the PBX says this desk's phone picked up
    hotline_call_id: int | None

    def ring_seconds(self, now: datetime) -> float:
        return max(0.0, (now - self.ringing_from).total_seconds())


def _on_duty(staff_id: int) -> bool:
    return (
        DutySession.select()
        .where((DutySession.staff == staff_id) & DutySession.signed_out_at.is_null())
        .exists()
    )


def pops_for(ctx: ServiceContext) -> list[Ringing]:
    """The calls this desk should show now: ringing here, or answered here and not yet taken."""
    require(ctx, "call.take")
    me = ctx.actor
    now = ctx.now()
    mine = {k for k in (me.extension, me.agent_no) if k}
    rows = list(
        PhoneCall.select()
        .where(
            (PhoneCall.direction == "in")
            & (PhoneCall.first_heard > now - POP_WINDOW)
            & PhoneCall.status.in_(("ringing", "talking"))
            & PhoneCall.hotline_call.is_null()  # taken at a desk: it pops no more
        )
        .order_by(PhoneCall.first_heard, PhoneCall.id)
    )
    duty: bool | None = None
    out = []
    for row in rows:
        answered_here = row.status == "talking" and (
            row.agent_id == me.id or row.answering_number in mine
        )
        if row.status == "talking" and not answered_here:
            continue  # somebody else picked up: the pop goes away
        if row.extension and row.extension not in mine and not answered_here:
            continue  # rings at a colleague's phone
        if not row.extension and not answered_here:
            if duty is None:
                duty = _on_duty(me.id)
            if not duty:
                continue
        out.append(
            Ringing(
                row.id,
                row.from_number,
                row.customer_id,
                row.contact_id,
                row.ringing_from or row.first_heard,
                row.queue,
                row.extension,
                row.status,
                answered_here,
                row.hotline_call_id,
            )
        )
    return out


def take_phone_call(ctx: ServiceContext, phone_call_id: int, customer_id: int | None = None) -> int:
    """Start the hotline record for a PBX call; returns the call's id (H1, H10).

    Taken twice (Enter and the PBX's answer event), the same record comes back."""
    row = PhoneCall.get_or_none(PhoneCall.id == phone_call_id)
    if row is None:
        raise NotFound("Phone call {id} does not exist", id=phone_call_id)
    if row.hotline_call_id is not None:
        return row.hotline_call_id
    now = ctx.now()
    start = row.ringing_from or row.first_heard
    ring = max(0.0, ((row.answered_at or now) - start).total_seconds())
    p = ctx.policy
    late = tel.late_pickup(ring, p.seconds_per_ring, p.apology_after_rings)
    data: dict = {"caller_phone": row.from_number} if _valid(row.from_number) else {}
    if customer_id is not None:  # just registered from the pop
        data["customer_id"] = customer_id
    elif row.customer_id:
        data["customer_id"] = row.customer_id
        if row.contact_id:
            data["contact_id"] = row.contact_id
    call = calls.start_call(ctx, late_pickup=late, **data)
    with writing(ctx, "call.take"):
        row = PhoneCall.get_by_id(phone_call_id)
        if row.hotline_call_id is not None:  # another desk was quicker: keep theirs
            return row.hotline_call_id
        before = snapshot(row)
        row.hotline_call = call.id
        if row.agent_id is None:
            row.agent = ctx.actor.id
        row.updated_at = now
        row.save()
        audit(ctx, "cti.take", row, before=before)
    return call.id  # audit() published the change: the other desks' pops go


def _valid(number: str) -> bool:
    from hotline_tui.domain.phone import InvalidPhone, normalize_phone

    try:
        return bool(number) and bool(normalize_phone(number))
    except InvalidPhone:
        return False
