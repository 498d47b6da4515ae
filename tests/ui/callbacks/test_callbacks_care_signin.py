"""F4 care calls are made when the specialist who owns them signs in, without
opening F8; the schedule runs in a worker and a failure never stops sign-in."""

from __future__ import annotations

from hotline_tui.services.base import ServiceContext
from hotline_tui.services.callbacks import care as callback_care
from hotline_tui.store.models import Callback
from hotline_tui.ui.screens.calls.desk import DeskScreen
from tests.ui.helpers import SIZE, make_app, sign_in
from tests.unit.callbacks.conftest import make_unit


def _vip_owed_care(staff, clock):
    """A VIP unit sold two months ago: a monthly care call (F4) is owed now."""
    ctx = ServiceContext(staff["manager"], clock=clock)
    return make_unit(ctx, "北京远景贸易有限公司", "vip", sold_at=clock.now().subtract(months=2))


def _care_calls() -> list[Callback]:
    return list(Callback.select().where(Callback.kind == "F4"))


async def test_f4_care_callbacks_scheduled_at_specialist_sign_in(sqlite_staff, clock) -> None:
    unit = _vip_owed_care(sqlite_staff, clock)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")  # an operator owns no care calls: nothing made
        assert isinstance(app.screen, DeskScreen) and _care_calls() == []
        app.exit()
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "6001")  # the service specialist; F8 never opened
        assert isinstance(app.screen, DeskScreen)
        (care,) = _care_calls()
        assert care.customer_id == unit.id and care.owner_id == sqlite_staff["specialist"].id
        assert care.status == "open" and app.care_scheduled
        assert any("已创建关怀回访:1" in str(n.message) for n in app._notifications)


async def test_f4_failed_care_schedule_does_not_break_sign_in(
    sqlite_staff, clock, monkeypatch
) -> None:
    _vip_owed_care(sqlite_staff, clock)

    def broken(ctx):
        raise RuntimeError("database went away")

    monkeypatch.setattr(callback_care, "schedule_care_callbacks", broken)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "6001")
        assert isinstance(app.screen, DeskScreen) and app.ctx is not None
        notes = [str(n.message) for n in app._notifications]
        assert any("RuntimeError" in n for n in notes), notes
        assert _care_calls() == [] and not app.care_scheduled  # F8 will try again
