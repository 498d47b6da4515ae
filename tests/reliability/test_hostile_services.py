"""Bad input for the work services (docs/DESIGN.md, crash safety and load): library, calls and their
outcomes, dispatch, complaints, roster. Hostile values give a clear
HotlineError or a correct result, never a crash, and nothing stored changes."""

from __future__ import annotations

from datetime import date

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotline_tui.domain.errors import HotlineError, NotFound, ValidationError
from hotline_tui.services.admin import calendar as calendar_admin
from hotline_tui.services.base import ServiceContext
from hotline_tui.services.calls import calls
from hotline_tui.services.calls import outcomes as call_outcomes
from hotline_tui.services.complaints import handling as complaints
from hotline_tui.services.customers.contacts import create_customer
from hotline_tui.services.dispatch import orders as dispatch
from hotline_tui.services.duty import roster
from hotline_tui.services.library import entries as library
from hotline_tui.store.models import (
    AuditEntry,
    CalendarOverride,
    Call,
    Complaint,
    DispatchRequest,
    LibraryEntry,
    RosterShift,
)
from tests.reliability.test_hostile_input import HOSTILE

SOME = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
#: ids as a form or the CLI can send them; lists and floats are KNOWN_TYPE_BUGS
IDS = st.one_of(
    st.none(), st.text(max_size=30), st.integers(min_value=-(2**63), max_value=2**63 - 1)
)
#: hostile strings only, for parameters whose wrong types are known bugs (below)
TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=6000),
    st.sampled_from(["'; DROP TABLE call; --", "\x00\x01", "😀🔥" * 50, "{0} %s", "\u202e"]),
)
DAYS = st.one_of(HOSTILE, st.dates(), st.sampled_from(["2026-02-30", "2026-11-23", "昨天"]))


def _rows(model) -> list[tuple]:
    """Everything stored in a table, to prove a refused write changed nothing."""
    return [tuple(r.__data__.items()) for r in model.select().order_by(model.id)]


def _refused_cleanly(models: tuple, fn) -> object | None:
    """Run `fn`; on a HotlineError the tables and the audit log are as before."""
    before = [_rows(m) for m in (*models, AuditEntry)]
    try:
        return fn()
    except HotlineError as exc:
        assert str(exc)  # a message for the operator, translated
        assert [_rows(m) for m in (*models, AuditEntry)] == before
        return None


def _ctx(staff, clock, who: str = "operator") -> ServiceContext:
    return ServiceContext(actor=staff[who], clock=clock)


@SOME
@given(title=HOSTILE, symptom=HOSTILE, product=HOSTILE, status=HOSTILE)
def test_library_create_entry_with_hostile_fields(
    sqlite_staff, clock, title, symptom, product, status
) -> None:
    ctx = _ctx(sqlite_staff, clock, "manager")
    made = _refused_cleanly(
        (LibraryEntry,),
        lambda: library.create_entry(
            ctx, title=title, symptom=symptom, product=product, status=status
        ),
    )
    if made is not None:
        stored = LibraryEntry.get_by_id(made.id)
        assert (stored.title, stored.product) == (title.strip(), product.strip())


@SOME
@given(query=TEXT, product=st.one_of(st.none(), TEXT))
def test_library_search_with_hostile_query(sqlite_staff, clock, query, product) -> None:
    if not LibraryEntry.select().exists():
        library.create_entry(
            _ctx(sqlite_staff, clock, "manager"), title="凭证无法保存", status="published"
        )
    hits = _refused_cleanly(
        (LibraryEntry,), lambda: library.search(query, product=product if product else None)
    )
    assert hits is None or isinstance(hits, list)


@SOME
@given(
    phone=HOSTILE,
    symptom=HOSTILE,
    category=st.one_of(st.none(), TEXT, st.sampled_from(["bug", "general"])),
    customer=st.one_of(st.none(), st.integers(min_value=-(2**63), max_value=2**63 - 1)),
    auth_day=DAYS,
)
def test_start_call_with_hostile_fields(
    sqlite_staff, clock, phone, symptom, category, customer, auth_day
) -> None:
    ctx = _ctx(sqlite_staff, clock)
    call = _refused_cleanly(
        (Call,),
        lambda: calls.start_call(
            ctx,
            caller_phone=phone,
            symptom=symptom,
            category=category,
            customer_id=customer,
            auth_received_on=auth_day,
        ),
    )
    if call is not None:
        stored = Call.get_by_id(call.id)
        assert stored.symptom == (symptom or "").strip() and stored.owner_id == ctx.actor.id


