"""Forms an operator can type into at once (H3, F5, F6, C6): the first field has
the focus, Enter moves on, a script's keys drive the script, F1 is help everywhere."""

from __future__ import annotations

from textual.widgets import Input

from hotline_tui.ui.screens.calls.intake import IntakeScreen
from hotline_tui.ui.widgets.callbacks.work import CallbackWorkDialog
from hotline_tui.ui.widgets.complaints.form import ComplaintForm
from tests.ui.callbacks.test_callbacks import _callback
from tests.ui.callbacks.test_callbacks import _open as open_callbacks
from tests.ui.calls.test_intake import type_text
from tests.ui.helpers import SIZE, make_app, settle, sign_in


async def test_c6_complaint_form_opens_with_the_first_field_focused(sqlite_staff, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ComplaintForm)
        assert form.focused is not None and form.focused.id == "f-source"
        form.query_one("#f-complainant_unit", Input).focus()
        await type_text(pilot, "宏达")
        await pilot.press("enter")  # Enter moves on
        await settle(pilot)
        assert form.focused is not None and form.focused.id == "f-complainant"
        assert form.query_one("#f-complainant_unit", Input).value == "宏达"


async def test_h3_f1_is_help_on_the_call_screen_and_enter_moves_on(sqlite_staff, clock) -> None:
    from textual.widgets import HelpPanel

    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        await pilot.press("f2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        await pilot.press("f1")
        await settle(pilot)
        assert screen.query(HelpPanel)  # the keys, as on every screen
        await pilot.press("f1")
        await settle(pilot)
        await pilot.press("ctrl+e")  # the phrases moved here
        await settle(pilot)
        assert "话术" in str(app.screen.query("*").first().render()) or app.screen is not screen
        await pilot.press("escape")
        await settle(pilot)
        screen.query_one("#f-product", Input).focus()
        await type_text(pilot, "U8")
        await pilot.press("enter")
        assert screen.focused is not None and screen.focused.id == "f-version_text"


async def test_f5_after_p_the_keys_drive_the_script_not_the_reason(sqlite_staff, clock) -> None:
    _callback(sqlite_staff, clock, kind="F4")
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_callbacks(pilot)
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CallbackWorkDialog)
        await pilot.press("y", "space", "n")
        await type_text(pilot, "report totals wrong")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog and dialog.focused is None
        reason = dialog.query_one("#cw-reason", Input).value
        await pilot.press("y")
        await settle(pilot)
        assert dialog.query_one("#cw-reason", Input).value == reason  # not typed into
        assert dialog.focused is None  # still the script's keys
