"""Stored PBX calls, the caller found as it rings, missed calls as work (H4, R1, R3)."""

from __future__ import annotations

from datetime import date

import pendulum
import pytest

from hotline_tui.domain.errors import PermissionDenied, ValidationError
from hotline_tui.domain.telephony import CallEvent
from hotline_tui.services.calls import missed_calls
from hotline_tui.services.calls.telephony import close_stale, ingest
from hotline_tui.services.customers import contacts as customers
from hotline_tui.services.duty.sessions import open_work
from hotline_tui.services.review.open_items import open_items
from hotline_tui.store.models import AuditEntry, MissedCall, PhoneCall, RosterShift

SRC = "cti:test"


def ev(kind: str, call_id: str, at: pendulum.DateTime, **kw: str) -> CallEvent:
    return CallEvent(kind, call_id, at, **kw)


@pytest.fixture
def on_duty(staff, clock):
    """王丽 (1001) rostered on the day shift around the test clock (R1)."""
    now = clock.now()
    RosterShift.create(
        day=date(now.year, now.month, now.day),
        shift_code="day",
        starts_at=now.subtract(hours=1),
        ends_at=now.add(hours=6),
        staff=staff["operator"],
        created_at=now,
    )
    return staff["operator"]


def test_h4_caller_identified_when_the_call_rings(staff, ctx_for, settings, clock) -> None:
    c = customers.create_customer(ctx_for(staff["manager"]), name="上海华东机电有限公司")
    customers.add_contact(ctx_for(staff["manager"]), c.id, name="陈会计", phone="021-6234 5678")
    now = clock.now()
    pid = ingest(ev("newCall", "a1", now, from_number="+86 21 6234 5678"), SRC, settings, now)
    row = PhoneCall.get_by_id(pid)
    assert row.status == "ringing" and row.customer_id == c.id and row.number_norm == "02162345678"
    assert AuditEntry.get(AuditEntry.record_type == "phone_call").actor_no == SRC


def test_duplicated_events_store_one_call_and_one_audit(staff, settings, clock) -> None:
    now = clock.now()
    e = ev("newCall", "dup", now, from_number="13812345678")
    assert ingest(e, SRC, settings, now) == ingest(e, SRC, settings, now)
    assert PhoneCall.select().count() == 1
    assert AuditEntry.select().where(AuditEntry.action == "cti.event").count() == 1


def test_r1_missed_call_owned_by_operator_on_duty_due_in_30_minutes(
    on_duty, staff, settings, clock
) -> None:
    now = clock.now()
    ingest(ev("newCall", "m1", now, from_number="13812345678"), SRC, settings, now)
    ingest(ev("hangup", "m1", now.add(seconds=40), cause="cancel"), SRC, settings, now)
    item = MissedCall.get()
    assert item.owner_id == on_duty.id and item.status == "open"
    assert item.due_at == now.add(seconds=40).add(minutes=30)
    kinds = {i.kind for i in open_items(owner_id=on_duty.id)}
    assert "missed_call" in kinds
    assert any(w.kind == "missed_call" for w in open_work(on_duty.id))  # R3 handover list


def test_new_call_from_same_number_attaches_to_open_missed_call(on_duty, settings, clock) -> None:
    now = clock.now()
    for n, call_id in enumerate(["r1", "r2"]):
        t = now.add(minutes=5 * n)
        ingest(ev("newCall", call_id, t, from_number="13812345678"), SRC, settings, now)
        ingest(ev("hangup", call_id, t.add(seconds=20), cause="cancel"), SRC, settings, now)
    item = MissedCall.get()
    assert MissedCall.select().count() == 1 and item.calls == 2
    # the caller gets through on the third try: the item is closed
    t = now.add(minutes=12)
    ingest(ev("newCall", "r3", t, from_number="138 1234 5678"), SRC, settings, now)
    ingest(ev("answer", "r3", t.add(seconds=5), answering_number="1001"), SRC, settings, now)
    item = MissedCall.get()
    assert item.status == "returned" and item.calls == 3


def test_reversed_events_late_answer_undoes_the_miss(on_duty, settings, clock) -> None:
    now = clock.now()
    ingest(ev("hangup", "x1", now.add(seconds=60)), SRC, settings, now)
    ingest(ev("answer", "x1", now.add(seconds=8), answering_number="1001"), SRC, settings, now)
    ingest(ev("newCall", "x1", now, from_number="13812345678"), SRC, settings, now)
    row = PhoneCall.get()
    assert row.status == "answered" and row.agent_id == on_duty.id
    assert not missed_calls.open_missed()