@SOME
@given(
    outcome=st.sampled_from(["solve", "hold", "consult", "dispatch", "attempt"]),
    call_id=st.one_of(st.just("the call"), IDS),
    version=st.one_of(st.none(), IDS),
    text=HOSTILE,
)
def test_call_outcomes_with_hostile_input(
    sqlite_staff, clock, outcome, call_id, version, text
) -> None:
    ctx = _ctx(sqlite_staff, clock)
    unit = create_customer(ctx, name=f"固定客户{Call.select().count()}")
    call = calls.start_call(ctx, customer_id=unit.id, symptom="凭证无法保存")
    cid = call.id if call_id == "the call" else call_id
    run = {
        "solve": lambda: call_outcomes.solve_call(ctx, cid, version, resolution=text),
        "hold": lambda: call_outcomes.hold_call(ctx, cid, version, symptom=text),
        "consult": lambda: call_outcomes.consult_call(ctx, cid, version, error_message=text),
        "dispatch": lambda: call_outcomes.dispatch_call(ctx, cid, version, modules=text),
        "attempt": lambda: call_outcomes.record_attempt(
            ctx, cid, result=text if isinstance(text, str) else "busy", note=str(text)
        ),
    }[outcome]
    done = _refused_cleanly((Call, DispatchRequest), run)
    if done is not None:
        assert Call.get_by_id(done.id).status != "open" or outcome == "attempt"


@SOME
@given(customer=IDS, problem=st.one_of(st.none(), TEXT), call_id=st.one_of(st.none(), IDS))
def test_dispatch_request_with_hostile_input(
    sqlite_staff, clock, customer, problem, call_id
) -> None:
    ctx = _ctx(sqlite_staff, clock)
    req = _refused_cleanly(
        (DispatchRequest,),
        lambda: dispatch.request_dispatch(
            ctx, customer_id=customer, problem=problem, call_id=call_id
        ),
    )
    if req is not None:
        assert DispatchRequest.get_by_id(req.id).problem == (problem or "").strip()


@SOME
@given(
    unit=HOSTILE,
    phone=HOSTILE,
    description=HOSTILE,
    level=HOSTILE,
    category=HOSTILE,
    received=st.one_of(st.none(), DAYS),
)
def test_complaint_register_with_hostile_form(
    sqlite_staff, clock, unit, phone, description, level, category, received
) -> None:
    ctx = _ctx(sqlite_staff, clock, "supervisor")
    made = _refused_cleanly(
        (Complaint,),
        lambda: complaints.register_complaint(
            ctx,
            complainant_unit=unit,
            complainant="钱先生",
            phone=phone,
            department="服务部",
            description=description,
            level=level,
            category=category,
            received_at=received,
        ),
    )
    if made is not None:
        assert Complaint.get_by_id(made.id).description == description.strip()


@SOME
@given(day=st.dates(), shift=st.one_of(HOSTILE, st.sampled_from(["day", "evening"])), staff_id=IDS)
def test_roster_assign_with_hostile_input(sqlite_staff, clock, day, shift, staff_id) -> None:
    ctx = _ctx(sqlite_staff, clock, "manager")
    row = _refused_cleanly((RosterShift,), lambda: roster.assign(ctx, day, shift, staff_id))
    if row is not None:
        stored = RosterShift.get_by_id(row.id)
        assert stored.shift_code == shift and stored.staff_id == staff_id
        assert isinstance(stored.day, date)


#: Wrong types that used to crash and now give a clear error naming the field.
FIXED_TYPE_BUGS = {
    "library.search(1)": ("query", lambda ctx: library.search(1)),
    "start_call(category=[])": ("category", lambda ctx: calls.start_call(ctx, category=[])),
    "start_call(customer_id=':')": (
        "customer_id",
        lambda ctx: calls.start_call(ctx, customer_id=":"),
    ),
    "record_attempt(result=[])": (
        "result",
        lambda ctx: call_outcomes.record_attempt(ctx, 1, result=[]),
    ),
    "record_attempt(note=1)": (
        "note",
        lambda ctx: call_outcomes.record_attempt(ctx, 1, result="busy", note=1),
    ),
    "set_override(day='2026-12-05')": (
        "day",
        lambda ctx: calendar_admin.set_override(ctx, "2026-12-05", True),
    ),
    "set_override(day=datetime)": (
        "day",
        lambda ctx: calendar_admin.set_override(ctx, pendulum.datetime(2026, 12, 5), True),
    ),
    "request_dispatch(problem=1)": (
        "problem",
        lambda ctx: dispatch.request_dispatch(ctx, customer_id=1, problem=1),
    ),
    "request_dispatch(customer_id=[])": (
        "customer",
        lambda ctx: dispatch.request_dispatch(ctx, customer_id=[], problem="上门"),
    ),
    "request_dispatch(customer_id=2**63)": (
        "customer",
        lambda ctx: dispatch.request_dispatch(ctx, customer_id=2**63, problem="上门"),
    ),
    "request_dispatch(call_id=1.5)": (
        "call",
        lambda ctx: dispatch.request_dispatch(ctx, customer_id=1, problem="上门", call_id=1.5),
    ),
    "dispatch.verify(request_id=2**63)": ("request", lambda ctx: dispatch.verify(ctx, 2**63)),
    "roster.assign(day=None)": ("day", lambda ctx: roster.assign(ctx, None, "day", 1)),
    "roster.assign(day='2026-11-23')": (
        "day",
        lambda ctx: roster.assign(ctx, "2026-11-23", "day", 1),
    ),
    "roster.assign(staff_id=[])": (
        "staff",
        lambda ctx: roster.assign(ctx, date(2026, 11, 23), "day", []),
    ),
    "roster.assign(staff_id=True)": (
        "staff",
        lambda ctx: roster.assign(ctx, date(2026, 11, 23), "day", True),
    ),
    "roster.remove(roster_id=2**63)": ("roster", lambda ctx: roster.remove(ctx, 2**63)),
}


