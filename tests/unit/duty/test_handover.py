"""Start of duty and the explicit handover (R2, R3, H10) on both databases."""

from __future__ import annotations

from datetime import date, time

import pytest

from hotline_tui.config import Settings, ShiftTime
from hotline_tui.domain.errors import PermissionDenied, ValidationError
from hotline_tui.services.duty import handover as svc
from hotline_tui.services.duty import roster
from hotline_tui.services.duty import sessions as duty
from hotline_tui.store.models import (
    AuditEntry,
    Call,
    Callback,
    CallEvent,
    DispatchRequest,
    Handover,
    HandoverItem,
)
from tests.unit.duty.conftest import local, make_work


def _sign_in_evening(staff, ctx_for, clock, at=(16, 55)):
    clock.set(local(2026, 11, 23, *at))
    return svc.sign_in_for_duty(ctx_for(staff["operator"]))


def _accept_all(ctx, start) -> Handover:
    for item in HandoverItem.select().where(HandoverItem.handover == start.handovers[0]):
        svc.accept_item(ctx, item.id)
    return Handover.get_by_id(start.handovers[0].id)


def test_r3_handover_lists_every_unresolved_item(staff, ctx_for, clock, day_and_evening) -> None:
    work = make_work(staff["operator2"], clock.now())
    start = _sign_in_evening(staff, ctx_for, clock)
    assert not start.off_roster and len(start.handovers) == 1
    h = start.handovers[0]
    assert h.from_staff_id == staff["operator2"].id and h.to_staff_id == staff["operator"].id
    kinds = sorted((i.item_kind, i.item_id) for i in h.items)
    assert kinds == sorted(
        [(k, work[k].id) for k in ("call", "consultation", "callback", "dispatch")]
    )  # the solved call is not handed over
    assert h.due_at == local(2026, 11, 23, 17, 30)  # R3: 30 minutes from the shift start


def test_r3_handover_accepted_at_29_minutes_is_on_time(
    staff, ctx_for, clock, day_and_evening
) -> None:
    work = make_work(staff["operator2"], clock.now())
    start = _sign_in_evening(staff, ctx_for, clock)
    clock.set(local(2026, 11, 23, 17, 29))
    h = _accept_all(ctx_for(staff["operator"]), start)
    assert h.status == "completed" and h.completed_at == clock.now()
    assert duty.handover_on_time(h) and not duty.handover_overdue(h, clock.now().add(hours=1))
    me = staff["operator"].id
    assert Call.get_by_id(work["call"].id).owner_id == me  # H10: ownership moved
    assert Call.get_by_id(work["consultation"].id).owner_id == me
    assert Callback.get_by_id(work["callback"].id).owner_id == me
    assert DispatchRequest.get_by_id(work["dispatch"].id).requested_by_id == me
    event = CallEvent.get(CallEvent.call == work["call"].id, CallEvent.kind == "handover")
    assert event.detail["from"] == staff["operator2"].id and event.detail["to"] == me
    taken = AuditEntry.select().where(AuditEntry.action == "handover.take_over").count()
    assert taken == 4


def test_r3_handover_accepted_at_31_minutes_is_overdue(
    staff, ctx_for, clock, day_and_evening
) -> None:
    make_work(staff["operator2"], clock.now())
    start = _sign_in_evening(staff, ctx_for, clock)
    clock.set(local(2026, 11, 23, 17, 31))
    assert duty.handover_overdue(start.handovers[0], clock.now())  # the manager sees it
    h = _accept_all(ctx_for(staff["operator"]), start)
    assert h.status == "completed" and not duty.handover_on_time(h)
    assert duty.handover_overdue(h, clock.now())


def test_r3_item_created_during_the_shift_joins_the_open_handover(
    staff, ctx_for, clock, day_and_evening
) -> None:
    work = make_work(staff["operator2"], clock.now())
    start = _sign_in_evening(staff, ctx_for, clock)
    ctx = ctx_for(staff["operator"])
    for item in start.handovers[0].items:
        svc.accept_item(ctx, item.id)
    assert Handover.get_by_id(start.handovers[0].id).status == "completed"
    # A fresh handover: the outgoing operator promises one more callback at 16:58.
    Handover.delete().execute()
    late = Callback.create(
        kind="F1", owner=staff["operator2"], due_at=clock.now().add(days=3), created_at=clock.now()
    )
    start = svc.sign_in_for_duty(ctx)
    assert [(i.item_kind, i.item_id) for i in start.handovers[0].items] == [("callback", late.id)]
    # ... and one made while the handover is open is added on the next look.
    extra = Callback.create(
        kind="F1", owner=staff["operator2"], due_at=clock.now().add(days=3), created_at=clock.now()
    )
    hs = svc.refresh_my_handovers(ctx)
    assert {i.item_id for i in hs[0].items} == {late.id, extra.id}
    assert work["callback"].id not in {i.item_id for i in hs[0].items}


