"""Only 王丽 can be 1001: the desk's sign-in tried as an impostor would, with
Pilot typing at the real app (wrong and right passwords, lockout, the idle
lock, step-up, a one-time password), and the database checked after."""

from __future__ import annotations

import pytest

from hotline_tui.config import load_settings
from hotline_tui.services.auth import sign_in as auth
from hotline_tui.services.base import ServiceContext
from hotline_tui.services.customers import contacts as customers
from hotline_tui.store.models import Credential, Draft, SignInEvent
from hotline_tui.ui.screens.auth.lock import ChangePassword, LockScreen, StepUp
from hotline_tui.ui.screens.calls.desk import DeskScreen
from hotline_tui.ui.screens.calls.intake import IntakeScreen
from tests.ui.helpers import SIZE, make_app, screen_text, settle, sign_in

WRONG = "工号或密码不正确"


def _error(app) -> str:
    return str(app.screen.query_one("#signin-error").render())


def _events(agent_no: str) -> list[str]:
    q = SignInEvent.select().where(SignInEvent.agent_no == agent_no).order_by(SignInEvent.id)
    return [e.event for e in q]


async def test_a_wrong_password_is_refused_and_the_right_one_signs_in(sqlite_staff, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001", "hotline-9001")  # the manager's password: no
        assert app.ctx is None and WRONG in _error(app)
        assert "hotline-9001" not in screen_text(app)  # the password is never shown
        await pilot.press(*"hotline-1001", "enter")  # the number is kept; only the password
        await settle(pilot)
        assert app.ctx is not None and app.ctx.actor.agent_no == "1001"
        await pilot.press("ctrl+q")  # leaving is signing out
        await settle(pilot)
    rows = list(SignInEvent.select().where(SignInEvent.agent_no == "1001").order_by(SignInEvent.id))
    assert [r.event for r in rows] == ["failure", "sign_in", "sign_out"]
    assert rows[1].host == app.place.host and rows[1].os_user == app.place.os_user


async def test_an_unknown_number_gets_the_same_message_as_a_wrong_password(
    sqlite_staff, clock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "4242")
        unknown = _error(app)
        app.screen.query_one("#agent-no").value = ""
        app.screen.query_one("#agent-no").focus()
        await sign_in(pilot, "1001", "not-her-password")
        assert _error(app) == unknown and WRONG in unknown
        assert app.ctx is None
    assert _events("4242") == ["failure"] and _events("1001") == ["failure"]


async def test_lockout_after_five_failures_and_a_manager_unlocks_it(sqlite_staff, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001", "guess-0")
        for n in range(1, 5):
            await pilot.press(*f"guess-{n}", "enter")
            await settle(pilot)
        assert "锁定" in _error(app)
        await pilot.press(*"hotline-1001", "enter")  # even the right password now
        await settle(pilot)
        assert app.ctx is None and "锁定" in _error(app)
    assert _events("1001") == ["failure"] * 5 + ["lockout", "failure"]
    # the manager unlocks it on the sign-in log screen
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "9001")
        await pilot.press("ctrl+right_square_bracket")
        await settle(pilot)
        assert "登录记录" in screen_text(app) and "已锁定" in screen_text(app)
        await pilot.press("u")
        await settle(pilot)
        app.screen.query_one("Input").value = "1001"
        await pilot.press("enter")
        await settle(pilot)
        assert "已解锁" in screen_text(app)
    assert Credential.get(Credential.staff == sqlite_staff["operator"].id).locked_until is None
    assert SignInEvent.get(SignInEvent.event == "unlock").by_no == "9001"
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        assert app.ctx is not None


async def test_the_sign_in_log_is_not_for_operators(sqlite_staff, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        desk = app.screen
        await pilot.press("ctrl+right_square_bracket")
        await settle(pilot)
        assert app.screen is desk


async def _half_typed_call(pilot) -> IntakeScreen:
    await sign_in(pilot, "1001")
    await pilot.press("f2")
    await settle(pilot)
    intake = pilot.app.screen
    assert isinstance(intake, IntakeScreen)
    intake.query_one("#f-symptom").focus()
    await pilot.press(*"月末结账提示")
    await settle(pilot)
    return intake


async def test_idle_lock_keeps_a_half_typed_call_for_the_same_person(sqlite_staff, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        intake = await _half_typed_call(pilot)
        clock.advance(minutes=9)
        app.lock_if_idle()  # what the app's timer runs
        assert app.screen is intake  # not yet: 10 minutes by default
        clock.advance(minutes=2)
        app.lock_if_idle()
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert "月末结账" not in screen_text(app)  # the desk is covered
        await pilot.press("f3", "f2")  # nothing opens behind the cover
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        await pilot.press(*"hotline-1002", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen) and WRONG in screen_text(app)
        await pilot.press(*"hotline-1001", "enter")
        await settle(pilot)
        assert app.screen is intake
        assert intake.query_one("#f-symptom").text == "月末结账提示"
        assert app.ctx.proven_at == clock.now()


async def test_someone_else_at_a_locked_desk_only_after_the_call_is_a_draft(
    sqlite_staff, clock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _half_typed_call(pilot)
        await pilot.press("ctrl+underscore")  # the operator locks the desk on leaving
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        await pilot.press("ctrl+o")
        await pilot.press(*"1002", "enter", *"hotline-1002", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen) and app.ctx.actor.agent_no == "1002"
        assert "1002 李强" in screen_text(app)
    draft = Draft.get(Draft.staff == sqlite_staff["operator"].id)
    assert draft.data["symptom"] == "月末结账提示"
    assert not Draft.select().where(Draft.staff == sqlite_staff["operator2"].id).exists()
    assert _events("1001") == ["sign_in", "sign_out"]


async def test_s2_step_up_asks_the_password_again_after_fifteen_minutes(
    sqlite_staff, clock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "9001")
        clock.advance(minutes=16)
        await pilot.press("ctrl+backslash")  # the access log
        await settle(pilot)
        assert isinstance(app.screen, StepUp)
        await pilot.press(*"hotline-1001", "enter")  # not hers
        await settle(pilot)
        assert isinstance(app.screen, StepUp) and WRONG in screen_text(app)
        await pilot.press(*"hotline-9001", "enter")
        await settle(pilot)
        assert "借阅记录" in screen_text(app) and not isinstance(app.screen, StepUp)
        assert app.ctx.proven_at == clock.now()


async def test_a_one_time_password_must_be_changed_before_anything_else(
    sqlite_staff, clock
) -> None:
    boss = ServiceContext(actor=sqlite_staff["manager"], clock=clock)
    one_time = auth.reset_password(boss, "1001")
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001", one_time)
        assert isinstance(app.screen, ChangePassword)
        await pilot.press("escape", "f2")  # neither leaves the dialog
        await settle(pilot)
        assert isinstance(app.screen, ChangePassword)
        await pilot.press(*one_time, "enter", *"mine-at-last", "enter", *"mine-at-last", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen) and not app.ctx.must_change
    assert auth.sign_in("1001", "mine-at-last", auth.SignInPlace(), clock=clock)


async def test_changing_my_password_in_the_app(sqlite_staff, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1002")
        await pilot.press("ctrl+circumflex_accent")
        await settle(pilot)
        assert isinstance(app.screen, ChangePassword)
        await pilot.press(*"hotline-1002", "enter", *"short", "enter", *"short", "enter")
        await settle(pilot)
        assert "至少 8 个字符" in screen_text(app)
        await pilot.press(*"a-longer-one", "enter", *"a-longer-one", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
    with pytest.raises(auth.SignInRefused):
        auth.sign_in("1002", "hotline-1002", auth.SignInPlace(), clock=clock)
    auth.sign_in("1002", "a-longer-one", auth.SignInPlace(), clock=clock)


async def test_s2_a_personal_settings_file_cannot_widen_access(
    sqlite_staff, clock, tmp_path, monkeypatch
) -> None:
    """confidential_roles = ["operator"] in the operator's own settings.toml: still
    the minimum view of a 机密 file, signed in through the desk."""
    boss = ServiceContext(actor=sqlite_staff["manager"], clock=clock)
    unit = customers.create_customer(
        boss, name="机要单位", confidentiality="confidential", address="机要路1号"
    )
    config = tmp_path / "mine.toml"
    config.write_text('confidential_roles = ["operator"]\n', encoding="utf-8")
    settings = load_settings(config, env={})
    assert settings.confidential_roles == ("operator",)
    app = make_app(clock, settings)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        view = customers.view_customer(app.ctx, unit.id)
    assert not view.full and view.customer.address == ""


async def test_s2_a_top_secret_file_asks_the_password_again_then_opens(sqlite_staff, clock) -> None:
    """The manager's proof is 20 minutes old: the 绝密 file opens only after the
    password, and only that opening is in the access log."""
    from hotline_tui.store.models import AccessLog

    boss = ServiceContext(actor=sqlite_staff["manager"], clock=clock)
    customers.create_customer(
        boss,
        name="绝密机要单位",
        confidentiality="top_secret",
        address="机要路9号",
        products=[{"product": "华信财务 U8", "version": "V13.0", "dongle_no": "HX90000009"}],
    )
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "9001")
        clock.advance(minutes=20)
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press(*"HX90000009", "enter")
        await settle(pilot)
        assert isinstance(app.screen, StepUp) and "机要路9号" not in screen_text(app)
        openings = AccessLog.select().where(AccessLog.purpose != "search")
        assert openings.count() == 0  # the search list's row is its own borrowing card
        await pilot.press(*"hotline-9001", "enter")
        await settle(pilot)
        assert "机要路9号" in screen_text(app)
    assert [a.view for a in openings] == ["full"]


async def test_a_manager_changes_the_security_settings_on_the_desk(sqlite_staff, clock) -> None:
    from hotline_tui.services.auth.security_settings import security_policy
    from hotline_tui.store.models import AuditEntry

    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "9001")
        await pilot.press("ctrl+right_square_bracket")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#sec-idle_minutes").value = "0"
        screen.query_one("#sec-confidential_roles").value = "质量监督员"
        screen.query_one("#sec-lockout_failures").value = "0"  # below the bounds
        screen.query_one("#sec-lockout_failures").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "1 到 100" in screen_text(app)
        screen.query_one("#sec-lockout_failures").value = "3"
        await pilot.press("enter")
        await settle(pilot)
        assert app.security.idle_minutes == 0
    policy = security_policy()
    assert (policy.idle_minutes, policy.lockout_failures) == (0, 3)
    assert policy.confidential_roles == ("supervisor",)
    changed = AuditEntry.select().where(AuditEntry.action == "security.change")
    assert sorted(a.record_id for a in changed) == [
        "confidential_roles",
        "idle_minutes",
        "lockout_failures",
    ]


async def test_idle_lock_follows_the_database_setting_zero_is_off(sqlite_staff, clock) -> None:
    from hotline_tui.services.auth.security_settings import update_security_settings

    boss = ServiceContext(actor=sqlite_staff["manager"], clock=clock)
    update_security_settings(boss, idle_minutes=0)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        clock.advance(hours=3)
        app.lock_if_idle()
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen) and not app.locked
