"""`hotline demo`: a realistic desk, the same for the same seed, never on top of data."""

from __future__ import annotations

from pathlib import Path

from hotline_tui.cli import main
from hotline_tui.config import Settings
from hotline_tui.demo.seed import MOBILE_PREFIXES, has_data, seed_demo
from hotline_tui.services.base import ServiceContext
from hotline_tui.services.customers import records as customer_records
from hotline_tui.services.review.open_items import open_items
from hotline_tui.store.base import database
from hotline_tui.store.db import close_database, open_database
from hotline_tui.store.models import (
    AccessLog,
    AuditEntry,
    Call,
    Callback,
    Complaint,
    Contact,
    ContactPhone,
    Customer,
    CustomerProduct,
    DispatchRequest,
    RosterShift,
    Staff,
)

TABLES = (Staff, Customer, Contact, CustomerProduct, Call, Callback, DispatchRequest, RosterShift)


def _fingerprint() -> dict[str, list[dict]]:
    return {m.__name__: list(m.select().order_by(m.id).dicts()) for m in TABLES}


def _seed_into(path: Path, clock, seed: int) -> dict[str, list[dict]]:
    open_database(f"sqlite:///{path}")
    try:
        seed_demo(Settings(), seed=seed, clock=clock, units=30)
        return _fingerprint()
    finally:
        close_database()
        database.initialize(None)


def test_demo_same_seed_gives_the_same_data(tmp_path: Path, clock) -> None:
    first = _seed_into(tmp_path / "a.db", clock, 7)
    again = _seed_into(tmp_path / "b.db", clock, 7)
    other = _seed_into(tmp_path / "c.db", clock, 8)
    assert first == again
    assert first["Customer"] != other["Customer"]


def test_demo_if_empty_leaves_existing_data_alone(tmp_path: Path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    assert main(["--db", url, "demo", "--seed", "3"]) == 0
    open_database(url)
    try:
        before = (Staff.select().count(), Customer.select().count(), Call.select().count())
    finally:
        close_database()
    assert main(["--db", url, "demo", "--if-empty"]) == 0
    assert "已有数据" in capsys.readouterr().out
    # Without --if-empty: a clear refusal, not a second copy or a traceback.
    assert main(["--db", url, "demo"]) != 0
    assert "空数据库" in capsys.readouterr().err
    open_database(url)
    try:
        after = (Staff.select().count(), Customer.select().count(), Call.select().count())
    finally:
        close_database()
    assert before == after and before[1] == 200


def test_demo_desk_has_open_items_for_every_operator_and_realistic_records(
    db, clock, settings
) -> None:
    """H6/H7 promises for every operator, S1 review list, S3 first visits, on both engines."""
    assert not has_data()
    seed_demo(Settings(), seed=7, clock=clock)
    assert has_data()
    seeded = {s.agent_no: s for s in Staff.select()}
    _every_operator_has_open_items(seeded, clock)
    _units_contacts_and_records_are_realistic(seeded, clock, settings)


def _every_operator_has_open_items(seeded, clock) -> None:
    names = {no: s.name for no, s in seeded.items()}
    assert {"1001", "1002", "1003", "1004", "1005", "9001", "3001", "3002", "5001", "6001"} <= set(
        names
    )
    assert names["1001"] == "王丽" and names["9001"] == "张建国"
    now = clock.now()
    for op in (s for s in seeded.values() if s.has_role("operator")):
        items = open_items(owner_id=op.id)
        rules = {i.rule for i in items if i.due_at is not None}
        assert {"H6", "H7"} <= rules, op.agent_no
    holds = Call.select().where(Call.status == "on_hold")
    # H6: due one hour after hanging up; one promise is already broken, the rest run.
    assert all(c.due_at == c.ended_at.add(minutes=60) for c in holds)
    assert sum(c.due_at < now for c in holds) == 1
    assert any(now < c.due_at <= now.add(hours=1) for c in holds)
    consults = Call.select().where(Call.status == "consultation")
    assert all(c.due_at == c.ended_at.add(minutes=180) for c in consults)  # H7


def _units_contacts_and_records_are_realistic(seeded, clock, settings) -> None:
    assert Customer.select().count() == 200
    categories = [c.category for c in Customer.select()]
    assert 0.6 < categories.count("regular") / 200 < 0.9 and "key" in categories
    assert {c.confidentiality for c in Customer.select()} == {
        "secret",
        "confidential",
        "top_secret",
    }
    # Every contact can be found by phone (H4), names are Chinese.
    assert ContactPhone.select().count() >= Contact.select().count()
    assert all("\u4e00" <= c.name[0] <= "\u9fff" for c in Contact.select())
    ctx = ServiceContext(actor=seeded["9001"], settings=settings, clock=clock)
    assert 5 < len(customer_records.due_for_review(ctx)) < 60  # S1
    first_visits = list(Callback.select().where(Callback.kind == "S3"))
    assert first_visits and all(cb.due_at <= clock.now().add(days=7) for cb in first_visits)
    assert DispatchRequest.select().where(DispatchRequest.state == "requested").count() >= 3
    assert AuditEntry.select().where(AuditEntry.action == "customer.create").count() == 200
    shifts = RosterShift.select()
    assert {r.day.weekday() for r in shifts} == set(range(7))  # R1: weekends too
    # H8: some requests come from calls; S2: the borrowing card has entries; C2/C3 states.
    assert DispatchRequest.select().where(DispatchRequest.call.is_null(False)).count() >= 3
    assert {a.view for a in AccessLog.select()} == {"minimum", "full"}
    assert {c.status for c in Complaint.select()} >= {"registered", "in_progress"}
    prefixes = {c.mobile.replace(" ", "")[:3] for c in Contact.select()}
    assert prefixes <= set(MOBILE_PREFIXES) and len(prefixes) > 10
