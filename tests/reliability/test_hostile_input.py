"""Bad input: hostile values give a clear error or a correct result, never a
crash, and nothing already stored changes (foundation services and the CLI)."""

from __future__ import annotations

import pendulum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotline_tui.cli import main
from hotline_tui.domain.errors import HotlineError
from hotline_tui.domain.phone import InvalidPhone, lookup_keys, normalize_phone
from hotline_tui.services.base import ServiceContext
from hotline_tui.services.customers import contacts as cust
from hotline_tui.store.db import close_database, open_database
from hotline_tui.store.models import AuditEntry, Contact, Customer, Staff

HOSTILE = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=6000),
    st.sampled_from(
        [
            "'; DROP TABLE customer; --",
            "\x00\x01\x02",
            "😀🔥" * 50,
            "%s %(x)s {0} {name}",
            "Robert'); DELETE FROM staff;--",
            "\u202e\u200b",
            "   ",
            "１３８１２３４５６７８",
        ]
    ),
    st.integers(),
    st.none(),
    st.floats(allow_nan=True),
    st.lists(st.text(max_size=5), max_size=3),
)

FIXTURE_OK = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _state() -> tuple:
    return (
        [(c.id, c.name, c.address, c.version) for c in Customer.select().order_by(Customer.id)],
        [(c.id, c.name, c.mobile) for c in Contact.select().order_by(Contact.id)],
    )


@FIXTURE_OK
@given(name=HOSTILE, address=HOSTILE, category=HOSTILE)
def test_create_customer_with_hostile_fields(sqlite_staff, name, address, category) -> None:
    ctx = ServiceContext(actor=sqlite_staff["operator"])
    before = _state()
    audits = AuditEntry.select().count()
    try:
        made = cust.create_customer(ctx, name=name, address=address, category=category)
    except HotlineError:
        assert _state() == before
        assert AuditEntry.select().count() == audits
        return
    assert Customer.get_by_id(made.id).name == name.strip()


@FIXTURE_OK
@given(phone=HOSTILE, name=HOSTILE)
def test_add_contact_with_hostile_phone(sqlite_staff, phone, name) -> None:
    ctx = ServiceContext(actor=sqlite_staff["operator"])
    unit = Customer.get_or_none() or cust.create_customer(ctx, name="固定客户")
    before = _state()
    try:
        cust.add_contact(ctx, unit.id, name=name, mobile=phone)
    except HotlineError:
        assert _state() == before


@FIXTURE_OK
@given(phone=HOSTILE)
def test_find_caller_never_crashes(sqlite_staff, phone) -> None:
    try:
        result = cust.find_caller(phone)
    except HotlineError:
        return
    assert isinstance(result, list)


@settings(max_examples=300, deadline=None)
@given(raw=st.text(max_size=80))
def test_phone_normalization_is_total(raw: str) -> None:
    try:
        number = normalize_phone(raw)
    except InvalidPhone:
        return
    assert number.isdigit() and 5 <= len(number) <= 20
    assert lookup_keys(raw)[0] == number


@FIXTURE_OK
@given(agent_no=HOSTILE)
def test_sign_in_with_hostile_agent_number(sqlite_staff, agent_no) -> None:
    from hotline_tui.services.auth.staff import find_by_agent_no

    try:
        staff = find_by_agent_no(agent_no)
    except HotlineError:
        return
    assert staff.active


# Only commands that end on their own: with no command the CLI starts the app.
SAFE_COMMANDS = ("calendar", "audit", "access-log", "init", "library", "customers", "open-items")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    command=st.sampled_from(SAFE_COMMANDS),
    args=st.lists(
        st.one_of(
            st.sampled_from(
                ["show", "set", "search", "--month", "--since", "--record", "2026-13", "x:y", "-1"]
            ),
            st.text(max_size=20),
        ),
        max_size=4,
    ),
)
def test_cli_with_hostile_arguments(tmp_path, monkeypatch, capsys, command, args) -> None:
    monkeypatch.chdir(tmp_path)  # any file an export writes stays in the sandbox
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    try:
        code = main(["--db", url, command, *args])
    except SystemExit as exc:  # argparse: usage error or --help
        code = exc.code
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert code in (0, 1, 2, None)


def test_stored_data_survives_a_refused_update(sqlite_staff) -> None:
    ctx = ServiceContext(actor=sqlite_staff["operator"])
    unit = cust.create_customer(ctx, name="原名公司", address="原地址")
    for bad in ({"name": ""}, {"category": "gold"}, {"name": "x" * 500}, {"bogus": 1}):
        try:
            cust.update_customer(ctx, unit.id, **bad)
        except HotlineError:
            pass
    again = Customer.get_by_id(unit.id)
    assert (again.name, again.address, again.version) == ("原名公司", "原地址", 1)


def test_naive_and_garbage_times_are_refused(tmp_path) -> None:
    open_database(f"sqlite:///{tmp_path / 't.db'}")
    now = pendulum.datetime(2026, 11, 23, tz="UTC")
    Staff.create(agent_no="1", name="x", created_at=now)
    for bad in ("not a time",):
        try:
            Staff.update(created_at=bad).execute()
        except Exception as exc:
            assert "time" in str(exc).lower() or "parse" in str(exc).lower() or exc
    assert Staff.get().created_at == now
    close_database()
