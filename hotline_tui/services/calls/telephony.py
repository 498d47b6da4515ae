"""PBX call events into stored phone calls, callers looked up as the phone rings
(H1, H4, H14). Both ways in (the CTI webhook, the AMI client) end here.

The PBX is not a person: its writes are checked by its token (or the AMI login)
before they reach this module, and audited under the source's name
(`cti:<token name>`, `ami:<host>`). Folding is `domain/telephony.fold`, so a
duplicated or late event changes nothing it should not.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pendulum

from hotline_tui.config import Settings
from hotline_tui.domain import telephony as tel
from hotline_tui.domain.phone import InvalidPhone, normalize_phone
from hotline_tui.services.base import snapshot, transaction
from hotline_tui.services.calls.missed_calls import on_call_settled
from hotline_tui.store.feed import publish
from hotline_tui.store.models import AuditEntry, ContactPhone, PhoneCall, Staff


def _norm(raw: str) -> str:
    try:
        return normalize_phone(raw) if raw and raw != "anonymous" else ""
    except InvalidPhone:
        return ""


def state_of(row: PhoneCall) -> tel.CallState:
    return tel.CallState(
        call_id=row.call_id,
        direction=row.direction,
        from_number=row.from_number,
        to_number=row.to_number,
        queue=row.queue,
        extension=row.extension,
        users=tuple(row.users or ()),
        answering_number=row.answering_number,
        first_heard=row.first_heard,
        ringing_from=row.ringing_from,
        answered_at=row.answered_at,
        ended_at=row.ended_at,
        cause=row.cause,
        seen=frozenset(k for k in row.seen.split(",") if k),
    )


def _staff_for(key: str) -> Staff | None:
    """The staff member a PBX names: by extension, then agent number, then name."""
    key = (key or "").strip()
    if not key:
        return None
    for cond in (Staff.extension == key, Staff.agent_no == key, Staff.name == key):
        found = Staff.get_or_none(cond & (Staff.active == True))  # noqa: E712
        if found is not None:
            return found
    return None


def _agent(s: tel.CallState) -> Staff | None:
    if s.answering_number:
        return _staff_for(s.answering_number)
    if s.direction == "out" and s.users:
        return _staff_for(s.users[0])
    return None


def _identify(row: PhoneCall) -> None:
    """H4 as the phone rings: the caller's contact and unit from the number."""
    if not row.number_norm or row.customer_id is not None:
        return
    keys = [row.number_norm] + ([row.number_norm[-8:]] if len(row.number_norm) > 8 else [])
    hit = (
        ContactPhone.select(ContactPhone.contact, ContactPhone.number)
        .where(ContactPhone.number.in_(keys) | (ContactPhone.suffix8 == keys[-1]))
        .order_by(ContactPhone.id)
    )
    best = None
    for cp in hit:
        if cp.number == row.number_norm:
            best = cp
            break
        best = best or cp
    if best is not None:
        contact = best.contact
        row.contact, row.customer = contact.id, contact.customer_id


def _write_state(row: PhoneCall, s: tel.CallState, now: datetime) -> None:
    row.direction, row.from_number, row.to_number = s.direction, s.from_number, s.to_number
    row.queue, row.extension, row.users = s.queue, s.extension, list(s.users)
    row.answering_number = s.answering_number
    row.first_heard, row.ringing_from = s.first_heard, s.ringing_from
    row.answered_at, row.ended_at, row.cause = s.answered_at, s.ended_at, s.cause
    row.status, row.seen = s.status, ",".join(sorted(s.seen))
    row.number_norm = row.number_norm or _norm(s.caller)
    agent = _agent(s)
    if agent is not None:
        row.agent = agent.id
    row.updated_at = now


def _audit(source: str, action: str, row: PhoneCall, before: dict | None, now: datetime) -> None:
    """The PBX's write, audited under its source and published on the change feed
    in the same transaction (the desks pop from it)."""
    publish("phone_call", row.id)
    from hotline_tui.store.chain import append  # the audit log is a hash chain

    append(
        AuditEntry,
        at=now,
        actor=None,
        actor_no=source[:16],
        action=action,
        record_type="phone_call",
        record_id=str(row.id),
        before=before,
        after=snapshot(row),
    )


def ingest(ev: tel.CallEvent, source: str, settings: Settings, now: datetime | None = None) -> int:
    """Store one PBX event; returns the phone call's id. Safe to repeat."""
    now = now or pendulum.now("UTC")
    with transaction():
        row = PhoneCall.get_or_none(PhoneCall.call_id == ev.call_id)
        before = snapshot(row) if row is not None else None
        old = state_of(row) if row is not None else None
        new = tel.fold(old, ev)
        if row is not None and old == new:
            return row.id  # a duplicate: nothing new to say
        if row is None:
            row = PhoneCall(call_id=ev.call_id, source=source[:80])
        _write_state(row, new, now)
        _identify(row)
        row.save()
        on_call_settled(row, settings, now)
        _audit(source, "cti.event", row, before, now)
    return row.id


def close_stale(settings: Settings, now: datetime | None = None) -> list[int]:
    """Close calls that never got their hang-up as lost (and missed, when unanswered)."""
    now = now or pendulum.now("UTC")
    after = timedelta(minutes=settings.policy.cti_lost_minutes)
    closed = []
    with transaction():
        cutoff = now - after
        for row in PhoneCall.select().where(
            PhoneCall.ended_at.is_null() & (PhoneCall.first_heard < cutoff)
        ):
            s = tel.close_if_stale(state_of(row), now, after)
            if not s.ended:
                continue
            before = snapshot(row)
            _write_state(row, s, now)
            row.save()
            on_call_settled(row, settings, now)
            _audit("cti", "cti.lost", row, before, now)
            closed.append(row.id)
    return closed
