# ruff: noqa: F811 - fixtures imported from the neighbouring test modules
"""No silent keys (D1, R3): a key this role can never use is not offered and
answers with one line saying who may, in words; the same on every screen."""

from __future__ import annotations

from hotline_tui.store.models import DispatchRequest
from hotline_tui.ui.screens.calls.desk import DeskScreen
from tests.ui.dispatch.test_dispatch import _open, request_id  # noqa: F401
from tests.ui.helpers import SIZE, make_app, settle, sign_in


def _notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_d1_engineer_pressing_verify_or_assign_is_told_who_may(
    sqlite_staff,
    request_id,
    clock,
) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "3001")  # the field engineer
        assert app.screen.check_action("verify", ()) is False  # not offered
        await pilot.press("v")
        await settle(pilot)
        assert "只有服务部经理可以审核派单" in _notices(app)
        await pilot.press("a")
        await settle(pilot)
        assert "只有服务部经理可以指派派单" in _notices(app)
        assert not any("dispatch." in n for n in _notices(app))  # no permission names
    assert DispatchRequest.get_by_id(request_id).state == "requested"


async def test_operator_pressing_f11_or_f12_is_told_who_may(sqlite_staff, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        await pilot.press("f11")
        await settle(pilot)
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        notes = _notices(app)
        assert any(n.startswith("只有服务部经理、质量监督员可以打开") for n in notes), notes
        assert len([n for n in notes if n.startswith("只有")]) == 2


async def test_d1_service_refusal_names_roles_in_words_not_the_permission(
    sqlite_staff,
    request_id,
    ctx_for,
) -> None:
    import pytest

    from hotline_tui.domain.errors import PermissionDenied
    from hotline_tui.services.dispatch import orders as svc

    with pytest.raises(PermissionDenied) as err:
        svc.verify(ctx_for(sqlite_staff["engineer"]), request_id)
    assert "只有服务部经理可以审核派单" in str(err.value)
    assert "dispatch.verify" not in str(err.value)


async def test_h10_operator_pressing_reassign_on_callbacks_is_told_who_may(
    sqlite_staff, clock
) -> None:
    from tests.ui.callbacks.test_callbacks import _callback
    from tests.ui.callbacks.test_callbacks import _open as open_callbacks

    cb = _callback(sqlite_staff, clock)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_callbacks(pilot)
        assert app.screen.check_action("reassign", ()) is False  # not offered
        await pilot.press("g")
        await settle(pilot)
        assert "只有服务部经理可以改派事项" in _notices(app)
    from hotline_tui.store.models import Callback

    assert Callback.get_by_id(cb.id).owner_id == sqlite_staff["operator"].id
