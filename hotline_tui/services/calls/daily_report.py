"""The daily summary of the hotline (H14: every call is written down, and the
day's problems are collected each day): the calls of one local day by outcome
and by category, the problems recorded on them, and the library entries
written that day (H9).

The day runs from 00:00 to 24:00 in the center's time zone (W2); the figures
come straight from the call records, so the report never disagrees with the desk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pendulum

from hotline_tui.config import Settings
from hotline_tui.domain.errors import ValidationError
from hotline_tui.i18n import N_, _
from hotline_tui.services.calls.calls import CATEGORIES
from hotline_tui.services.calls.outcomes import OUTCOMES
from hotline_tui.services.export import output_file
from hotline_tui.services.library.entries import STATUSES as ENTRY_STATUSES
from hotline_tui.services.safe_files import save_workbook, write_text_private
from hotline_tui.store.models import Call, Customer, LibraryEntry, Staff

IN_PROGRESS = "in_progress"
#: Outcome order of the report: what was finished first, what is still open last.
OUTCOME_LABELS: dict[str, str] = {
    **{
        k: OUTCOMES[k]
        for k in (
            "solved",
            "on_hold",
            "consultation",
            "dispatch",
            "transferred",
            "call_back_now",  # H12
            "suggestion",  # H15
        )
    },
    "abandoned": OUTCOMES["abandoned"],
    IN_PROGRESS: N_("Still in progress"),
}
FORMATS = ("md", "csv", "xlsx")


@dataclass(frozen=True)
class CallRow:
    """One call of the day as the summary lists it."""

    started_at: pendulum.DateTime  # local time
    ticket_no: str
    operator: str
    unit: str
    product: str
    modules: str
    category: str
    symptom: str
    outcome: str
    resolution: str
    library_entry_id: int | None
    due_at: pendulum.DateTime | None  # local time of a promise still open (H6/H7)
    due_rule: str
    transferred_to: str = ""  # H10: the named person or department


@dataclass(frozen=True)
class EntryRow:
    """A library entry written on the day (H9)."""

    id: int
    title: str
    status: str
    product: str
    source_calls: str
    author: str


@dataclass
class DailyReport:
    day: date
    center: str
    calls: list[CallRow] = field(default_factory=list)
    entries: list[EntryRow] = field(default_factory=list)
    phone: Any = None  # services.phone_log.PhoneFigures: the PBX's calls (H1)
    rings: int = 3

    @property
    def total(self) -> int:
        return len(self.calls)

    @property
    def by_outcome(self) -> list[tuple[str, int]]:
        """(outcome, count) for every outcome, in report order, zeros included."""
        return [(k, sum(1 for c in self.calls if c.outcome == k)) for k in OUTCOME_LABELS]

    @property
    def by_category(self) -> list[tuple[str, int]]:
        """(category, count) of the calls with a conversation, zeros left out."""
        talked = [c for c in self.calls if c.outcome != "abandoned"]
        counts = [(k, sum(1 for c in talked if c.category == k)) for k in CATEGORIES]
        return [(k, n) for k, n in counts if n]

    @property
    def problems(self) -> list[CallRow]:
        """The problems recorded: every call that had a conversation, by outcome then time."""
        order = list(OUTCOME_LABELS)
        talked = [c for c in self.calls if c.outcome != "abandoned"]
        return sorted(talked, key=lambda c: (order.index(c.outcome), c.started_at, c.ticket_no))


def parse_day(text: str | None, settings: Settings, now: pendulum.DateTime) -> date:
    """`YYYY-MM-DD` → that date; no text → today in the center's time zone."""
    if not text:
        return now.in_timezone(settings.timezone).date()
    try:
        parsed = pendulum.parse(text.strip(), exact=True)
    except (ValueError, pendulum.parsing.exceptions.ParserError):
        parsed = None
    if not isinstance(parsed, date) or isinstance(parsed, pendulum.DateTime):
        raise ValidationError("date", "Give a date like {eg}", eg="2026-11-23")
    if not 1970 <= parsed.year <= 2999:
        raise ValidationError("date", "Give a date between {lo} and {hi}", lo="1970", hi="2999")
    return date(parsed.year, parsed.month, parsed.day)


def _by_id(model: Any, ids: set[int]) -> dict[int, Any]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return {row.id: row for row in model.select().where(model.id.in_(sorted(ids)))}


