"""The dispatch state machine (D1-D5): every transition allowed and refused,
by role, exhaustively; the D4 sheet deadline and the D3 appointment input."""

from __future__ import annotations

from datetime import date

import pendulum
import pytest

from hotline_tui.domain import dispatch_flow as flow
from hotline_tui.domain.calendar import BusinessCalendar
from hotline_tui.domain.errors import InvalidTransition, ValidationError
from hotline_tui.i18n import set_language

M, E = "manager", "engineer"
BOTH = {M, E}
#: The spec of docs/RULES.md, on-site dispatch, written out independently of the module's table:
#: (state, action) -> (next state, who may do it).
EXPECTED: dict[tuple[str, str], tuple[str, set[str]]] = {
    ("requested", "verify"): ("verified", {M}),
    ("requested", "return"): ("returned", {M}),
    ("requested", "cancel"): ("cancelled", {M}),
    ("verified", "assign"): ("assigned", {M}),
    ("verified", "cancel"): ("cancelled", {M}),
    ("assigned", "appoint"): ("appointed", BOTH),
    ("assigned", "reassign"): ("assigned", {M}),
    ("assigned", "cancel"): ("cancelled", {M}),
    ("appointed", "reschedule"): ("rescheduled", BOTH),
    ("appointed", "refuse"): ("refused", BOTH),
    ("appointed", "arrive"): ("on_site", BOTH),
    ("appointed", "reassign"): ("assigned", {M}),
    ("appointed", "cancel"): ("cancelled", {M}),
    ("rescheduled", "reschedule"): ("rescheduled", BOTH),
    ("rescheduled", "refuse"): ("refused", BOTH),
    ("rescheduled", "arrive"): ("on_site", BOTH),
    ("rescheduled", "reassign"): ("assigned", {M}),
    ("rescheduled", "cancel"): ("cancelled", {M}),
    ("refused", "appoint"): ("appointed", {M}),  # D3: refusal goes to the manager
    ("refused", "reassign"): ("assigned", {M}),
    ("refused", "cancel"): ("cancelled", {M}),
    ("on_site", "sign_off"): ("signed", BOTH),
    ("on_site", "not_solved"): ("not_solved", BOTH),
    ("not_solved", "redispatch"): ("redispatched", {M}),
    ("not_solved", "escalate"): ("escalated", {M}),
    ("escalated", "track"): ("escalated", BOTH),
    ("escalated", "vendor_solved"): ("solved", {M}),
    ("signed", "close"): ("closed", {M}),
    ("solved", "close"): ("closed", {M}),
}
ROLES = ("manager", "engineer", "operator", "supervisor", "specialist")


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


def test_table_covers_exactly_the_spec() -> None:
    table = {(s, t.action) for t in flow.TRANSITIONS for s in t.sources}
    assert table == set(EXPECTED)
    assert set(flow.ACTIONS) == {a for _s, a in EXPECTED}


@pytest.mark.parametrize("state", flow.STATES)
def test_every_transition_allowed_or_refused_by_role(state: str) -> None:
    """Exhaustive: every action from this state, for every role, allowed or refused."""
    for action in flow.ACTIONS:
        for role in ROLES:
            expected = EXPECTED.get((state, action))
            case = f"{state} --{action}--> by {role}"
            if expected is not None and role in expected[1]:
                assert flow.transition(state, action, [role]).target == expected[0], case
                assert action in flow.allowed_actions(state, [role]), case
            else:
                with pytest.raises(InvalidTransition) as err:
                    flow.transition(state, action, [role])
                assert str(err.value), case  # a message, never empty
                assert action not in flow.allowed_actions(state, [role]), case


def test_refusal_names_the_state_and_what_is_allowed() -> None:
    with pytest.raises(InvalidTransition) as err:
        flow.transition("requested", "assign", ["manager"])
    text = str(err.value)
    assert "Requested" in text and "Assign" in text and "Verify" in text
    with pytest.raises(InvalidTransition, match="is for the Service manager"):
        flow.transition("requested", "verify", ["engineer"])


def test_terminal_states_allow_nothing() -> None:
    for state in flow.TERMINAL_STATES:
        assert flow.allowed_actions(state, ROLES) == []
        assert state not in flow.OPEN_STATES
    assert flow.SIGNED not in flow.OPEN_STATES and flow.ESCALATED in flow.OPEN_STATES


def test_every_state_is_reachable_from_requested() -> None:
    seen, todo = {"requested"}, ["requested"]
    while todo:
        state = todo.pop()
        for t in flow.TRANSITIONS:
            if state in t.sources and t.target not in seen:
                seen.add(t.target)
                todo.append(t.target)
    assert seen == set(flow.STATES)


