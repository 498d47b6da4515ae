"""A tamper-evident audit trail: every audit and access-log entry is chained to
the one before; verify names the first deleted, altered, inserted or
back-dated entry, and passes on an untouched database."""

from __future__ import annotations

import peewee as pw
import pytest

from hotline_tui.cli import main
from hotline_tui.services.customers import contacts as svc
from hotline_tui.store import chain
from hotline_tui.store.base import database
from hotline_tui.store.models import AccessLog, AuditEntry


def _work(staff, ctx_for) -> None:
    mgr, op = ctx_for(staff["manager"]), ctx_for(staff["operator"])
    unit = svc.create_customer(mgr, name="某研究所", confidentiality="top_secret")
    for i in range(4):
        svc.update_customer(mgr, unit.id, notes=f"第{i}次")
        svc.view_customer(op, unit.id, purpose="call")


def _raw(sql: str, *params) -> None:
    """What someone with the owner's rights could do behind the desk's back."""
    db = database.obj
    pg = isinstance(db, pw.PostgresqlDatabase)
    with db.atomic():
        for table in ("audit_entry", "access_log"):
            if pg:
                db.execute_sql(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
            else:
                db.execute_sql(f"DROP TRIGGER IF EXISTS {table}_no_update")
                db.execute_sql(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        db.execute_sql(sql, params)


def test_chain_passes_on_an_untouched_database(staff, ctx_for) -> None:
    _work(staff, ctx_for)
    for table in ("audit_entry", "access_log"):
        count, problem = chain.verify(table)
        assert problem is None and count > 0
    rows = list(AuditEntry.select().order_by(AuditEntry.id))
    assert rows[0].prev_hash == "" and all(
        b.prev_hash == a.chain_hash for a, b in zip(rows, rows[1:], strict=False)
    )


@pytest.mark.parametrize(
    "tamper, kind",
    [
        ("DELETE FROM audit_entry WHERE id = 3", "deleted"),
        ("UPDATE audit_entry SET action = 'customer.view' WHERE id = 2", "altered"),
        ("UPDATE audit_entry SET after = NULL WHERE id = 4", "altered"),
        ("DELETE FROM audit_entry WHERE id = (SELECT MAX(id) FROM audit_entry)", "truncated"),
    ],
)
def test_chain_names_the_first_tampered_entry(staff, ctx_for, tamper, kind) -> None:
    _work(staff, ctx_for)
    _raw(tamper)
    _count, problem = chain.verify("audit_entry")
    assert problem is not None and problem.kind == kind


def test_chain_finds_a_forged_inserted_entry(staff, ctx_for) -> None:
    _work(staff, ctx_for)
    _raw(
        "INSERT INTO audit_entry (id, at, actor_no, action, record_type, record_id, "
        "prev_hash, chain_hash) VALUES (1000, '2026-11-23 02:00:00', '9001', "
        "'customer.update', 'customer', '1', '', '')"
    )
    _count, problem = chain.verify("audit_entry")
    assert problem is not None and (problem.entry_id, problem.kind) == (1000, "inserted")


def test_chain_finds_a_backdated_entry(staff, ctx_for, clock) -> None:
    _work(staff, ctx_for)
    mgr = ctx_for(staff["manager"])
    clock.advance(days=-30)  # a forged entry written with a clock set back a month
    svc.update_customer(mgr, 1, notes="补记")
    _count, problem = chain.verify("audit_entry")
    assert problem is not None and problem.kind == "backdated"


def test_access_log_is_chained_too(staff, ctx_for) -> None:
    _work(staff, ctx_for)
    _raw("UPDATE access_log SET view = 'full' WHERE id = 2")
    _count, problem = chain.verify("access_log")
    assert problem is not None and (problem.entry_id, problem.kind) == (2, "altered")
    assert AccessLog.select().count() == 4


def test_audit_verify_command_passes_then_fails(tmp_path, capsys, clock, ctx_for) -> None:
    from hotline_tui.store.db import close_database, open_database
    from tests.conftest import _make_staff

    url = f"sqlite:///{tmp_path / 'v.db'}"
    open_database(url)
    _work(_make_staff(clock.now()), ctx_for)
    close_database()
    assert main(["--db", url, "audit", "verify"]) == 0
    assert "日志完整" in capsys.readouterr().out
    open_database(url)
    _raw("UPDATE audit_entry SET record_id = '99' WHERE id = 2")
    close_database()
    assert main(["--db", url, "audit", "verify"]) == 1
    assert "第 2 条写入后被改动" in capsys.readouterr().err


def test_bulk_import_keeps_the_chain_and_the_phone_index(staff, ctx_for, tmp_path) -> None:
    from hotline_tui.bench.imports import _write_csv
    from hotline_tui.services.customers.transfer import import_customers
    from hotline_tui.store.models import Customer

    path = tmp_path / "units.csv"
    _write_csv(path, 30)
    result = import_customers(ctx_for(staff["manager"]), path)
    assert result.units_created == 30 and result.contacts_added == 30
    assert Customer.select().count() == 30
    assert chain.verify("audit_entry") == (31, None)  # 30 units and the import itself
    [match] = svc.find_caller("13900000007")
    assert match.customer.name == "测试单位0000007有限公司"


def test_concurrent_writers_never_fork_the_chain(staff, ctx_for) -> None:
    """Two desks writing at once: the tail is taken under a lock, so each entry
    follows exactly one other (no two entries on the same predecessor)."""
    import threading

    from hotline_tui.services.base import retrying

    mgr = ctx_for(staff["manager"])
    units = [svc.create_customer(mgr, name=f"并发单位{i}").id for i in range(2)]
    errors: list[BaseException] = []

    def desk(unit_id: int) -> None:
        try:
            with database.connection_context():
                for i in range(15):
                    retrying(lambda i=i: svc.update_customer(mgr, unit_id, notes=f"第{i}次"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=desk, args=(u,)) for u in units]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    count, problem = chain.verify("audit_entry")
    assert problem is None and count == 2 + 30
    prevs = [e.prev_hash for e in AuditEntry.select()]
    assert len(prevs) == len(set(prevs))
