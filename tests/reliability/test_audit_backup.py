"""Audit and access logs are append-only; backups restore only after a check."""

from __future__ import annotations

import json
import shutil

import peewee as pw
import pytest

from hotline_tui.services.admin.backup import BackupError, backup, check_backup, restore
from hotline_tui.services.customers import contacts as cust
from hotline_tui.store.db import close_database, open_database
from hotline_tui.store.models import AccessLog, AuditEntry, Customer
from tests.cli_helpers import cli_as


def test_audit_entries_cannot_be_edited_or_deleted(staff, ctx_for) -> None:
    cust.create_customer(ctx_for(staff["operator"]), name="甲公司")
    entry = AuditEntry.get()
    with pytest.raises(pw.DatabaseError):
        with AuditEntry._meta.database.atomic():
            AuditEntry.update(action="forged").where(AuditEntry.id == entry.id).execute()
    with pytest.raises(pw.DatabaseError):
        with AuditEntry._meta.database.atomic():
            AuditEntry.delete().execute()
    assert AuditEntry.get_by_id(entry.id).action == "customer.create"


def test_s2_access_log_cannot_be_erased(staff, ctx_for) -> None:
    unit = cust.create_customer(ctx_for(staff["manager"]), name="密", confidentiality="top_secret")
    cust.view_customer(ctx_for(staff["operator"]), unit.id)
    with pytest.raises(pw.DatabaseError):
        with AccessLog._meta.database.atomic():
            AccessLog.delete().execute()
    assert AccessLog.select().count() == 1


def _seed(url: str) -> None:
    import pendulum

    from hotline_tui.services.base import ServiceContext
    from hotline_tui.store.models import Staff

    open_database(url)
    mgr = Staff.create(
        agent_no="9001", name="张经理", roles="manager", created_at=pendulum.now("UTC")
    )
    ctx = ServiceContext(actor=mgr)
    cust.create_customer(
        ctx, name="备份测试公司", contacts=[{"name": "王", "mobile": "13800001111"}]
    )
    cust.view_customer(ctx, Customer.get().id)


def test_audit_cli_prints_changes_by_record(tmp_path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    _seed(url)
    unit = Customer.get()
    close_database()
    assert cli_as(url, "9001", "audit", "--record", f"customer:{unit.id}", "--json") == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["action"] for r in rows] == ["customer.create"]
    assert rows[0]["actor"] == "9001" and rows[0]["after"]["name"] == "备份测试公司"
    assert cli_as(url, "9001", "audit", "--record", "nonsense") == 2


def _boss():
    from hotline_tui.services.base import ServiceContext
    from hotline_tui.store.models import Staff

    return ServiceContext(actor=Staff.get(Staff.agent_no == "9001"))


def test_sqlite_backup_and_checked_restore(tmp_path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    _seed(url)
    target = tmp_path / "desk.backup"
    backup(None, url, target)
    assert check_backup(target).ok
    Customer.update(name="改坏了").execute()
    restore(_boss(), url, target)
    assert Customer.get().name == "备份测试公司"
    close_database()


def test_restore_refuses_a_corrupt_backup_and_changes_nothing(tmp_path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    _seed(url)
    bad = tmp_path / "bad.backup"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    close_database()
    before = (tmp_path / "desk.db").read_bytes()
    open_database(url)
    with pytest.raises(BackupError):
        restore(_boss(), url, bad)
    close_database()
    assert (tmp_path / "desk.db").read_bytes() == before
    assert cli_as(url, "9001", "restore", str(bad), "--yes") == 1
    assert "未恢复备份" in capsys.readouterr().err


def test_backup_cli_refuses_to_overwrite(tmp_path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    _seed(url)
    close_database()
    assert cli_as(url, "9001", "backup", str(tmp_path / "b.db")) == 0
    assert cli_as(url, "9001", "backup", str(tmp_path / "b.db")) == 2
    assert cli_as(url, "9001", "restore", str(tmp_path / "b.db"), "--check-only") == 0


@pytest.mark.postgres
def test_postgres_backup_and_restore(tmp_path) -> None:
    from tests.conftest import new_pg_url

    if not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    url = new_pg_url()
    _seed(url)
    target = tmp_path / "desk.pgdump"
    backup(None, url, target)
    assert check_backup(target).ok
    Customer.update(name="改坏了").execute()
    restore(_boss(), url, target)
    assert Customer.get().name == "备份测试公司"
    close_database()
