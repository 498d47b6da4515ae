"""S1/S2/S4 on the unit form: the responsible specialist, the installation date
and the secrecy period, typed as an operator would."""

from __future__ import annotations

from datetime import date

from hotline_tui.store.models import Customer
from hotline_tui.ui.widgets.customers.forms import CustomerDialog
from tests.ui.customers.test_customers import _open_customers, _type
from tests.ui.helpers import SIZE, make_app, settle


async def test_s1_s4_s2_new_unit_with_specialist_installation_and_secrecy(
    sqlite_staff, clock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open_customers(pilot, "1001")
        await pilot.press("tab")
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, CustomerDialog)
        await _type(pilot, "新单位")
        box = app.screen.query_one("#f-specialist_no")
        box.focus()
        await _type(pilot, "0000")  # nobody: refused on the field
        app.screen.query_one("#f-installed_on").focus()
        await _type(pilot, "2026-03-01")
        app.screen.query_one("#f-secrecy_until").focus()
        await _type(pilot, "2027-12-31")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CustomerDialog) and Customer.select().count() == 0
        box.clear()
        box.focus()
        await _type(pilot, sqlite_staff["specialist"].agent_no)
        await pilot.press("ctrl+s")
        await settle(pilot)
        c = Customer.get()
        assert c.specialist_id == sqlite_staff["specialist"].id
        assert (c.installed_on, c.secrecy_until) == (date(2026, 3, 1), date(2027, 12, 31))


async def test_s2_file_destroyed_on_the_screen_only_with_a_managers_approval(
    sqlite_staff, clock
) -> None:
    from hotline_tui.store.models import Contact
    from tests.ui.customers.test_customers import _unit

    unit = _unit(sqlite_staff, clock)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open_customers(pilot, "1001")
        app.screen.open_unit(unit.id)
        await settle(pilot)
        app.screen.set_focus(None)  # keys to the screen, not the search field
        await pilot.press("x")  # the operator asks, with a reason
        await settle(pilot)
        await _type(pilot, "客户已注销")
        await pilot.press("enter")
        await settle(pilot)
        assert Customer.get_by_id(unit.id).destroy_reason == "客户已注销"
        assert Customer.get_by_id(unit.id).destroyed_at is None
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open_customers(pilot, "9001")  # the manager approves
        app.screen.open_unit(unit.id)
        await settle(pilot)
        app.screen.set_focus(None)  # keys to the screen, not the search field
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert Customer.get_by_id(unit.id).destroyed_at == clock.now()
        assert Contact.select().where(Contact.customer == unit.id).count() == 0
