"""Restores: a manager's action, refused while other desks work (or forced with a
reason), refused for a backup whose logs are shorter or broken (unless accepted
explicitly); the restore is the first audit entry after it. Files are 0600."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from hotline_tui.cli import main
from hotline_tui.domain.errors import PermissionDenied
from hotline_tui.services.admin.backup import backup, restore
from hotline_tui.services.admin.restore_guard import RestoreRefused
from hotline_tui.services.customers import contacts as svc
from hotline_tui.store import chain
from hotline_tui.store.db import close_database, open_database
from hotline_tui.store.models import AuditEntry, Customer, DutySession
from tests.cli_helpers import main_as
from tests.conftest import _make_staff


@pytest.fixture
def desk(tmp_path, clock, ctx_for):
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    open_database(url)
    staff = _make_staff(clock.now())
    mgr = ctx_for(staff["manager"])
    svc.create_customer(mgr, name="备份测试公司", confidentiality="top_secret")
    svc.view_customer(mgr, Customer.get().id)
    yield url, staff, mgr
    close_database()


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_and_backup_files_are_private(desk, tmp_path) -> None:
    url, _staff, mgr = desk
    assert _mode(tmp_path / "desk.db") == 0o600
    target = backup(mgr, url, tmp_path / "b.db")
    assert _mode(target) == 0o600


def test_restore_is_a_managers_action(desk, tmp_path, ctx_for) -> None:
    url, staff, mgr = desk
    target = backup(mgr, url, tmp_path / "b.db")
    with pytest.raises(PermissionDenied):
        restore(ctx_for(staff["operator"]), url, target)
    close_database()
    assert main(["--db", url, "restore", str(target), "--yes"]) == 2  # who?
    assert main(["--db", url, "--as", "1001", "restore", str(target), "--yes"]) != 0
    open_database(url)
    assert AuditEntry.select().where(AuditEntry.action == "backup.restore").count() == 0


def test_restore_refused_while_other_desks_work_unless_forced(desk, tmp_path, clock) -> None:
    url, staff, mgr = desk
    target = backup(mgr, url, tmp_path / "b.db")
    DutySession.create(staff=staff["operator"], signed_in_at=clock.now())
    with pytest.raises(RestoreRefused) as err:
        restore(mgr, url, target)
    assert "1001 王丽" in str(err.value)
    restore(mgr, url, target, force_reason="数据库损坏,已电话通知各席位")
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert last.action == "backup.restore" and last.after["forced"].startswith("数据库损坏")
    assert last.after["sessions"] == ["1001 王丽"]


def test_restore_refuses_shorter_logs_unless_accepted(desk, tmp_path) -> None:
    url, _staff, mgr = desk
    target = backup(mgr, url, tmp_path / "b.db")
    unit = Customer.get()
    svc.update_customer(mgr, unit.id, notes="备份之后的修改")
    with pytest.raises(RestoreRefused):
        restore(mgr, url, target)
    assert Customer.get().notes == "备份之后的修改"  # nothing replaced
    restore(mgr, url, target, accept_damaged=True)
    assert Customer.get().notes == ""
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert last.action == "backup.restore" and last.after["accepted"]
    for table in ("audit_entry", "access_log"):  # the restore sits on the restored chain
        assert chain.verify(table)[1] is None


def test_restore_refuses_a_backup_with_its_guards_and_logs_removed(desk, tmp_path) -> None:
    url, _staff, mgr = desk
    target = backup(mgr, url, tmp_path / "b.db")
    conn = sqlite3.connect(target)
    conn.execute("DROP TRIGGER audit_entry_no_delete")
    conn.execute("DELETE FROM audit_entry WHERE id = 1")
    conn.commit()
    conn.close()
    with pytest.raises(RestoreRefused) as err:
        restore(mgr, url, target)
    assert "audit_entry_no_delete" in str(err.value) and "audit_entry #" in str(err.value)
    close_database()
    args = ["--db", url, "--as", "9001", "restore", str(target), "--yes"]
    assert main_as(args) != 0
    assert main_as([*args, "--force"]) == 2  # forcing needs a reason
    assert main_as([*args, "--accept-damaged"]) == 0
    open_database(url)
    assert AuditEntry.select().order_by(AuditEntry.id.desc()).get().action == "backup.restore"


@pytest.mark.postgres
def test_pg_restore_refuses_shorter_logs_unless_accepted(tmp_path, clock, ctx_for) -> None:
    from tests.conftest import new_pg_url

    url = new_pg_url()
    open_database(url)
    try:
        staff = _make_staff(clock.now())
        mgr = ctx_for(staff["manager"])
        unit = svc.create_customer(mgr, name="备份测试公司")
        try:
            target = backup(mgr, url, tmp_path / "desk.pgdump")
        except Exception as exc:
            pytest.skip(f"pg_dump unavailable: {exc}")
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        svc.update_customer(mgr, unit.id, notes="备份之后的修改")
        with pytest.raises(RestoreRefused):
            restore(mgr, url, target)
        assert Customer.get().notes == "备份之后的修改"
        restore(mgr, url, target, accept_damaged=True)
        assert Customer.get().notes == ""
        last = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
        assert last.action == "backup.restore" and last.after["backup"]["audit_entry"] == 1
        assert chain.verify("audit_entry")[1] is None
    finally:
        close_database()
