"""Being on duty: open work, duty sessions, the end-of-duty note and the away mark (R2-R4).

What an operator still owns (`open_work`) is what a handover lists; the
outgoing operator's note (free text plus a note per item) waits on their duty
session until the incoming operator's handover picks it up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pendulum

from hotline_tui.config import Settings
from hotline_tui.domain.deadlines import r2_ready_due
from hotline_tui.domain.errors import PermissionDenied, ValidationError
from hotline_tui.i18n import _
from hotline_tui.services.base import (
    ServiceContext,
    audit,
    bump_version,
    get_or_fail,
    snapshot,
    writing,
)
from hotline_tui.services.review.open_items import OPEN_CALL_STATUSES, OPEN_DISPATCH_STATES
from hotline_tui.store.models import (
    Call,
    Callback,
    Customer,
    DispatchRequest,
    DutySession,
    Handover,
    HandoverItem,
    Staff,
)

#: Signing in this long before the shift start counts as signing in for it (R2).
EARLY_MINUTES = 30
MAX_NOTE = 5000


@dataclass(frozen=True)
class OpenWork:
    """One unresolved item of an operator, as the handover lists it."""

    kind: str  # call | consultation | callback | dispatch
    id: int
    summary: str
    due_at: datetime | None
    rule: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"


def _customer(c: Customer | None) -> str:
    return (c.short_name or c.name) if c else ""


def open_work(staff_id: int) -> list[OpenWork]:
    """Everything `staff_id` still owns: the handover's item list (R3)."""
    out = []
    for c in (
        Call.select()
        .where((Call.owner == staff_id) & Call.status.in_(OPEN_CALL_STATUSES))
        .order_by(Call.id)
    ):
        kind = "consultation" if c.status == "consultation" else "call"
        text = f"{c.ticket_no} {_customer(c.customer)} {c.symptom[:60]}"
        out.append(OpenWork(kind, c.id, " ".join(text.split()), c.due_at, c.due_rule))
    from hotline_tui.services.review.open_items import callback_words

    for cb in (
        Callback.select()
        .where((Callback.owner == staff_id) & (Callback.status == "open"))
        .order_by(Callback.due_at, Callback.id)
    ):
        # What is handed over, in words: the call it follows, the unit, the kind.
        ticket = cb.call.ticket_no if cb.call is not None else ""
        what = callback_words(cb.kind)
        out.append(
            OpenWork(
                "callback",
                cb.id,
                " ".join(p for p in (ticket, _customer(cb.customer), what) if p),
                cb.due_at,
                cb.due_rule or cb.kind,
            )
        )
    for d in (
        DispatchRequest.select()
        .where(
            (DispatchRequest.requested_by == staff_id)
            & DispatchRequest.state.in_(OPEN_DISPATCH_STATES)
            & DispatchRequest.engineer.is_null()
        )
        .order_by(DispatchRequest.id)
    ):
        text = f"{d.order_no} {_customer(d.customer)} {d.problem[:60]}"
        out.append(OpenWork("dispatch", d.id, " ".join(text.split()), d.due_at, d.due_rule))
    from hotline_tui.services.calls.missed_calls import open_missed, title  # telephony

    for m in open_missed(owner_id=staff_id):
        text = f"{title(m.number, m.calls)} {_customer(m.customer)}".strip()
        out.append(OpenWork("missed_call", m.id, text, m.due_at, m.due_rule))
    return out


def open_session(staff_id: int) -> DutySession | None:
    return (
        DutySession.select()
        .where((DutySession.staff == staff_id) & DutySession.signed_out_at.is_null())
        .order_by(DutySession.signed_in_at.desc())
        .first()
    )


def ready_on_time(session: DutySession, settings: Settings) -> bool | None:
    """R2: ready within `policy.ready_minutes` of the shift start; None off-roster."""
    if session.shift_id is None or session.ready_at is None:
        return None
    shift: Any = session.shift  # set: shift_id is not None
    due = r2_ready_due(shift.starts_at, minutes=settings.policy.ready_minutes)
    return session.ready_at <= due


# -- end of duty and away (R3, R4) ----------------------------------------------------


def _session_or_fail(staff_id: int) -> DutySession:
    session = open_session(staff_id)
    if session is None:
        raise ValidationError("duty", "You are not signed in for duty")
    return session


def missing_notes(staff_id: int, item_notes: dict[str, str] | None = None) -> list[OpenWork]:
    """The reminder: open items the outgoing operator has not written a note for."""
    notes = item_notes
    if notes is None:
        session = open_session(staff_id)
        notes = (session.item_notes or {}) if session else {}
    return [w for w in open_work(staff_id) if not (notes.get(w.key) or "").strip()]


def end_of_duty(
    ctx: ServiceContext, note: str, item_notes: dict[str, str] | None = None, sign_out: bool = True
) -> DutySession:
    """The outgoing operator's handover note, free text plus a note per item (R3)."""
    note = (note or "").strip()
    notes = {k: v.strip() for k, v in (item_notes or {}).items() if v and v.strip()}
    for text in [note, *notes.values()]:
        if len(text) > MAX_NOTE:
            raise ValidationError("note", "At most {n} characters", n=MAX_NOTE)
    with writing(ctx, "handover.write"):
        session = _session_or_fail(ctx.actor.id)
        before = snapshot(session)
        session.handover_note, session.item_notes = note, notes
        if sign_out:
            session.signed_out_at = ctx.now()
        session.save()
        audit(ctx, "handover.write", session, before=before)
        for h in Handover.select().where(
            (Handover.from_staff == ctx.actor.id) & (Handover.status == "open")
        ):
            h.note = note
            bump_version(h, h.version, who=ctx.actor.agent_no)
            for item in h.items:
                key = f"{item.item_kind}:{item.item_id}"
                if key in notes and item.note != notes[key]:
                    item.note = notes[key]
                    item.save()
    return session


