"""The on-site dispatch state machine (D1-D5), as data.

A request is checked by the manager (D1), becomes a work order assigned to a
field engineer (D2), gets an appointment that may slip with the customer's
consent or go up to the manager on refusal (D3), and ends signed (D4), or not
solved and then re-dispatched or escalated to the vendor until solved (D5).

`TRANSITIONS` is the whole truth about which step may follow which and who may
take it; `transition()` refuses anything else with `InvalidTransition`. The
module also holds the two pure time rules of the flow: when the paper service
sheet is due back (D4) and how an operator's appointment text is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

import pendulum

from hotline_tui.domain.calendar import BusinessCalendar
from hotline_tui.domain.errors import InvalidTransition, ValidationError
from hotline_tui.domain.flow import Transition, actions_from, find_step
from hotline_tui.domain.permissions import ROLE_LABELS
from hotline_tui.i18n import N_, _

MANAGER = "manager"
ENGINEER = "engineer"

# -- states -----------------------------------------------------------------
REQUESTED = "requested"
VERIFIED = "verified"
RETURNED = "returned"
ASSIGNED = "assigned"
APPOINTED = "appointed"
RESCHEDULED = "rescheduled"
REFUSED = "refused"  # D3: the customer refused the new time; the manager decides
ON_SITE = "on_site"
SIGNED = "signed"
NOT_SOLVED = "not_solved"
REDISPATCHED = "redispatched"
ESCALATED = "escalated"
SOLVED = "solved"
CLOSED = "closed"
CANCELLED = "cancelled"

STATE_LABELS: dict[str, str] = {
    REQUESTED: N_("Requested"),
    VERIFIED: N_("Verified"),
    RETURNED: N_("Returned"),
    ASSIGNED: N_("Assigned"),
    APPOINTED: N_("Appointment agreed"),
    RESCHEDULED: N_("Rescheduled"),
    REFUSED: N_("New time refused"),
    ON_SITE: N_("On site"),
    SIGNED: N_("Solved and signed"),
    NOT_SOLVED: N_("Not solved"),
    REDISPATCHED: N_("Re-dispatched"),
    ESCALATED: N_("Escalated to vendor"),
    SOLVED: N_("Solved by vendor"),
    CLOSED: N_("Closed"),
    CANCELLED: N_("Cancelled"),
}
STATES = tuple(STATE_LABELS)

#: Waiting on someone: these show on the desk and in the handover (R3).
OPEN_STATES: tuple[str, ...] = (
    REQUESTED,
    VERIFIED,
    ASSIGNED,
    APPOINTED,
    RESCHEDULED,
    REFUSED,
    ON_SITE,
    NOT_SOLVED,
    ESCALATED,
)
TERMINAL_STATES = (RETURNED, REDISPATCHED, CLOSED, CANCELLED)

#: The screen groups by state in this order: what needs the manager first.
URGENCY_ORDER: tuple[str, ...] = (
    REFUSED,
    REQUESTED,
    NOT_SOLVED,
    VERIFIED,
    ASSIGNED,
    RESCHEDULED,
    APPOINTED,
    ON_SITE,
    ESCALATED,
    SIGNED,
    SOLVED,
    RETURNED,
    REDISPATCHED,
    CLOSED,
    CANCELLED,
)

# -- actions ----------------------------------------------------------------
VERIFY = "verify"
RETURN = "return"
ASSIGN = "assign"
REASSIGN = "reassign"
APPOINT = "appoint"
RESCHEDULE = "reschedule"
REFUSE = "refuse"
ARRIVE = "arrive"
SIGN_OFF = "sign_off"
FAIL = "not_solved"
REDISPATCH = "redispatch"
ESCALATE = "escalate"
TRACK = "track"
VENDOR_SOLVED = "vendor_solved"
CLOSE = "close"
CANCEL = "cancel"

ACTION_LABELS: dict[str, str] = {
    VERIFY: N_("Verify"),
    RETURN: N_("Return"),
    ASSIGN: N_("Assign"),
    REASSIGN: N_("Reassign"),
    APPOINT: N_("Agree appointment"),
    RESCHEDULE: N_("Reschedule"),
    REFUSE: N_("Customer refused new time"),
    ARRIVE: N_("Arrive on site"),
    SIGN_OFF: N_("Sign off"),
    FAIL: N_("Not solved"),
    REDISPATCH: N_("Re-dispatch"),
    ESCALATE: N_("Escalate to vendor"),
    TRACK: N_("Vendor tracking note"),
    VENDOR_SOLVED: N_("Vendor solved it"),
    CLOSE: N_("Close"),
    CANCEL: N_("Cancel"),
}

_BOTH = frozenset({MANAGER, ENGINEER})
_MGR = frozenset({MANAGER})
_BEFORE_VISIT = (ASSIGNED, APPOINTED, RESCHEDULED, REFUSED)


#: The table: every allowed step, from where, to where, by whom (D1-D5).
TRANSITIONS: tuple[Transition, ...] = (
    Transition(VERIFY, (REQUESTED,), VERIFIED, _MGR, "dispatch.verify", "D1"),
    Transition(RETURN, (REQUESTED,), RETURNED, _MGR, "dispatch.verify", "D1"),
    Transition(ASSIGN, (VERIFIED,), ASSIGNED, _MGR, "dispatch.assign", "D2"),
    Transition(REASSIGN, _BEFORE_VISIT, ASSIGNED, _MGR, "dispatch.assign", "D3"),
    Transition(APPOINT, (ASSIGNED,), APPOINTED, _BOTH, "dispatch.appointment", "D3"),
    Transition(APPOINT, (REFUSED,), APPOINTED, _MGR, "dispatch.appointment", "D3"),
    Transition(
        RESCHEDULE, (APPOINTED, RESCHEDULED), RESCHEDULED, _BOTH, "dispatch.appointment", "D3"
    ),
    Transition(REFUSE, (APPOINTED, RESCHEDULED), REFUSED, _BOTH, "dispatch.appointment", "D3"),
    Transition(ARRIVE, (APPOINTED, RESCHEDULED), ON_SITE, _BOTH, "dispatch.onsite", "D3"),
    Transition(SIGN_OFF, (ON_SITE,), SIGNED, _BOTH, "dispatch.close", "D4"),
    Transition(FAIL, (ON_SITE,), NOT_SOLVED, _BOTH, "dispatch.close", "D5"),
    Transition(REDISPATCH, (NOT_SOLVED,), REDISPATCHED, _MGR, "dispatch.redispatch", "D5"),
    Transition(ESCALATE, (NOT_SOLVED,), ESCALATED, _MGR, "dispatch.escalate", "D5"),
    Transition(TRACK, (ESCALATED,), ESCALATED, _BOTH, "dispatch.track", "D5"),
    Transition(VENDOR_SOLVED, (ESCALATED,), SOLVED, _MGR, "dispatch.escalate", "D5"),
    Transition(CLOSE, (SIGNED, SOLVED), CLOSED, _MGR, "dispatch.close", "D6"),
    Transition(
        CANCEL, (REQUESTED, VERIFIED, *_BEFORE_VISIT), CANCELLED, _MGR, "dispatch.verify", "D1"
    ),
)

ACTIONS: tuple[str, ...] = tuple(dict.fromkeys(t.action for t in TRANSITIONS))


def find(state: str, action: str) -> Transition | None:
    """The table row for `action` from `state`, if there is one."""
    return find_step(TRANSITIONS, state, action)


def transition(state: str, action: str, roles: Iterable[str]) -> Transition:
    """The step `action` takes from `state` for someone with `roles`, or InvalidTransition."""
    roles = set(roles)
    row = find(state, action)
    if row is None:
        raise InvalidTransition(
            "A work order in state “{state}” cannot be “{action}”; allowed now: {allowed}",
            state=STATE_LABELS.get(state, state),
            action=ACTION_LABELS.get(action, action),
            allowed=", ".join(ACTION_LABELS[a] for a in allowed_actions(state, roles)) or "-",
        )
    if not roles & row.roles:
        raise InvalidTransition(
            "“{action}” in state “{state}” is for the {who}",
            action=ACTION_LABELS.get(action, action),
            state=STATE_LABELS.get(state, state),
            who=" / ".join(_(ROLE_LABELS[r]) for r in sorted(row.roles)),
        )
    return row


def allowed_actions(state: str, roles: Iterable[str]) -> list[str]:
    """The actions someone with `roles` may take from `state`, in table order."""
    return actions_from(TRANSITIONS, state, roles)


def is_open(state: str) -> bool:
    return state in OPEN_STATES


# -- D4: the paper sheet ----------------------------------------------------


def d4_sheet_due(
    signed_at: datetime, cal: BusinessCalendar, *, next_day: bool = False
) -> pendulum.DateTime:
    """D4: the signed paper sheet is handed in before the next Monday's start of work
    (or, in the other manual, by the next working day's start: `next_day`).

    "Monday" is the Monday after the signing day; if that Monday is not a
    working day, the start of the first working day after it counts.
    """
    day = cal.local_date(signed_at)
    if next_day:
        return cal.working_day_start(cal.next_working_day(day)).in_tz("UTC")
    monday = day + timedelta(days=7 - day.weekday())
    if not cal.is_working_day(monday):
        monday = cal.next_working_day(monday)
    return cal.working_day_start(monday).in_tz("UTC")


# -- D3: reading an appointment the operator typed --------------------------

_TIME = r"(?:\s+(?P<h>\d{1,2})[:：.](?P<m>\d{2}))?"
_PATTERNS = (
    re.compile(r"^\+(?P<n>\d{1,2})" + _TIME + "$"),
    re.compile(r"^(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})" + _TIME + "$"),
    re.compile(r"^(?P<mo>\d{1,2})-(?P<d>\d{1,2})" + _TIME + "$"),
    re.compile(r"^(?P<today>0|today|今天)" + _TIME + "$", re.IGNORECASE),
    re.compile(r"^(?P<h>\d{1,2})[:：.](?P<m>\d{2})$"),
)
MAX_AHEAD_DAYS = 90
DEFAULT_VISIT_TIME = time(9, 0)


def parse_appointment(text: str, now: datetime, cal: BusinessCalendar) -> pendulum.DateTime:
    """D3: "+1 14:00" (working days ahead), "11-25 09:30", "2026-11-25", "today 15:00",
    "15:00". Without a time, the start of work. Refuses past, far-off and impossible times.
    """
    text = (text or "").strip()
    local_now = cal.local(now)
    match = next((m for p in _PATTERNS if (m := p.match(text))), None)
    if not text or match is None:
        raise ValidationError(
            "appointment",
            "Type a visit time such as +1 14:00 (next working day), 11-25 09:30 or 2026-11-25",
        )
    g = match.groupdict()
    today = local_now.date()
    try:
        if g.get("n") is not None:
            day = cal.add_working_days(today, int(g["n"]))
        elif g.get("y") is not None:
            day = date(int(g["y"]), int(g["mo"]), int(g["d"]))
        elif g.get("mo") is not None:
            day = date(today.year, int(g["mo"]), int(g["d"]))
            if day < today:
                day = date(today.year + 1, day.month, day.day)
        else:
            day = today
        at = time(int(g["h"]), int(g["m"])) if g.get("h") is not None else DEFAULT_VISIT_TIME
    except ValueError:
        raise ValidationError(
            "appointment", "{text} is not a real date or time", text=text
        ) from None
    when = cal.at_local(day, at)
    if when < local_now:
        raise ValidationError(
            "appointment",
            "The visit time {when} has already passed",
            when=when.format("YYYY-MM-DD HH:mm"),
        )
    if (day - today).days > MAX_AHEAD_DAYS:
        raise ValidationError(
            "appointment",
            "A visit more than {n} days ahead is not an appointment",
            n=MAX_AHEAD_DAYS,
        )
    return when.in_tz("UTC")


def step_appointment(
    current: datetime | None,
    now: datetime,
    cal: BusinessCalendar,
    *,
    days: int = 0,
    minutes: int = 0,
) -> pendulum.DateTime:
    """D3, W1: the picker's arrow keys. Move a visit `days` working days (the
    customer's office is closed on other days) or `minutes` on the clock.

    Without a time yet, start from the next working day at 09:00. A step that
    would land in the past or beyond MAX_AHEAD_DAYS leaves the time where it was.
    """
    local_now = cal.local(now)
    if current is None:
        start = cal.at_local(cal.next_working_day(local_now.date()), DEFAULT_VISIT_TIME)
        return start.in_tz("UTC")
    local = cal.local(current)
    moved = local
    if days:
        day = cal.add_working_days(local.date(), days)
        moved = cal.at_local(day, time(local.hour, local.minute))
    if minutes:
        moved = moved.add(minutes=minutes)
    too_far = (moved.date() - local_now.date()).days > MAX_AHEAD_DAYS
    if moved < local_now or too_far:
        moved = local
    return moved.in_tz("UTC")