def test_r3_shift_across_midnight_hands_over_in_the_morning(staff, ctx_for, clock) -> None:
    nights = Settings(
        shifts=(
            ShiftTime("day", time(8, 30), time(17, 0)),
            ShiftTime("night", time(17, 0), time(8, 30)),
        )
    )
    mgr = ctx_for(staff["manager"])
    mgr.settings = nights
    roster.assign(mgr, date(2026, 11, 22), "night", staff["operator2"].id)
    roster.assign(mgr, date(2026, 11, 23), "day", staff["operator"].id)
    make_work(staff["operator2"], local(2026, 11, 23, 3, 0))
    clock.set(local(2026, 11, 23, 8, 35))
    ctx = ctx_for(staff["operator"])
    ctx.settings = nights
    start = svc.sign_in_for_duty(ctx)
    assert start.shift.day == date(2026, 11, 23) and len(start.handovers) == 1
    assert start.handovers[0].due_at == local(2026, 11, 23, 9, 0)
    assert start.item_count == 4


def test_r3_holiday_duty_is_handed_over_like_any_other(staff, ctx_for, clock) -> None:
    national_day = date(2026, 10, 1)
    mgr = ctx_for(staff["manager"])
    roster.assign(mgr, national_day, "day", staff["operator2"].id)
    roster.assign(mgr, national_day, "evening", staff["operator"].id)
    make_work(staff["operator2"], local(2026, 10, 1, 9, 0))
    clock.set(local(2026, 10, 1, 17, 5))
    start = svc.sign_in_for_duty(ctx_for(staff["operator"]))
    assert start.item_count == 4 and start.handovers[0].due_at == local(2026, 10, 1, 17, 30)


def test_r3_flagged_item_blocks_completion_until_accepted(
    staff, ctx_for, clock, day_and_evening
) -> None:
    make_work(staff["operator2"], clock.now())
    start = _sign_in_evening(staff, ctx_for, clock)
    ctx = ctx_for(staff["operator"])
    items = list(start.handovers[0].items)
    with pytest.raises(ValidationError):
        svc.flag_item(ctx, items[0].id, "  ")
    svc.flag_item(ctx, items[0].id, "客户同意几点回电?")
    for item in items[1:]:
        svc.accept_item(ctx, item.id)
    assert Handover.get_by_id(start.handovers[0].id).status == "open"
    with pytest.raises(ValidationError):
        svc.acknowledge(ctx, start.handovers[0].id)
    assert HandoverItem.get_by_id(items[0].id).question == "客户同意几点回电?"
    svc.accept_item(ctx, items[0].id)
    assert Handover.get_by_id(start.handovers[0].id).status == "completed"


def test_r3_only_the_incoming_operator_accepts(staff, ctx_for, clock, day_and_evening) -> None:
    make_work(staff["operator2"], clock.now())
    start = _sign_in_evening(staff, ctx_for, clock)
    item = start.handovers[0].items.first()
    with pytest.raises(PermissionDenied):
        svc.accept_item(ctx_for(staff["operator2"]), item.id)


def test_r3_signing_in_twice_opens_no_second_handover(
    staff, ctx_for, clock, day_and_evening
) -> None:
    make_work(staff["operator2"], clock.now())
    first = _sign_in_evening(staff, ctx_for, clock)
    again = _sign_in_evening(staff, ctx_for, clock, at=(17, 2))
    assert again.session.id == first.session.id
    assert Handover.select().count() == 1 and HandoverItem.select().count() == 4


@pytest.mark.parametrize(("minute", "on_time"), [(10, True), (11, False)])
def test_r2_readiness_within_10_minutes(
    staff, ctx_for, clock, day_and_evening, minute, on_time
) -> None:
    start = _sign_in_evening(staff, ctx_for, clock, at=(17, minute))
    assert start.session.ready_at == clock.now()
    assert duty.ready_on_time(start.session, Settings()) is on_time