def answer_question(ctx: ServiceContext, item_id: int, answer: str) -> HandoverItem:
    """R3: the outgoing operator answers the incoming operator's question on an item.

    The item stays flagged until the incoming operator accepts it; the answer is
    kept with the item (and in the audit log)."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError("answer", "Write the answer for the incoming operator")
    if len(answer) > MAX_NOTE:
        raise ValidationError("answer", "At most {n} characters", n=MAX_NOTE)
    with writing(ctx, "handover.write"):
        item = get_or_fail(HandoverItem, item_id, _("Handover item"))
        h = item.handover
        if h.from_staff_id != ctx.actor.id:
            raise PermissionDenied("Only {name} can answer this", name=h.from_staff.name)
        if item.status != "flagged" or h.status != "open":
            raise ValidationError("item", "There is no open question on this item")
        before = snapshot(item)
        item.extra = {**(item.extra or {}), "answer": answer, "answered_at": ctx.now()}
        item.save()
        audit(ctx, "handover.answer", item, before=before)
    return item


def mark_away(ctx: ServiceContext, reason: str) -> DutySession:
    """R4: leave the desk only with a reason, which the manager sees."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("reason", "Give a reason for leaving the desk")
    if len(reason) > 200:
        raise ValidationError("reason", "At most {n} characters", n=200)
    with writing(ctx, "duty.away"):
        session = _session_or_fail(ctx.actor.id)
        before = snapshot(session)
        session.away_since, session.away_reason = ctx.now(), reason
        session.save()
        audit(ctx, "duty.away", session, before=before)
    return session


def mark_back(ctx: ServiceContext) -> DutySession:
    """R4: back at the desk."""
    with writing(ctx, "duty.away"):
        session = _session_or_fail(ctx.actor.id)
        before = snapshot(session)
        session.away_since, session.away_reason = None, ""
        session.save()
        audit(ctx, "duty.back", session, before=before)
    return session


# -- reading for the screens and the record -------------------------------------------


def handover_on_time(h: Handover) -> bool:
    """R3: completed no later than its due time (the due instant itself is on time)."""
    return h.completed_at is not None and h.completed_at <= h.due_at


def handover_overdue(h: Handover, now: datetime) -> bool:
    """R3: open past its due time, or completed late."""
    if h.completed_at is not None:
        return h.completed_at > h.due_at
    return now > h.due_at


def overdue_handovers(now: datetime) -> list[Handover]:
    """R3: handovers still open past their due time, for the manager's attention."""
    return list(
        Handover.select()
        .where((Handover.status == "open") & (Handover.due_at < now))
        .order_by(Handover.due_at, Handover.id)
    )


def handovers_of_day(settings: Settings, day: date | None = None) -> list[Handover]:
    """Handovers opened that local day (all days when None): the handover record."""
    q = Handover.select().order_by(Handover.created_at, Handover.id)
    if day is not None:
        start = pendulum.datetime(day.year, day.month, day.day, tz=settings.timezone)
        start = start.in_tz("UTC")
        q = q.where((Handover.created_at >= start) & (Handover.created_at < start.add(days=1)))
    return list(q)


def sessions_of_day(settings: Settings, day: date) -> list[DutySession]:
    """The manager's view: who signed in for duty that local day, ready and away (R2, R4)."""
    tz = settings.timezone
    start = pendulum.datetime(day.year, day.month, day.day, tz=tz).in_tz("UTC")
    return list(
        DutySession.select(DutySession, Staff)
        .join(Staff, on=(DutySession.staff == Staff.id))
        .where(
            (DutySession.signed_in_at >= start)
            & (DutySession.signed_in_at < start + timedelta(days=1))
        )
        .order_by(DutySession.signed_in_at)
    )


@dataclass
class BoardRow:
    """One operator on the manager's duty board: readiness (R2), away (R4), handover (R3)."""

    who: str
    shift: str
    off_roster: bool
    signed_in_at: datetime
    signed_out_at: datetime | None
    ready_on_time: bool | None
    away_reason: str
    handover_status: str  # "" | open | completed
    handover_due: datetime | None
    handover_late: bool


def duty_board(settings: Settings, day: date, now: datetime) -> list[BoardRow]:
    """The manager's view of the day's duty: who is late, away, or overdue with a handover."""
    rows = []
    for s in sessions_of_day(settings, day):
        h = (
            Handover.select()
            .where((Handover.to_staff == s.staff_id) & (Handover.created_at >= s.signed_in_at))
            .order_by(Handover.due_at)
            .first()
        )
        late = False
        if h is not None:
            late = (h.completed_at or now) > h.due_at
        rows.append(
            BoardRow(
                f"{s.staff.agent_no} {s.staff.name}",
                s.shift.shift_code if s.shift else "",
                s.off_roster,
                s.signed_in_at,
                s.signed_out_at,
                ready_on_time(s, settings),
                s.away_reason,
                h.status if h else "",
                h.due_at if h else None,
                late,
            )
        )
    return rows
