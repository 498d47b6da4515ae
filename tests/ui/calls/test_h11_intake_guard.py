"""H11 at the desk: a symptom asking for a password reset gets the category
proposed; without the written authorization the call is not solved; a reason
why it is not such a request lets it through and stays on the record."""

from __future__ import annotations

from hotline_tui.store.models import Call, CallEvent
from tests.ui.calls.test_intake import describe, start_call, type_text, unit  # noqa: F401
from tests.ui.helpers import SIZE, make_app, screen_text, settle


async def test_h11_symptom_request_is_proposed_and_guarded(sqlite_staff, clock, unit) -> None:  # noqa: F811
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_call(pilot)
        await describe(pilot, "客户忘记了账套主管密码,要求重置")
        for _ in range(100):  # the proposal follows the typing (debounced): poll
            await settle(pilot)
            if "涉及" in screen_text(app):
                break
            await pilot.pause(0.05)
        assert "涉及密码重置" in screen_text(app)  # the desk proposes the category
        screen.query_one("#f-resolution").focus()
        await type_text(pilot, "告知了重置方法")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "书面授权" in screen_text(app) and Call.get().status == "open"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "已登记联系人:王建国" in screen_text(app)  # chosen from the unit's contacts
        for _ in range(3):
            await pilot.press("tab")
        await type_text(pilot, "只是咨询流程,客户未要求重置")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    call = Call.get()
    assert call.status == "solved"
    ev = CallEvent.get(CallEvent.kind == "auth_waived")
    assert ev.detail["reason"] == "只是咨询流程,客户未要求重置"
