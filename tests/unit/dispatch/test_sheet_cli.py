"""D4: `hotline dispatch sheet ORDER` prints the on-site service record, by id
or order number, as Markdown or XLSX; an unknown order is one clear line."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from hotline_tui.services.dispatch import orders as svc
from hotline_tui.services.dispatch.queries import sheet_data
from hotline_tui.store.db import close_database, open_database
from hotline_tui.store.models import Contact, Customer, CustomerProduct
from tests.cli_helpers import main_as
from tests.conftest import _make_staff


def test_d4_service_sheet_markdown_and_xlsx(tmp_path: Path, capsys, clock, ctx_for) -> None:
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    open_database(url)
    staff = _make_staff(clock.now())
    now = clock.now()
    cust = Customer.create(
        name="上海宏达机械有限公司", address="张江路 88 号", created_at=now, updated_at=now
    )
    CustomerProduct.create(customer=cust, product="用友通", version="10.8", dongle_no="A-123")
    contact = Contact.create(customer=cust, name="陈会计", mobile="13912345678", created_at=now)
    req = svc.request_dispatch(
        ctx_for(staff["operator"]),
        customer_id=cust.id,
        contact_id=contact.id,
        problem="账套备份失败",
    )
    mgr, eng = ctx_for(staff["manager"]), ctx_for(staff["engineer"])
    svc.verify(mgr, req.id)
    svc.assign(mgr, req.id, staff["engineer"].id, expected_version=req.version + 1)
    svc.appoint(eng, req.id, now.add(hours=3))
    svc.arrive(eng, req.id)
    svc.sign_off(
        eng,
        req.id,
        signer="陈会计",
        work_done="清理磁盘,备份成功",
        cause="磁盘空间不足",
        prevention="定期清理磁盘",
        customer_checked=True,
        customer_opinion="满意",
    )
    close_database()

    assert main_as(["--db", url, "dispatch", "sheet", req.order_no]) == 0
    out = capsys.readouterr().out
    for text in (
        "现场服务记录单",
        "上海宏达机械有限公司",
        "陈会计",
        "13912345678",
        "用友通",
        "账套备份失败",
        "清理磁盘",
        "赵工",
        "11-23 13:00",
        "客户签字",
        "## 原因说明",  # D4: cause, prevention, the customer's check and opinion
        "磁盘空间不足",
        "定期清理磁盘",
        "☑ 客户已检验处理结果",
        "## 客户意见",
        "满意",
    ):
        assert text in out, text

    target = tmp_path / "sheet.xlsx"
    args = ["--db", url, "dispatch", "sheet", str(req.id), "--format", "xlsx", "--output"]
    assert main_as([*args, str(target)]) == 0
    cells = [c for row in load_workbook(target).active.iter_rows(values_only=True) for c in row]
    assert req.order_no in cells and "上海宏达机械有限公司" in cells and "A-123" in cells
    assert "磁盘空间不足" in cells and "客户已检验处理结果" in cells and "☑" in cells  # D4

    assert main_as(["--db", url, "dispatch", "sheet", "PD19990101-0001"]) == 2
    err = capsys.readouterr().err
    assert "PD19990101-0001" in err and "Traceback" not in err


def test_d4_sheet_without_a_contact_names_the_units_main_contact(
    staff, customer, ctx_for, clock
) -> None:
    """A request raised without a contact still prints who to ask for on site (S1)."""
    now = clock.now()
    Contact.update(left_company=True).where(Contact.customer == customer).execute()
    Contact.create(customer=customer, name="王出纳", phone="021-5080 1234", created_at=now)
    Contact.create(customer=customer, name="李总", is_primary=True, created_at=now)
    req = svc.request_dispatch(
        ctx_for(staff["operator"]), customer_id=customer.id, problem="打印机驱动"
    )
    data = sheet_data(ctx_for(staff["manager"]), req.order_no)
    assert data["contact"] == "李总"  # the primary contact; never one who left
    assert data["order_no"] == req.order_no and data["problem"] == "打印机驱动"
