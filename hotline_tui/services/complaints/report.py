"""The monthly complaint analysis (客户投诉分析报告, C7): counts and shares by
category and level, change against the same month last year, valid vs not
counted (C2), causes and measures, and the date it is due.

Only valid complaints count in the shares (C2); archived ones are reported
as "not counted", unchecked ones as "still to check".
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import pendulum

from hotline_tui.config import Settings
from hotline_tui.domain import complaint_flow as flow
from hotline_tui.domain import deadlines
from hotline_tui.domain.errors import ValidationError
from hotline_tui.i18n import _
from hotline_tui.services.base import ServiceContext, business_calendar, require
from hotline_tui.services.export import output_file
from hotline_tui.store.models import Complaint


@dataclass(frozen=True)
class Line:
    code: str
    count: int
    share: float | None  # of the valid complaints of the month
    last_year: int
    change: float | None  # percent against the same month last year; None when that was 0
    #: C6/C7: share within the service complaints (the first five categories); None otherwise
    service_share: float | None = None


@dataclass(frozen=True)
class Cause:
    ref_no: str
    category: str
    level: str
    cause: str
    measures: str
    corrective: str
    preventive: str
    status: str


@dataclass
class MonthlyReport:
    month: str
    due_at: datetime
    received: int
    counted: int
    not_counted: int
    pending: int
    counted_last_year: int
    change: float | None
    by_category: list[Line] = field(default_factory=list)
    by_level: list[Line] = field(default_factory=list)
    causes: list[Cause] = field(default_factory=list)
    service_complaints: int = 0  # C6: valid complaints of the five service categories


def parse_month(month: str) -> tuple[int, int]:
    try:
        year, mon = deadlines._parse_month(month)
    except ValueError:
        raise ValidationError("month", "Month must look like 2026-09") from None
    if not 2000 <= year <= 2100:
        raise ValidationError("month", "Month must look like 2026-09")
    return year, mon


def _bounds(year: int, mon: int, tz: str) -> tuple[pendulum.DateTime, pendulum.DateTime]:
    start = pendulum.datetime(year, mon, 1, tz=tz)
    return start.in_tz("UTC"), start.add(months=1).in_tz("UTC")


def _month(year: int, mon: int, tz: str) -> list[Complaint]:
    start, end = _bounds(year, mon, tz)
    return list(
        Complaint.select()
        .where((Complaint.received_at >= start) & (Complaint.received_at < end))
        .order_by(Complaint.received_at, Complaint.id)
    )


def change_percent(now: int, before: int) -> float | None:
    """Change against last year in percent (3 against 1 is +200%); None when last year was 0."""
    if before == 0:
        return None
    return round((now - before) * 100.0 / before, 1)


def _lines(codes: dict[str, str], attr: str, this: list, last: list) -> list[Line]:
    total = len(this)
    out = []
    for code in codes:
        n = sum(1 for c in this if getattr(c, attr) == code)
        m = sum(1 for c in last if getattr(c, attr) == code)
        out.append(Line(code, n, (n / total) if total else None, m, change_percent(n, m)))
    return out


def _with_service_shares(lines: list[Line]) -> list[Line]:
    """C7: each service category's share within the service complaints as well."""
    total = sum(x.count for x in lines if x.code in flow.SERVICE_CATEGORIES)
    return [
        replace(x, service_share=(x.count / total) if total else None)
        if x.code in flow.SERVICE_CATEGORIES
        else x
        for x in lines
    ]


def monthly_report(month: str, settings: Settings | None = None) -> MonthlyReport:
    """C7: the figures of `month` ("YYYY-MM") and when the report is due."""
    settings = settings or Settings()
    year, mon = parse_month(month)
    tz = settings.timezone
    rows = _month(year, mon, tz)
    last = [c for c in _month(year - 1, mon, tz) if flow.counts(c.valid)]
    valid = [c for c in rows if flow.counts(c.valid)]
    due = deadlines.c7_report_due(
        (year, mon),
        business_calendar(settings),
        working_day=settings.policy.complaint_report_working_day,
    )
    return MonthlyReport(
        month=f"{year:04d}-{mon:02d}",
        due_at=due,
        received=len(rows),
        counted=len(valid),
        not_counted=sum(1 for c in rows if c.valid is False),
        pending=sum(1 for c in rows if c.valid is None),
        counted_last_year=len(last),
        change=change_percent(len(valid), len(last)),
        by_category=_with_service_shares(_lines(flow.CATEGORIES, "category", valid, last)),
        service_complaints=sum(1 for c in valid if c.category in flow.SERVICE_CATEGORIES),
        by_level=_lines(flow.LEVELS, "level", valid, last),
        causes=[
            Cause(
                c.ref_no,
                c.category,
                c.level,
                c.cause,
                c.measures,
                c.corrective,
                c.preventive,
                c.status,
            )
            for c in valid
        ],
    )


def report_pending(ctx: ServiceContext) -> tuple[str, datetime] | None:
    """C7: last month's report while it is still due: (month, due), else None."""
    require(ctx, "complaint.report")
    now = ctx.local(ctx.now())
    last = now.start_of("month").subtract(days=1)
    month = f"{last.year:04d}-{last.month:02d}"
    due = deadlines.c7_report_due(
        month, ctx.calendar(), working_day=ctx.policy.complaint_report_working_day
    )
    return (month, due) if now <= due else None


# -- output -----------------------------------------------------------------


