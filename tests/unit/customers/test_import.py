"""S1: units and contacts from CSV/XLSX, bad rows by line, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotline_tui.domain.errors import PermissionDenied
from hotline_tui.services.customers.contacts import find_caller
from hotline_tui.services.customers.transfer import (
    COLUMNS,
    ImportRejected,
    export_customers,
    import_customers,
)
from hotline_tui.services.export import read_table, write_table
from hotline_tui.store.models import AuditEntry, Contact, Customer, CustomerProduct
from tests.cli_helpers import main_as

HEADERS = [
    "单位名称",
    "地址",
    "类别",
    "密级",
    "联系人",
    "称谓",
    "手机",
    "电话",
    "产品",
    "版本",
    "加密锁号",
]
GOOD = [
    ["杭州恒信贸易有限公司", "杭州市庆春路 8 号", "VIP", "秘密", "陈丽", "女士", "139 0571 0001", "", "华信财务 U8", "V13.0", "HX20000001"],
    ["杭州恒信贸易有限公司", "", "", "", "周明", "先生", "", "0571-8765 4321", "", "", ""],
    ["宁波海纳物流有限公司", "宁波市中山东路 2 号", "重点", "机密", "林芳", "女士", "13600001111", "", "华信 KIS", "专业版 V12.0", "HX20000002"],
]  # fmt: skip


def _write(tmp_path: Path, rows: list[list[str]], name: str = "units.csv") -> Path:
    path = tmp_path / name
    write_table(path, HEADERS, rows)
    return path


def test_s1_import_csv_creates_units_contacts_and_phone_index(staff, ctx_for, tmp_path) -> None:
    result = import_customers(ctx_for(staff["manager"]), _write(tmp_path, GOOD))
    assert (result.units_created, result.contacts_added, result.products_added) == (2, 3, 2)
    unit = Customer.get(Customer.name == "杭州恒信贸易有限公司")
    assert unit.category == "vip" and unit.confidentiality == "secret"
    assert sorted(c.name for c in unit.contacts) == ["周明", "陈丽"]
    assert Customer.get(Customer.name.startswith("宁波")).confidentiality == "confidential"
    assert [m.contact.name for m in find_caller("87654321")] == ["周明"]  # H4
    assert AuditEntry.select().where(AuditEntry.action == "customer.import").count() == 1


def test_s1_import_with_a_bad_row_reports_its_line_and_imports_nothing(
    staff, ctx_for, tmp_path
) -> None:
    rows = [*GOOD]
    rows.insert(2, ["坏数据公司", "", "金牌", "", "", "", "", "", "", "", ""])  # line 4
    rows.append(["温州测试公司", "", "", "", "张三", "先生", "hello", "", "", "", ""])  # line 6
    with pytest.raises(ImportRejected) as exc:
        import_customers(ctx_for(staff["manager"]), _write(tmp_path, rows))
    assert [(p.line, p.field) for p in exc.value.problems] == [(4, "category"), (6, "mobile")]
    assert "第 4 行" in str(exc.value.problems[0])
    assert Customer.select().count() == 0 and Contact.select().count() == 0


def test_s1_import_xlsx_and_reimport_adds_only_new_contacts(staff, ctx_for, tmp_path) -> None:
    mgr = ctx_for(staff["manager"])
    import_customers(mgr, _write(tmp_path, GOOD, "units.xlsx"))
    more = [
        GOOD[0],
        ["杭州恒信贸易有限公司", "", "", "", "吴静", "女士", "13900002222", "", "", "", ""],
    ]
    result = import_customers(mgr, _write(tmp_path, more, "more.xlsx"))
    assert (result.units_created, result.units_updated, result.contacts_added) == (0, 1, 1)
    assert Contact.select().count() == 4 and CustomerProduct.select().count() == 2


def test_s1_export_round_trips_through_import(staff, ctx_for, tmp_path) -> None:
    mgr = ctx_for(staff["manager"])
    import_customers(mgr, _write(tmp_path, GOOD))
    out = tmp_path / "all.xlsx"
    assert export_customers(mgr, out) == 3
    headers, rows = read_table(out)
    assert headers == list(COLUMNS) and {r[0] for r in rows} == {c.name for c in Customer.select()}


def test_only_managers_import_customers(staff, ctx_for, tmp_path) -> None:
    with pytest.raises(PermissionDenied):
        import_customers(ctx_for(staff["operator"]), _write(tmp_path, GOOD))


def test_unknown_column_is_reported_on_line_1(staff, ctx_for, tmp_path) -> None:
    path = tmp_path / "odd.csv"
    write_table(path, ["单位名称", "颜色"], [["某公司", "红"]])
    with pytest.raises(ImportRejected) as exc:
        import_customers(ctx_for(staff["manager"]), path)
    assert exc.value.problems[0].line == 1 and exc.value.problems[0].field == "颜色"


def test_cli_import_lists_bad_lines_and_exits_nonzero(sqlite_staff, tmp_path, capsys) -> None:
    from hotline_tui.store.base import database

    url = f"sqlite:///{database.obj.database}"
    bad = [*GOOD, ["坏数据公司", "", "", "绝对机密", "", "", "", "", "", "", ""]]
    assert (
        main_as(["--db", url, "customers", "import", str(_write(tmp_path, bad)), "--as", "9001"])
        == 1
    )
    err = capsys.readouterr().err
    assert "没有导入任何数据" in err and "第 5 行" in err
    assert (
        main_as(["--db", url, "customers", "import", str(_write(tmp_path, GOOD)), "--as", "9001"])
        == 0
    )
    assert "2" in capsys.readouterr().out
    out = tmp_path / "export.csv"
    assert main_as(["--db", url, "customers", "export", str(out), "--as", "9001"]) == 0
    assert out.read_text(encoding="utf-8-sig").count("杭州恒信贸易有限公司") == 2
