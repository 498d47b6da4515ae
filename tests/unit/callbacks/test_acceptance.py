"""F3 from a typed date (the callbacks screen): the acceptance day in the center's
zone, refused when malformed or ahead, due 7 working days later; both databases
(clock: Monday 2026-11-23 10:00 Shanghai)."""

from __future__ import annotations

import pytest

from hotline_tui.domain.errors import ValidationError
from hotline_tui.services.callbacks.care import acceptance_time, record_project_acceptance_on
from hotline_tui.store.models import Callback
from tests.unit.callbacks.conftest import local, make_unit


def test_f3_typed_acceptance_day_is_that_days_end_or_now(staff, ctx_for) -> None:
    ctx = ctx_for(staff["operator"])
    assert acceptance_time(ctx, " 2026-11-20 ") == local(2026, 11, 20, 18, 0)
    assert acceptance_time(ctx, "2026-11-23") == ctx.now()  # today: not later than now


@pytest.mark.parametrize("typed", ["2026-11-24", "2026-11-3x", "2026-02-30", "", None])
def test_f3_bad_or_future_acceptance_day_is_refused_naming_the_field(staff, ctx_for, typed) -> None:
    ctx = ctx_for(staff["operator"])
    unit = make_unit(ctx, "温州瑞丰电子有限公司", "regular")
    with pytest.raises(ValidationError) as err:
        record_project_acceptance_on(ctx, unit.id, typed)
    assert err.value.field == "accepted_on"
    assert not Callback.select().where(Callback.kind == "F3").exists()


def test_f3_final_callback_due_seven_working_days_after_the_typed_day(staff, ctx_for) -> None:
    ctx = ctx_for(staff["operator"])
    unit = make_unit(ctx, "温州瑞丰电子有限公司", "regular")
    cb = record_project_acceptance_on(ctx, unit.id, "2026-11-20")
    assert cb.kind == "F3" and cb.customer_id == unit.id and cb.contact_id is not None
    assert cb.due_at == local(2026, 12, 1, 18, 0)  # Mon 23 .. Tue 1 December
    assert Callback.get_by_id(cb.id).owner_id == staff["operator"].id
