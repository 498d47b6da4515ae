"""F4: key/VIP units get yearly on-site inspections, scheduled as promises."""

from __future__ import annotations

import dataclasses
from datetime import date

from hotline_tui.services.callbacks.care import schedule_care_callbacks
from hotline_tui.services.callbacks.queries import callback_detail
from hotline_tui.services.review.open_items import open_items
from hotline_tui.store.models import Callback
from tests.unit.callbacks.conftest import local, units  # noqa: F401


def test_f4_key_and_vip_units_get_a_yearly_inspection(staff, ctx_for, units, clock) -> None:  # noqa: F811
    ctx = ctx_for(staff["specialist"])
    upto = date(2027, 12, 31)
    res = schedule_care_callbacks(ctx, upto, birthdays=False, holidays=False)
    assert res.created["inspection"] == 1  # the VIP unit only
    cb = Callback.get(Callback.kind == "inspection")
    assert cb.customer_id == units["vip"].id and cb.due_rule == "F4"
    assert cb.due_at == local(2027, 11, 23, 10, 0)  # a year after the unit was recorded
    item = next(i for i in open_items(kinds=["callback"]) if i.id == cb.id)
    assert item.due_at == cb.due_at  # a promise on the open items like any other
    assert "inspection" in callback_detail(ctx, cb.id).flags  # the script's inspection line
    again = schedule_care_callbacks(ctx, upto, birthdays=False, holidays=False)
    assert "inspection" not in again.created  # one open at a time


def test_f4_two_inspections_a_year_is_a_setting(staff, ctx_for, units) -> None:  # noqa: F811
    ctx = ctx_for(staff["specialist"])
    policy = dataclasses.replace(ctx.policy, inspections_per_year=2)
    twice = dataclasses.replace(ctx, settings=ctx.settings.with_overrides(policy=policy))
    schedule_care_callbacks(twice, date(2027, 6, 30), birthdays=False, holidays=False)
    cb = Callback.get(Callback.kind == "inspection")
    assert cb.due_at == local(2027, 5, 23, 10, 0)  # six months after
