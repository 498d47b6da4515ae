"""The manager's list of every open item (docs/DESIGN.md, the manager's review) on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time

import pytest

from hotline_tui.domain.errors import (
    InvalidTransition,
    PermissionDenied,
    ValidationError,
)
from hotline_tui.i18n import _
from hotline_tui.services.review.changes import data_version, watch
from hotline_tui.services.review.open_items import open_items
from hotline_tui.services.review.reassign import reassign
from hotline_tui.store.db import make_database
from hotline_tui.store.models import AuditEntry, Call, Callback, CallEvent
from tests import factories as f


@pytest.fixture
def desk(staff, clock):
    """One open item of every kind around the fixed clock, plus closed noise."""
    now = clock.now()
    op, op2, mgr = staff["operator"], staff["operator2"], staff["manager"]
    hd = f.customer("上海宏达机械有限公司", "宏达机械")
    xy = f.customer("杭州新宇贸易有限公司")
    items = {
        "call_overdue": f.call(op, hd, now.subtract(minutes=5), rule="H6"),
        "handover_overdue": f.handover(op2, now.subtract(minutes=1), frm=op),
        "callback_soon": f.callback(op, xy, now.add(minutes=20), kind="H6"),
        "dispatch_soon": f.dispatch(op2, hd, now.add(minutes=50)),
        "complaint_later": f.complaint(
            mgr, staff["supervisor"], "杭州新宇贸易有限公司", now.add(hours=3)
        ),
        "call_later": f.call(op2, xy, now.add(hours=3), rule="H7", status="consultation"),
        "dispatch_undated": f.dispatch(op, xy, None),
    }
    # closed items never show
    f.call(op, hd, now.subtract(hours=2), status="solved")
    f.callback(op, hd, now.subtract(hours=1), status="done", done_at=now)
    f.handover(op, now.subtract(hours=1), completed=now.subtract(hours=2))
    return items


def test_h10_every_kind_in_one_list_sorted_by_time_to_breach(desk, clock) -> None:
    items = open_items()
    got = [(i.kind, i.id) for i in items]
    expected = [
        ("call", desk["call_overdue"].id),
        ("handover", desk["handover_overdue"].id),
        ("callback", desk["callback_soon"].id),
        ("dispatch", desk["dispatch_soon"].id),
        # same due time: kind then id
        ("call", desk["call_later"].id),
        ("complaint", desk["complaint_later"].id),
        ("dispatch", desk["dispatch_undated"].id),  # no deadline: last
    ]
    assert got == expected
    now = clock.now()
    assert [i.overdue(now) for i in items] == [True, True] + [False] * 5
    first = items[0]
    assert (first.customer, first.owner, first.owner_no, first.rule) == (
        "宏达机械",
        "王丽",
        "1001",
        "H6",
    )
    assert items[1].rule == "R3" and items[1].owner == "李强"
    assert items[4].rule == "H7"


def test_filters_by_kind_owner_and_customer(desk, staff) -> None:
    assert {i.kind for i in open_items(kinds=["callback", "complaint"])} == {
        "callback",
        "complaint",
    }
    mine = open_items(owner_id=staff["operator"].id)
    assert {(i.kind, i.id) for i in mine} == {
        ("call", desk["call_overdue"].id),
        ("callback", desk["callback_soon"].id),
        ("dispatch", desk["dispatch_undated"].id),  # requester until an engineer has it
    }
    by_text = open_items(customer_query="新宇")
    assert {i.kind for i in by_text} == {"callback", "complaint", "call", "dispatch"}
    assert all("新宇" in i.customer for i in by_text)
    cust = desk["call_overdue"].customer_id
    assert {i.customer_id for i in open_items(customer_id=cust)} == {cust}
    assert len(open_items(limit=3)) == 3
    with pytest.raises(ValidationError):
        open_items(kinds=["nonsense"])


def test_h10_reassign_moves_ownership_with_the_reason_in_the_audit(desk, staff, ctx_for) -> None:
    call = desk["call_overdue"]
    item = reassign(ctx_for(staff["manager"]), "call", call.id, staff["operator2"].id, "王丽病假")
    assert item.owner == "李强" and item.owner_id == staff["operator2"].id
    row = Call.get_by_id(call.id)
    assert row.owner_id == staff["operator2"].id and row.taken_by_id == staff["operator"].id
    assert row.version == call.version + 1
    entry = AuditEntry.get(AuditEntry.action == "item.reassign")
    assert entry.after["reason"] == "王丽病假"
    assert entry.before["owner"] == staff["operator"].id
    assert entry.after["owner"] == staff["operator2"].id
    event = CallEvent.get(CallEvent.call == call.id)
    assert event.kind == "reassigned" and event.detail["reason"] == "王丽病假"


def test_reassign_refuses_bad_requests(desk, staff, ctx_for) -> None:
    mgr = ctx_for(staff["manager"])
    cb = desk["callback_soon"]
    with pytest.raises(ValidationError) as err:
        reassign(mgr, "callback", cb.id, staff["operator2"].id, "   ")
    assert err.value.field == "reason"
    with pytest.raises(ValidationError) as err:
        reassign(mgr, "callback", cb.id, staff["operator"].id, "x")
    assert err.value.field == "owner"  # already the owner
    with pytest.raises(ValidationError) as err:
        reassign(mgr, "callback", cb.id, staff["engineer"].id, "x")
    assert err.value.field == "owner"  # a field engineer does not work callbacks
    with pytest.raises(PermissionDenied):
        reassign(ctx_for(staff["operator"]), "callback", cb.id, staff["operator2"].id, "x")
    with pytest.raises(ValidationError):
        reassign(mgr, "dispatch", desk["dispatch_soon"].id, staff["engineer"].id, "x")
    Callback.update(status="done").where(Callback.id == cb.id).execute()
    with pytest.raises(InvalidTransition):
        reassign(mgr, "callback", cb.id, staff["operator2"].id, "x")
    assert not AuditEntry.select().where(AuditEntry.action == "item.reassign").exists()


def test_data_version_moves_after_a_write_from_a_second_connection(desk, db_url) -> None:
    before = data_version()
    assert data_version() == before  # reading changes nothing
    other = make_database(db_url)
    other.connect()
    try:
        with other.atomic():
            other.execute_sql(
                f"UPDATE callback SET status = 'done' WHERE id = {int(desk['callback_soon'].id)}"
            )
    finally:
        other.close()
    assert data_version() != before
    assert "callback" not in {i.kind for i in open_items()}


def test_watch_calls_back_after_a_write_from_another_desk(desk, db_url) -> None:
    """The review's watcher (docs/DESIGN.md, the manager's review refresh) on one held connection, both engines."""
    changed = threading.Event()
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(changed.set, stop, 0.05), daemon=True)
    watcher.start()
    try:
        time.sleep(0.3)  # the watcher has taken its first token
        assert not changed.is_set()  # nothing changed: no reload
        other = make_database(db_url)
        other.connect()
        try:
            with other.atomic():
                other.execute_sql(
                    f"UPDATE handover SET note = 'x' WHERE id = {int(desk['handover_overdue'].id)}"
                )
        finally:
            other.close()
        assert changed.wait(5.0)
    finally:
        stop.set()
        watcher.join(5.0)
    assert not watcher.is_alive()  # setting stop ends the watch at once


def test_h6_callback_names_the_call_it_was_promised_on(staff, clock) -> None:
    now = clock.now()
    call = f.call(staff["operator"], None, now.add(minutes=30), status="on_hold")
    f.callback(staff["operator"], None, now.add(minutes=30), kind="H6", call_row=call)
    f.callback(None, None, now.add(days=2), kind="F1")
    titles = [(i.kind, i.title, i.owner) for i in open_items(kinds=["callback"])]
    assert titles == [  # in words, not "H6"/"F1"
        ("callback", f"{call.ticket_no} {_('Call back within 1 hour')}", "王丽"),
        ("callback", _("After a hotline call"), ""),
    ]
