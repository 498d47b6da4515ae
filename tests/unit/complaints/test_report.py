"""C7 monthly analysis and C8 per-person view, against hand-computed figures."""

from __future__ import annotations

import pendulum
import pytest

from hotline_tui.domain.calendar import BusinessCalendar
from hotline_tui.domain.deadlines import c7_report_due
from hotline_tui.domain.errors import ValidationError
from hotline_tui.services.complaints import handling as svc
from hotline_tui.services.complaints.queries import per_person
from hotline_tui.services.complaints.report import (
    monthly_report,
    render_markdown,
    report_pending,
    write_xlsx,
)

SH = "Asia/Shanghai"


def at(*args: int) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz=SH)


@pytest.fixture
def file(register, staff, ctx_for):
    """`file(when, category, level, valid)`: register and check (True) or archive (False)."""
    sup = ctx_for(staff["supervisor"])

    def make(when, category="delay", level="general", valid=True, person=None):
        c = register(received_at=when, category=category, level=level, person_id=person)
        if valid is True:
            svc.check_complaint(sup, c.id, responsible="服务部")
            svc.handle_complaint(sup, c.id, cause=f"原因{c.id}", measures=f"措施{c.id}")
        elif valid is False:
            svc.archive_complaint(sup, c.id, explanation="合同外")
        return c

    return make


def test_c7_report_due_for_september_2026(db) -> None:
    """September ends before the National Day holiday: the 3rd working day of
    October is Saturday 10 October, the adjusted working day (调休)."""
    report = monthly_report("2026-09")
    assert report.due_at == at(2026, 10, 10, 18, 0)
    assert report.due_at == c7_report_due("2026-09", BusinessCalendar())
    assert monthly_report("2026-11").due_at == at(2026, 12, 3, 18, 0)


def test_c7_monthly_report_figures_against_hand_counts(file) -> None:
    # September 2026: 8 valid (delay 3, attitude 1, quality 1, product 1, oversold 2),
    # 1 outside the contract, 1 still to check; one at 00:30 on 1 October is October's.
    for day, category, level in (
        (1, "delay", "general"),
        (3, "delay", "serious"),
        (10, "delay", "general"),
        (11, "attitude", "general"),
        (12, "quality", "major"),
        (15, "product", "general"),
        (20, "oversold", "general"),
        (30, "oversold", "general"),
    ):
        file(at(2026, 9, day, 0, 10), category, level)
    file(at(2026, 9, 18, 9, 0), "charges", valid=False)
    file(at(2026, 9, 19, 9, 0), "quality", valid=None)
    file(at(2026, 10, 1, 0, 30), "delay")
    # September 2025: delay 1, attitude 2 valid; charges 1 archived (not counted either)
    file(at(2025, 9, 2, 10, 0), "delay")
    file(at(2025, 9, 3, 10, 0), "attitude")
    file(at(2025, 9, 4, 10, 0), "attitude")
    file(at(2025, 9, 5, 10, 0), "charges", valid=False)

    r = monthly_report("2026-09")
    assert (r.received, r.counted, r.not_counted, r.pending) == (10, 8, 1, 1)
    assert (r.counted_last_year, r.change) == (3, 166.7)  # (8 - 3) / 3
    cat = {x.code: x for x in r.by_category}
    assert (cat["delay"].count, cat["delay"].share) == (3, 0.375)
    assert (cat["delay"].last_year, cat["delay"].change) == (1, 200.0)  # the seed's +200%
    assert (cat["attitude"].share, cat["attitude"].change) == (0.125, -50.0)
    assert (cat["quality"].count, cat["quality"].last_year, cat["quality"].change) == (1, 0, None)
    assert (cat["charges"].count, cat["charges"].share) == (0, 0.0)
    assert cat["oversold"].share == 0.25
    assert sum(x.count for x in r.by_category) == 8
    lvl = {x.code: x for x in r.by_level}
    assert (lvl["general"].count, lvl["serious"].count, lvl["major"].count) == (6, 1, 1)
    assert lvl["general"].share == 0.75
    assert len(r.causes) == 8 and all(c.cause.startswith("原因") for c in r.causes)

    md = render_markdown(r)
    assert "客户投诉分析报告 2026-09" in md
    assert "| 服务延时 | 3 | 37.5% | 60.0% | 1 | +200.0% |" in md
    assert "| 服务态度 | 1 | 12.5% | 20.0% | 2 | -50.0% |" in md
    assert "| 服务质量 | 1 | 12.5% | 20.0% | 0 | 新增 |" in md
    assert "| 产品问题 | 1 | 12.5% | — | 0 | 新增 |" in md  # not a service complaint
    assert "2026-10-10 18:00" in md