def _outcome(call: Call) -> str:
    if call.outcome in OUTCOME_LABELS:
        return call.outcome
    return IN_PROGRESS


def daily_report(day: date, settings: Settings | None = None, ctx: Any = None) -> DailyReport:
    """H14: the figures of one local day, read from the calls and the library.

    S2: the report names units and what their callers said; with the reader's
    context, each 机密/绝密 unit in it is written on the borrowing card."""
    settings = settings or Settings()
    tz = settings.timezone
    start = pendulum.datetime(day.year, day.month, day.day, tz=tz)
    lo, hi = start.in_timezone("UTC"), start.add(days=1).in_timezone("UTC")
    calls = list(
        Call.select()
        .where((Call.started_at >= lo) & (Call.started_at < hi))
        .order_by(Call.started_at, Call.id)
    )
    entries = list(
        LibraryEntry.select(
            LibraryEntry.id,
            LibraryEntry.title,
            LibraryEntry.status,
            LibraryEntry.product,
            LibraryEntry.source_calls,
            LibraryEntry.author,
        )
        .where((LibraryEntry.created_at >= lo) & (LibraryEntry.created_at < hi))
        .order_by(LibraryEntry.id)
    )
    units = _by_id(Customer, {c.customer_id for c in calls if c.customer_id})
    if ctx is not None:
        from hotline_tui.services.customers.secrecy import log_access

        log_access(ctx, units.values(), "daily report", view="minimum")
    people = _by_id(Staff, {c.taken_by_id for c in calls} | {e.author_id for e in entries})

    def who(staff_id: int | None) -> str:
        person = people.get(staff_id) if staff_id else None
        return f"{person.agent_no} {person.name}" if person else ""

    report = DailyReport(day=day, center=settings.center_name)
    for c in calls:
        unit = units.get(c.customer_id) if c.customer_id else None
        report.calls.append(
            CallRow(
                started_at=pendulum.instance(c.started_at).in_timezone(tz),
                ticket_no=c.ticket_no,
                operator=who(c.taken_by_id),
                unit=unit.name if unit else "",
                product=" ".join(p for p in (c.product, c.version_text) if p),
                modules=c.modules,
                category=c.category if c.category in CATEGORIES else "general",
                symptom=c.symptom,
                outcome=_outcome(c),
                resolution=c.resolution,
                library_entry_id=c.library_entry_id,
                due_at=pendulum.instance(c.due_at).in_timezone(tz) if c.due_at else None,
                due_rule=c.due_rule,
                transferred_to=c.transferred_to,
            )
        )
    report.entries = [
        EntryRow(e.id, e.title, e.status, e.product, e.source_calls, who(e.author_id))
        for e in entries
    ]
    from hotline_tui.services.calls.phone_log import day_figures  # telephony

    report.phone = day_figures(day, settings)
    report.rings = settings.policy.answer_within_rings
    return report


# -- output -------------------------------------------------------------------


def _headers() -> list[str]:
    return [
        _("Time"),
        _("Ticket no."),
        _("Operator"),
        _("Unit"),
        _("Product"),
        _("Modules"),
        _("Category"),
        _("Symptom"),
        _("Outcome"),
        _("Resolution"),
        _("Library entry"),
        _("Due"),
    ]


def _row(c: CallRow) -> list[Any]:
    due = f"{c.due_at.format('HH:mm')} ({c.due_rule})" if c.due_at else ""
    return [
        c.started_at.format("HH:mm"),
        c.ticket_no,
        c.operator,
        c.unit,
        c.product,
        c.modules,
        _(CATEGORIES[c.category]),
        c.symptom,
        _(OUTCOME_LABELS[c.outcome]),
        c.resolution or (f"→ {c.transferred_to}" if c.transferred_to else ""),
        f"#{c.library_entry_id}" if c.library_entry_id else "",
        due,
    ]


def _title(report: DailyReport) -> str:
    return _("Daily summary {day}", day=report.day.isoformat())


def _cell(value: Any) -> str:
    text = str(value or "").replace("|", "/").replace("\r", " ").replace("\n", " ").strip()
    return text or "—"


def _md_table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return out


