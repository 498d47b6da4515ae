"""Who a ringing call pops for: the extension it rings at, or every signed-in
operator on duty for a queue call, until somebody answers."""

from __future__ import annotations

from hotline_tui.domain.telephony import CallEvent
from hotline_tui.services.calls.pop import pops_for, take_phone_call
from hotline_tui.services.calls.telephony import ingest
from hotline_tui.store.models import Call, DutySession, PhoneCall


def _ring(settings, clock, call_id: str, **kw: str) -> None:
    at = clock.now()
    ingest(CallEvent("newCall", call_id, at, from_number="13812345678", **kw), "t", settings, at)


def _setup(staff, clock):
    a, b = staff["operator"], staff["operator2"]
    a.extension, b.extension = "101", "102"
    a.save()
    b.save()
    for s in (a, b):
        DutySession.create(staff=s, signed_in_at=clock.now())
    return a, b


def test_extension_call_pops_only_at_that_extension(staff, ctx_for, settings, clock) -> None:
    a, b = _setup(staff, clock)
    _ring(settings, clock, "e1", extension="101")
    assert [r.id for r in pops_for(ctx_for(a))] == [PhoneCall.get().id]
    assert pops_for(ctx_for(b)) == []


def test_queue_call_pops_on_every_duty_desk_until_one_answers(
    staff, ctx_for, settings, clock
) -> None:
    a, b = _setup(staff, clock)
    _ring(settings, clock, "q1", queue="hotline")
    assert len(pops_for(ctx_for(a))) == 1 and len(pops_for(ctx_for(b))) == 1
    assert pops_for(ctx_for(staff["manager"])) == []  # not signed in for duty
    at = clock.now().add(seconds=6)
    ingest(CallEvent("answer", "q1", at, answering_number="102"), "t", settings, at)
    assert pops_for(ctx_for(a)) == []  # answered elsewhere: gone
    mine = pops_for(ctx_for(b))
    assert len(mine) == 1 and mine[0].answered_here


def test_taking_a_call_twice_gives_one_record(staff, ctx_for, settings, clock) -> None:
    a, _b = _setup(staff, clock)
    _ring(settings, clock, "t1", extension="101")
    pid = PhoneCall.get().id
    first = take_phone_call(ctx_for(a), pid)
    assert take_phone_call(ctx_for(a), pid) == first
    assert Call.select().count() == 1 and pops_for(ctx_for(a)) == []
