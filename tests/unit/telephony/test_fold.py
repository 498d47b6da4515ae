"""The PBX event model: idempotent by call id, any order, lost calls (H1)."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pendulum
import pytest

from hotline_tui.domain import telephony as tel

T = pendulum.datetime(2026, 11, 23, 2, 0, tz="UTC")


def ev(kind: str, secs: float, **kw: str) -> tel.CallEvent:
    return tel.CallEvent(kind, "c1", T.add(seconds=secs), **kw)


ANSWERED = [
    ev("newCall", 0, from_number="02162345678", to_number="4008", extension="101"),
    ev("answer", 12, answering_number="101"),
    ev("hangup", 90, cause="normalClearing"),
]
MISSED = [ev("newCall", 0, from_number="13812345678"), ev("hangup", 30, cause="cancel")]


def run(events: list[tel.CallEvent]) -> tel.CallState:
    s = None
    for e in events:
        s = tel.fold(s, e)
    assert s is not None
    return s


@pytest.mark.parametrize("events", [ANSWERED, MISSED])
def test_any_order_any_repeat_gives_the_same_call(events: list[tel.CallEvent]) -> None:
    expected = run(events)
    for order in itertools.permutations(events):
        assert run(list(order)) == expected
        assert run(list(order) + list(order)) == expected  # duplicated


def test_answered_call_has_ring_and_talk_time() -> None:
    s = run(ANSWERED)
    assert s.status == "answered"
    assert s.ring_seconds() == 12 and s.talk_seconds() == 78
    assert s.extension == "101" and s.caller == "02162345678"


def test_unanswered_call_is_missed() -> None:
    s = run(MISSED)
    assert s.status == "missed" and s.ring_seconds() == 30


def test_hangup_naming_who_answered_proves_the_answer() -> None:
    s = run([ev("newCall", 0), ev("hangup", 40, answering_number="101", cause="normalClearing")])
    assert s.answered


def test_call_without_hangup_is_closed_as_lost_after_the_set_time() -> None:
    s = run([ev("newCall", 0, from_number="13812345678")])
    assert tel.close_if_stale(s, T.add(minutes=5), timedelta(minutes=120)) == s
    lost = tel.close_if_stale(s, T.add(minutes=121), timedelta(minutes=120))
    assert lost.status == "lost" and lost.ended_at == T
    # the hang-up turning up late still wins
    assert tel.fold(lost, ev("hangup", 20, cause="cancel")).status == "missed"


def test_h1_late_pickup_after_five_rings() -> None:
    assert not tel.late_pickup(25, seconds_per_ring=5, apology_after=5)
    assert tel.late_pickup(26, seconds_per_ring=5, apology_after=5)
    assert tel.within_rings(15, 5, 3) and not tel.within_rings(16, 5, 3)


@pytest.mark.parametrize(
    "bad",
    [
        dict(kind="ring", call_id="x"),
        dict(kind="newCall", call_id=""),
        dict(kind="newCall", call_id="x" * 251),
        dict(kind="newCall", call_id="x", direction="sideways"),
    ],
)
def test_bad_events_are_refused(bad: dict) -> None:
    with pytest.raises(tel.BadEvent):
        tel.CallEvent(at=T, **bad)