# -- D4 ---------------------------------------------------------------------
CAL = BusinessCalendar()


@pytest.mark.parametrize(
    ("signed", "due"),
    [
        ((2026, 11, 27, 16), (2026, 11, 30, 9)),  # Friday -> Monday 09:00
        ((2026, 11, 23, 10), (2026, 11, 30, 9)),  # Monday -> next Monday
        ((2026, 11, 29, 20), (2026, 11, 30, 9)),  # Sunday -> the next morning
        ((2026, 9, 30, 15), (2026, 10, 8, 9)),  # National Day: Monday 5th off -> Thursday 8th
    ],
)
def test_d4_sheet_due_before_monday_start(signed: tuple, due: tuple) -> None:
    at = pendulum.datetime(*signed, tz="Asia/Shanghai")
    expected = pendulum.datetime(*due, tz="Asia/Shanghai")
    assert flow.d4_sheet_due(at, CAL) == expected


# -- D3: appointment input ----------------------------------------------------
NOW = pendulum.datetime(2026, 11, 27, 10, 0, tz="Asia/Shanghai")  # a Friday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+1 14:00", (2026, 11, 30, 14, 0)),  # next working day: Monday
        ("+1", (2026, 11, 30, 9, 0)),
        ("+2 9:30", (2026, 12, 1, 9, 30)),
        ("11-28 10:00", (2026, 11, 28, 10, 0)),  # a Saturday is allowed; the screen says so
        ("2026-12-03 08:15", (2026, 12, 3, 8, 15)),
        ("today 15:00", (2026, 11, 27, 15, 0)),
        ("今天 15:00", (2026, 11, 27, 15, 0)),
        ("16:30", (2026, 11, 27, 16, 30)),
        ("01-05 10:00", (2027, 1, 5, 10, 0)),  # a past month-day means next year
    ],
)
def test_d3_appointment_input_understands_working_days(text: str, expected: tuple) -> None:
    got = flow.parse_appointment(text, NOW, CAL)
    assert got == pendulum.datetime(*expected, tz="Asia/Shanghai")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Type a visit time"),
        ("next tuesday", "Type a visit time"),
        ("2026-02-30", "not a real date"),
        ("+1 25:00", "not a real date"),
        ("09:00", "already passed"),
        ("2026-11-26 10:00", "already passed"),
        ("2027-06-01", "days ahead"),
    ],
)
def test_d3_appointment_input_refuses_nonsense(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as err:
        flow.parse_appointment(text, NOW, CAL)
    assert err.value.field == "appointment"


def test_day_kind_is_available_for_the_preview() -> None:
    assert CAL.day_kind(date(2026, 11, 28)) == "weekend"
    assert CAL.day_kind(date(2026, 11, 30)) == "workday"


# -- D3, W1: the picker's arrow keys -------------------------------------------
def _sh(*args: int) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz="Asia/Shanghai")


@pytest.mark.parametrize(
    ("current", "now", "days", "minutes", "expected"),
    [
        (None, (2026, 11, 27, 10), 1, 0, (2026, 11, 30, 9, 0)),  # nothing typed: Monday 09:00
        ((2026, 11, 27, 14), (2026, 11, 27, 10), 1, 0, (2026, 11, 30, 14, 0)),  # over the weekend
        ((2026, 11, 30, 14), (2026, 11, 27, 10), -1, 0, (2026, 11, 27, 14, 0)),  # and back
        ((2026, 9, 30, 10), (2026, 9, 29, 10), 1, 0, (2026, 10, 8, 10, 0)),  # over National Day
        ((2026, 10, 9, 10), (2026, 9, 29, 10), 1, 0, (2026, 10, 10, 10, 0)),  # adjusted Saturday
        ((2026, 11, 30, 14), (2026, 11, 27, 10), 0, 30, (2026, 11, 30, 14, 30)),
        ((2026, 11, 27, 14), (2026, 11, 27, 10), -1, 0, (2026, 11, 27, 14, 0)),  # not into the past
        ((2026, 11, 27, 10, 15), (2026, 11, 27, 10), 0, -30, (2026, 11, 27, 10, 15)),
    ],
)
def test_d3_picker_steps_by_working_days(
    current: tuple | None, now: tuple, days: int, minutes: int, expected: tuple
) -> None:
    start = _sh(*current) if current else None
    got = flow.step_appointment(start, _sh(*now), CAL, days=days, minutes=minutes)
    assert got == _sh(*expected)
    assert (
        flow.parse_appointment(
            got.in_tz("Asia/Shanghai").format("YYYY-MM-DD HH:mm"), _sh(*now), CAL
        )
        == got
    )