def render_markdown(report: DailyReport) -> str:
    """The summary as Markdown, in the UI language."""
    out = [f"# {_title(report)}", "", report.center, ""]
    out.append(_("Calls taken: {n} (H14: every call is written down)", n=report.total))
    out += ["", "## " + _("By outcome"), ""]
    rows: list[list[Any]] = [[_(OUTCOME_LABELS[k]), str(n)] for k, n in report.by_outcome]
    rows.append([_("Total"), str(report.total)])
    out += _md_table([_("Outcome"), _("Count")], rows)
    out += ["", "## " + _("By category"), ""]
    rows = [[_(CATEGORIES[k]), str(n)] for k, n in report.by_category]
    out += _md_table([_("Category"), _("Count")], rows) if rows else [_("No calls.")]
    out += ["", "## " + _("Problems recorded"), ""]
    problems = [_row(c) for c in report.problems]
    out += _md_table(_headers(), problems) if problems else [_("No calls.")]
    out += ["", "## " + _("Library entries written (H9)"), ""]
    entries = [
        [f"#{e.id}", e.title, _(ENTRY_STATUSES.get(e.status, e.status)), e.source_calls, e.author]
        for e in report.entries
    ]
    heads = [_("No."), _("Title"), _("Status"), _("Source calls"), _("Author")]
    out += _md_table(heads, entries) if entries else [_("No library entries written.")]
    if report.phone is not None and report.phone.total.offered:
        from hotline_tui.services.calls.phone_log import figures_markdown

        out += ["", "## " + _("Phone system calls (H1)"), ""]
        out += figures_markdown(report.phone, report.rings)
    return "\n".join(out) + "\n"


def _csv_rows(report: DailyReport) -> list[list[Any]]:
    """Every call of the day, grouped by outcome (no-conversation calls included)."""
    order = list(OUTCOME_LABELS)
    calls = sorted(report.calls, key=lambda c: (order.index(c.outcome), c.started_at, c.ticket_no))
    return [_row(c) for c in calls]


def render_csv(report: DailyReport) -> str:
    """One table, one row per call, grouped by outcome: for a spreadsheet or a script."""
    from hotline_tui.services.safe_files import csv_text

    return csv_text(_headers(), _csv_rows(report))


def write_report(report: DailyReport, fmt: str, path: str | Path | None) -> str | None:
    """Write the report to `path` in `fmt`; without a path, return the text to print."""
    if fmt not in FORMATS:
        raise ValidationError("format", "Report format must be md, csv or xlsx")
    if path is None:
        if fmt == "xlsx":
            raise ValidationError("output", "An XLSX report needs --output PATH")
        return render_markdown(report) if fmt == "md" else render_csv(report)
    path = output_file(path)
    if fmt == "md":
        write_text_private(path, render_markdown(report))
    elif fmt == "csv":  # with a BOM, so spreadsheet programs read the Chinese
        write_text_private(path, render_csv(report), encoding="utf-8-sig")
    else:
        _write_xlsx(report, path)
    return None


def _write_xlsx(report: DailyReport, path: Path) -> None:
    """Three sheets: the figures, the calls by outcome, the library entries (openpyxl)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = _("Summary")
    ws.append([_title(report)])
    ws.append([report.center])
    ws.append([_("Calls taken"), report.total])
    ws.append([])
    ws.append([_("Outcome"), _("Count")])
    for k, n in report.by_outcome:
        ws.append([_(OUTCOME_LABELS[k]), n])
    ws.append([])
    ws.append([_("Category"), _("Count")])
    for k, n in report.by_category:
        ws.append([_(CATEGORIES[k]), n])
    calls = wb.create_sheet(_("Calls"))
    calls.append(_headers())
    for row in _csv_rows(report):
        calls.append(row)
    lib = wb.create_sheet(_("Library"))
    lib.append([_("No."), _("Title"), _("Status"), _("Product"), _("Source calls"), _("Author")])
    for e in report.entries:
        status = _(ENTRY_STATUSES.get(e.status, e.status))
        lib.append([e.id, e.title, status, e.product, e.source_calls, e.author])
    if report.phone is not None and report.phone.total.offered:
        from hotline_tui.services.calls.phone_log import figures_table

        phone = wb.create_sheet(_("Phone system calls (H1)"))
        heads, rows = figures_table(report.phone, report.rings)
        phone.append(heads)
        for r in rows:
            phone.append(r)
    save_workbook(wb, path)