def test_off_roster_sign_in_is_marked_and_takes_over_nothing(staff, ctx_for, clock) -> None:
    make_work(staff["operator2"], clock.now())
    start = svc.sign_in_for_duty(ctx_for(staff["operator"]))
    assert start.off_roster and start.session.off_roster and start.handovers == []
    assert duty.ready_on_time(start.session, Settings()) is None
    assert Handover.select().count() == 0


def test_r3_end_of_duty_note_reaches_the_incoming_operator(
    staff, ctx_for, clock, day_and_evening
) -> None:
    work = make_work(staff["operator2"], clock.now())
    out = ctx_for(staff["operator2"])
    clock.set(local(2026, 11, 23, 8, 30))
    svc.sign_in_for_duty(out)
    assert len(duty.missing_notes(staff["operator2"].id)) == 4  # the reminder
    clock.set(local(2026, 11, 23, 16, 50))
    key = f"call:{work['call'].id}"
    duty.end_of_duty(out, "下午来电较多,宏达的问题待会诊", {key: "客户 17:30 前要回电"}, False)
    assert len(duty.missing_notes(staff["operator2"].id)) == 3
    start = _sign_in_evening(staff, ctx_for, clock)
    h = start.handovers[0]
    assert h.note.startswith("下午来电较多")
    notes = {f"{i.item_kind}:{i.item_id}": i.note for i in h.items}
    assert notes[key] == "客户 17:30 前要回电"


def test_r4_away_only_with_a_reason(staff, ctx_for, clock, day_and_evening) -> None:
    ctx = ctx_for(staff["operator"])
    with pytest.raises(ValidationError):
        duty.mark_away(ctx, "去茶水间")  # not signed in for duty yet
    _sign_in_evening(staff, ctx_for, clock)
    with pytest.raises(ValidationError) as exc:
        duty.mark_away(ctx, " ")
    assert exc.value.field == "reason"
    session = duty.mark_away(ctx, "去机房取加密锁")
    seen = duty.sessions_of_day(Settings(), date(2026, 11, 23))
    assert [(s.staff.name, s.away_reason) for s in seen] == [("王丽", "去机房取加密锁")]
    assert duty.mark_back(ctx).away_since is None and session.id == seen[0].id


def test_r3_overdue_handovers_are_listed_for_the_manager(
    staff, ctx_for, clock, day_and_evening
) -> None:
    make_work(staff["operator2"], clock.now())
    clock.set(local(2026, 11, 23, 17, 5))
    start = svc.sign_in_for_duty(ctx_for(staff["operator"]))
    assert duty.overdue_handovers(local(2026, 11, 23, 17, 30)) == []  # due at 17:30 exactly
    late = duty.overdue_handovers(local(2026, 11, 23, 17, 31))
    assert [h.id for h in late] == [h.id for h in start.handovers]
    for item in start.handovers[0].items:
        svc.accept_item(ctx_for(staff["operator"]), item.id)
    assert duty.overdue_handovers(local(2026, 11, 23, 17, 31)) == []  # completed: off the list


def test_r3_outgoing_operator_answers_the_question_on_an_item(
    staff, ctx_for, clock, day_and_evening
) -> None:
    make_work(staff["operator2"], clock.now())
    start = _sign_in_evening(staff, ctx_for, clock)
    incoming, outgoing = ctx_for(staff["operator"]), ctx_for(staff["operator2"])
    items = list(start.handovers[0].items)
    with pytest.raises(ValidationError):  # nothing asked yet
        duty.answer_question(outgoing, items[0].id, "18:00")
    svc.flag_item(incoming, items[0].id, "客户同意几点回电?")
    with pytest.raises(PermissionDenied):  # only the one who handed it over answers
        duty.answer_question(incoming, items[0].id, "18:00")
    with pytest.raises(ValidationError):
        duty.answer_question(outgoing, items[0].id, "   ")
    assert svc.my_handover(outgoing).questions[0].id == items[0].id  # shown to them
    duty.answer_question(outgoing, items[0].id, "18:00 前回电")
    row = next(r for r in svc.my_handover(incoming).items if r.id == items[0].id)
    assert (row.status, row.question, row.answer) == (
        "flagged",
        "客户同意几点回电?",
        "18:00 前回电",
    )
    assert AuditEntry.select().where(AuditEntry.action == "handover.answer").count() == 1