def fmt_share(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def fmt_change(change: float | None, count: int) -> str:
    if change is None:
        return _("new") if count else "—"
    return f"{change:+.1f}%"


def _table_rows(lines: list[Line], labels: dict[str, str]) -> list[list[str]]:
    service = labels is flow.CATEGORIES
    return [
        [
            _(labels[x.code]),
            str(x.count),
            fmt_share(x.share),
            *([fmt_share(x.service_share)] if service else []),
            str(x.last_year),
            fmt_change(x.change, x.count),
        ]
        for x in lines
    ]


def _headers(service: bool = False) -> list[str]:
    """C7: the category table also gives the share within the service complaints."""
    shares = [_("Share of valid"), _("Share of service")] if service else [_("Share")]
    return [_("Item"), _("Count"), *shares, _("Same month last year"), _("Change")]


def _cell(value: str) -> str:
    return (value or "—").replace("|", "/").replace("\n", " ")


def render_markdown(report: MonthlyReport, settings: Settings | None = None) -> str:
    """The report as Markdown, in the UI language."""
    settings = settings or Settings()
    due = pendulum.instance(report.due_at).in_tz(settings.timezone).format("YYYY-MM-DD HH:mm")
    out = [
        "# " + _("Complaint analysis report {month}", month=report.month),
        "",
        _("Due by {due} (C7: the 3rd working day of the next month)", due=due),
        "",
        "- " + _("Complaints received: {n}", n=report.received),
        "- " + _("Valid, counted: {n}", n=report.counted),
        "- " + _("Outside the contract, not counted: {n}", n=report.not_counted),
        "- " + _("Still to check: {n}", n=report.pending),
        "- " + _("Service complaints: {n}", n=report.service_complaints),
        "- "
        + _(
            "Same month last year: {n} valid ({change})",
            n=report.counted_last_year,
            change=fmt_change(report.change, report.counted),
        ),
        "",
    ]
    for title, lines, labels in (
        (_("By category"), report.by_category, flow.CATEGORIES),
        (_("By level"), report.by_level, flow.LEVELS),
    ):
        heads = _headers(labels is flow.CATEGORIES)
        out += ["## " + title, "", "| " + " | ".join(heads) + " |"]
        out.append("|" + "---|" * len(heads))
        out += ["| " + " | ".join(r) + " |" for r in _table_rows(lines, labels)]
        out.append("")
    out += ["## " + _("Causes and measures"), ""]
    heads = [_("No."), _("Category"), _("Cause"), _("Measures"), _("Corrective"), _("Preventive")]
    out += ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for c in report.causes:
        cells = [c.ref_no, _(flow.CATEGORIES[c.category]), c.cause, c.measures]
        cells += [c.corrective, c.preventive]
        out.append("| " + " | ".join(_cell(x) for x in cells) + " |")
    if not report.causes:
        out.append(_("No valid complaints this month."))
    return "\n".join(out) + "\n"


def write_xlsx(report: MonthlyReport, path: str | Path, settings: Settings | None = None) -> None:
    """The report as a workbook: a summary sheet and one sheet of causes (openpyxl)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    settings = settings or Settings()
    path = output_file(path)
    due = pendulum.instance(report.due_at).in_tz(settings.timezone).format("YYYY-MM-DD HH:mm")
    wb = Workbook()
    ws = wb.active
    ws.title = _("Summary")
    ws.append([_("Complaint analysis report {month}", month=report.month)])
    ws.append([_("Due by"), due])
    ws.append([_("Complaints received"), report.received])
    ws.append([_("Valid, counted"), report.counted])
    ws.append([_("Outside the contract, not counted"), report.not_counted])
    ws.append([_("Still to check"), report.pending])
    ws.append([_("Same month last year"), report.counted_last_year])
    ws.append([_("Change"), fmt_change(report.change, report.counted)])
    for title, lines, labels in (
        (_("By category"), report.by_category, flow.CATEGORIES),
        (_("By level"), report.by_level, flow.LEVELS),
    ):
        ws.append([])
        ws.append([title])
        service = labels is flow.CATEGORIES
        ws.append(_headers(service))
        for x in lines:
            shares = [x.share] + ([x.service_share] if service else [])
            ws.append(
                [
                    _(labels[x.code]),
                    x.count,
                    *[None if v is None else round(v, 4) for v in shares],
                    x.last_year,
                    None if x.change is None else x.change / 100,
                ]
            )
            row = ws[ws.max_row]
            for cell in row[2 : 2 + len(shares)]:  # shares as percentages
                cell.number_format = "0.0%"
            row[3 + len(shares)].number_format = "+0.0%;-0.0%;0.0%"
    causes = wb.create_sheet(_("Causes and measures"))
    causes.append(
        [_("No."), _("Category"), _("Level"), _("Cause"), _("Measures")]
        + [_("Corrective"), _("Preventive"), _("Status")]
    )
    for c in report.causes:
        causes.append(
            [c.ref_no, _(flow.CATEGORIES[c.category]), _(flow.LEVELS[c.level]), c.cause]
            + [c.measures, c.corrective, c.preventive, _(flow.STATE_LABELS[c.status])]
        )
    for sheet, widths in ((ws, (28, 10, 10, 14, 10)), (causes, (18, 14, 8, 40, 40, 30, 30, 16))):
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
    from hotline_tui.services.safe_files import save_workbook

    save_workbook(wb, path)