def test_c7_report_written_as_xlsx(file, tmp_path) -> None:
    from openpyxl import load_workbook

    file(at(2026, 9, 1, 10, 0), "delay")
    file(at(2026, 9, 2, 10, 0), "attitude", level="major")
    path = tmp_path / "c7.xlsx"
    write_xlsx(monthly_report("2026-09"), path)
    wb = load_workbook(path)
    rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    assert ["服务延时", 1, 0.5, 0.5, 0, None] in rows  # of valid, of service complaints
    assert ["重大", 1, 0.5, 0, None, None] in rows  # the sheet is six columns wide now
    assert wb.worksheets[1].max_row == 3  # header + two causes


def test_c7_shares_within_service_complaints_and_of_all_valid(file) -> None:
    """C6/C7: the five service categories (技术水平 among them) get their share
    within the service complaints besides their share of all valid complaints."""
    for day, category in ((1, "delay"), (2, "skill"), (3, "skill"), (4, "conduct"), (5, "product")):
        file(at(2026, 9, day, 10, 0), category)
    r = monthly_report("2026-09")
    cat = {x.code: x for x in r.by_category}
    assert r.service_complaints == 4 and r.counted == 5
    assert (cat["skill"].share, cat["skill"].service_share) == (0.4, 0.5)
    assert (cat["delay"].share, cat["delay"].service_share) == (0.2, 0.25)
    assert cat["product"].service_share is None
    assert "| 技术水平 | 2 | 40.0% | 50.0% | 0 | 新增 |" in render_markdown(r)


def test_c7_bad_month_names_the_field(db) -> None:
    for bad in ("2026-13", "Sept", "1899-01"):
        with pytest.raises(ValidationError) as err:
            monthly_report(bad)
        assert err.value.field == "month"


def test_c8_three_complaints_in_six_months_flagged(file, staff, ctx_for) -> None:
    eng, op2 = staff["engineer"].id, staff["operator2"].id
    for when in (at(2026, 6, 1, 10, 0), at(2026, 9, 10, 10, 0), at(2026, 11, 20, 10, 0)):
        file(when, "attitude", person=eng)
    file(at(2026, 5, 1, 10, 0), "attitude", person=eng)  # older than six months
    file(at(2026, 10, 1, 10, 0), "delay", person=op2)
    file(at(2026, 10, 2, 10, 0), "delay", person=op2)
    file(at(2026, 10, 3, 10, 0), "charges", person=op2, valid=False)  # C2: not counted
    file(at(2026, 10, 4, 10, 0), "delay", person=op2, valid=None)  # not checked yet

    rows = per_person(ctx_for(staff["manager"]))
    assert [(r.agent_no, r.count, r.pending, r.flagged) for r in rows] == [
        ("3001", 3, 0, True),
        ("1002", 2, 1, False),
    ]


def test_c7_last_months_report_is_pending_until_its_due_date(staff, ctx_for, clock) -> None:
    ctx = ctx_for(staff["supervisor"])
    clock.set(at(2026, 10, 1, 9, 0))  # National Day: September's report is due on 10 October
    assert report_pending(ctx) == ("2026-09", at(2026, 10, 10, 18, 0))
    clock.set(at(2026, 10, 10, 17, 59))
    assert report_pending(ctx) == ("2026-09", at(2026, 10, 10, 18, 0))
    clock.set(at(2026, 10, 12, 9, 0))
    assert report_pending(ctx) is None
    clock.set(at(2026, 12, 1, 9, 0))
    assert report_pending(ctx) == ("2026-11", at(2026, 12, 3, 18, 0))