def test_call_without_hangup_closed_as_lost_becomes_missed_call(on_duty, settings, clock) -> None:
    now = clock.now()
    ingest(ev("newCall", "l1", now, from_number="13812345678"), SRC, settings, now)
    assert close_stale(settings, now.add(minutes=30)) == []
    assert len(close_stale(settings, now.add(minutes=121))) == 1
    assert PhoneCall.get().status == "lost" and MissedCall.get().status == "open"


def test_manager_acknowledges_several_missed_calls_with_a_reason(
    on_duty, staff, ctx_for, settings, clock
) -> None:
    now = clock.now()
    for n in range(3):
        number = f"1381234567{n}"
        ingest(ev("newCall", f"k{n}", now, from_number=number), SRC, settings, now)
        ingest(ev("hangup", f"k{n}", now.add(seconds=9)), SRC, settings, now)
    ids = [m.id for m in MissedCall.select()]
    with pytest.raises(ValidationError):
        missed_calls.acknowledge(ctx_for(staff["manager"]), ids, "  ")
    with pytest.raises(PermissionDenied):
        missed_calls.acknowledge(ctx_for(staff["operator"]), ids, "spam")
    assert missed_calls.acknowledge(ctx_for(staff["manager"]), ids[:2], "推销电话") == 2
    assert [m.status for m in MissedCall.select().order_by(MissedCall.id)] == [
        "acknowledged",
        "acknowledged",
        "open",
    ]


def test_missed_call_in_open_items_json_and_acknowledged_from_the_cli(
    on_duty, settings, clock, db_url, capsys
) -> None:
    import json

    from tests.unit.telephony.fakepbx import cli

    now = clock.now()
    ingest(ev("newCall", "j1", now, from_number="13812345678"), SRC, settings, now)
    ingest(ev("hangup", "j1", now.add(seconds=9)), SRC, settings, now)
    assert cli(["--db", db_url, "open-items", "--json", "--as", "9001"]) == 0
    items = json.loads(capsys.readouterr().out)
    missed = [i for i in items if i["kind"] == "missed_call"]
    assert len(missed) == 1 and missed[0]["owner_no"] == "1001"
    item_id = str(missed[0]["id"])
    assert cli(["--db", db_url, "calls", "ack", item_id, "--reason", "打错了", "--as", "9001"]) == 0
    assert MissedCall.get().status == "acknowledged" and MissedCall.get().reason == "打错了"


def test_extensions_set_by_a_manager_one_per_person(staff, ctx_for, db_url, capsys) -> None:
    from hotline_tui.services.calls.extensions import set_extension
    from tests.unit.telephony.fakepbx import cli

    assert cli(["--db", db_url, "cti", "extension", "set", "1001", "101", "--as", "9001"]) == 0
    with pytest.raises(ValidationError, match="1001"):
        set_extension(ctx_for(staff["manager"]), "1002", "101")
    with pytest.raises(PermissionDenied):
        set_extension(ctx_for(staff["operator"]), "1001", "102")
    capsys.readouterr()
    assert cli(["--db", db_url, "cti", "extension", "list", "--as", "9001"]) == 0
    assert capsys.readouterr().out.strip() == "101\t1001\t王丽"


def test_pbx_events_and_missed_calls_publish_on_the_change_feed(on_duty, settings, clock) -> None:
    """The desks pop from the feed: a PBX event says "phone_call", a new item "missed_call"."""
    from hotline_tui.store.base import database
    from hotline_tui.store.feed import ChangeLog

    if not isinstance(database.obj, __import__("peewee").SqliteDatabase):
        pytest.skip("PostgreSQL publishes by NOTIFY (tests/unit/live)")
    now = clock.now()
    pid = ingest(ev("newCall", "f1", now, from_number="13812345678"), SRC, settings, now)
    ingest(ev("hangup", "f1", now.add(seconds=9)), SRC, settings, now)
    kinds = {(c.kind, c.ident) for c in ChangeLog.select()}
    assert ("phone_call", pid) in kinds and ("missed_call", MissedCall.get().id) in kinds