@pytest.mark.parametrize("case", sorted(FIXED_TYPE_BUGS))
def test_wrong_type_names_the_field(sqlite_staff, clock, case: str) -> None:
    field, run = FIXED_TYPE_BUGS[case]
    before = _rows(AuditEntry)
    with pytest.raises(ValidationError) as err:
        run(_ctx(sqlite_staff, clock, "manager"))
    assert err.value.field == field and str(err.value)
    assert _rows(AuditEntry) == before


@pytest.mark.parametrize("bad", [2**63, 2**64, -(2**63) - 1, 0, 2**63 - 1])
def test_h8_r1_out_of_range_ids_refused_on_both_databases(staff, ctx_for, bad: int) -> None:
    """An id no BIGINT holds is refused naming the field (PostgreSQL would raise a
    DataError); the largest BIGINT is simply not found. Nothing is stored."""
    ctx = ctx_for(staff["manager"])
    unit = create_customer(ctx, name="越界编号测试单位")
    before = [_rows(m) for m in (DispatchRequest, RosterShift, AuditEntry)]
    runs = (
        lambda: dispatch.request_dispatch(ctx, customer_id=bad, problem="上门"),
        lambda: dispatch.request_dispatch(ctx, customer_id=unit.id, problem="上门", call_id=bad),
        lambda: dispatch.verify(ctx, bad),
        lambda: roster.assign(ctx, date(2026, 11, 23), "day", bad),
        lambda: roster.remove(ctx, bad),
    )
    for run in runs:
        with pytest.raises(ValidationError if bad != 2**63 - 1 else NotFound):
            run()
    assert [_rows(m) for m in (DispatchRequest, RosterShift, AuditEntry)] == before


def test_w1_override_takes_a_pendulum_date(sqlite_staff, clock) -> None:
    """A pendulum Date is a date: stored and cleared like one (the SQLite driver
    cannot bind the subclass itself)."""
    ctx = _ctx(sqlite_staff, clock, "manager")
    row = calendar_admin.set_override(ctx, pendulum.date(2026, 12, 5), True, "年结加班")
    stored = CalendarOverride.get_by_id(row.id)
    assert stored.day == date(2026, 12, 5) and stored.working
    assert calendar_admin.clear_override(ctx, pendulum.date(2026, 12, 5))
    assert CalendarOverride.select().count() == 0


#: The commands the foundation's CLI test does not cover (all end on their own).
MORE_COMMANDS = (
    ["callbacks", "schedule"],
    ["callbacks", "accepted"],
    ["complaints", "per-person"],
    ["dispatch", "sheet"],
    ["handover", "show"],
    ["roster", "export"],
    ["export", "open-items"],
    ["report", "daily"],
    ["report", "callbacks"],
    ["report", "complaints"],
    ["backup"],
    ["restore", "--yes"],
)
CLI_WORDS = st.one_of(
    st.sampled_from(
        ["--as", "9001", "--day", "--week", "--month", "--output", "x.csv", "x.pdf", "2026-13-45"]
    ),
    st.sampled_from(["'; DROP TABLE call; --", "😀", "-1", "PD20261123-0001", "/nonexistent/x"]),
    st.text(max_size=20),
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(command=st.sampled_from(MORE_COMMANDS), args=st.lists(CLI_WORDS, max_size=4))
def test_more_cli_commands_with_hostile_arguments(tmp_path, monkeypatch, capsys, command, args):
    """Exit code 0, 1 or 2 with a message, never a traceback; the database survives."""
    from hotline_tui.cli import main

    monkeypatch.chdir(tmp_path)  # files a command writes stay in the sandbox
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    try:
        code = main(["--db", url, *command, *args])
    except SystemExit as exc:  # argparse: usage error or --help
        code = exc.code
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert code in (0, 1, 2, None)
