"""The monthly callback report for the service manager (F7).

Which callbacks count: those whose rule due time (`first_due_at`, before any
retry moved `due_at`) falls in the month, in the center's time zone; cancelled
ones are left out. Of these:
- made: worked through with the customer (status done); on time when finished
  by the rule's due time, late otherwise;
- unreachable: closed after the last failed try; open: not made yet (overdue
  when the report is run past their current due time);
- outcomes of the made ones: problem solved or not (the script's "solved"
  answer), a new hotline call opened (F5);
- satisfaction: the attitude/satisfaction answer (F6), with the rate among
  those asked; every "no" is listed with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pendulum
from peewee import JOIN, fn

from hotline_tui.config import Settings
from hotline_tui.domain.errors import ValidationError
from hotline_tui.i18n import _
from hotline_tui.services.base import business_calendar
from hotline_tui.services.callbacks.followups import KINDS
from hotline_tui.services.export import output_file
from hotline_tui.store.models import Callback, CallbackAttempt, Customer, Staff


@dataclass
class Line:
    """Counts for one kind or one owner."""

    label: str
    due: int = 0
    made: int = 0
    on_time: int = 0
    late: int = 0
    unreachable: int = 0
    open: int = 0


@dataclass
class CallbackReport:
    month: str
    generated_at: datetime
    totals: Line
    overdue_open: int = 0
    attempts: int = 0
    solved: int = 0
    unsolved: int = 0
    new_calls: int = 0
    satisfied: int = 0
    dissatisfied: int = 0
    not_asked: int = 0
    by_kind: list[Line] = field(default_factory=list)
    by_owner: list[Line] = field(default_factory=list)
    reasons: list[tuple[str, str, str, str]] = field(default_factory=list)  # unit, kind, step, why

    @property
    def on_time_rate(self) -> float | None:
        return self.totals.on_time / self.totals.made if self.totals.made else None

    @property
    def satisfaction_rate(self) -> float | None:
        asked = self.satisfied + self.dissatisfied
        return self.satisfied / asked if asked else None


def _count(line: Line, cb: Callback, first_due: datetime) -> None:
    line.due += 1
    if cb.status == "done":
        line.made += 1
        if cb.done_at <= first_due:
            line.on_time += 1
        else:
            line.late += 1
    elif cb.status == "unreachable":
        line.unreachable += 1
    else:
        line.open += 1


def monthly_callback_report(
    month: date | str, settings: Settings, now: datetime | None = None
) -> CallbackReport:
    """F7: the month's callbacks: made, on time, late, outcomes, satisfaction."""
    if isinstance(month, str):
        try:
            month = date.fromisoformat(f"{month}-01")
        except ValueError:
            raise ValidationError("month", "Give a month like 2026-10") from None
    cal = business_calendar(settings)
    start = cal.at_local(month.replace(day=1), datetime.min.time())
    end = start.add(months=1)
    now = now or pendulum.now("UTC")
    first_due = fn.COALESCE(Callback.first_due_at, Callback.due_at)
    rows = list(
        Callback.select(Callback, Customer, Staff)
        .join(Customer, JOIN.LEFT_OUTER, on=(Callback.customer == Customer.id))
        .switch(Callback)
        .join(Staff, JOIN.LEFT_OUTER, on=(Callback.owner == Staff.id))
        .where(
            (first_due >= Callback.due_at.db_value(start))  # COALESCE loses the conversion
            & (first_due < Callback.due_at.db_value(end))
            & (Callback.status != "cancelled")
        )
        .order_by(first_due, Callback.id)
    )
    report = CallbackReport(
        month=f"{month.year:04d}-{month.month:02d}", generated_at=now, totals=Line(_("Total"))
    )
    kinds: dict[str, Line] = {}
    owners: dict[str, Line] = {}
    for cb in rows:
        due = cb.first_due_at or cb.due_at
        owner = f"{cb.owner.agent_no} {cb.owner.name}" if cb.owner else "—"
        for line in (
            report.totals,
            kinds.setdefault(cb.kind, Line(_(KINDS.get(cb.kind, cb.kind)))),
            owners.setdefault(owner, Line(owner)),
        ):
            _count(line, cb, due)
        if cb.status == "open" and cb.due_at < now:
            report.overdue_open += 1
        steps = (cb.answers or {}).get("steps", {}) if cb.status == "done" else {}
        if cb.new_call_id:
            report.new_calls += 1
        if cb.status != "done":
            continue
        solved = steps.get("solved", {}).get("answer")
        report.solved += solved == "yes"
        report.unsolved += solved == "no"
        if cb.satisfied is True:
            report.satisfied += 1
        elif cb.satisfied is False:
            report.dissatisfied += 1
        else:
            report.not_asked += 1
        unit = cb.customer.name if cb.customer else "—"
        for step, answer in steps.items():
            if answer.get("answer") == "no" and answer.get("reason"):
                report.reasons.append(
                    (unit, _(KINDS.get(cb.kind, cb.kind)), step, answer["reason"])
                )
    if rows:
        report.attempts = (
            CallbackAttempt.select()
            .where(CallbackAttempt.callback.in_([c.id for c in rows]))
            .count()
        )
    report.by_kind = [kinds[k] for k in KINDS if k in kinds] + [
        v for k, v in kinds.items() if k not in KINDS
    ]
    report.by_owner = [owners[k] for k in sorted(owners)]
    return report


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _headers() -> list[str]:
    return [
        _("Callbacks due"),
        _("Made"),
        _("On time"),
        _("Late"),
        _("Unreachable"),
        _("Not made yet"),
    ]


def _cells(line: Line) -> list[int]:
    return [line.due, line.made, line.on_time, line.late, line.unreachable, line.open]


def _summary(report: CallbackReport, *, rates: bool) -> list[tuple[str, object]]:
    """The summary rows of both formats; the rates only where text shows them
    (the workbook's reader computes them)."""
    t = report.totals
    rows: list[tuple[str, object]] = [
        (_("Callbacks due"), t.due),
        (_("Made"), t.made),
        (_("On time"), t.on_time),
        (_("Late"), t.late),
    ]
    if rates:
        rows.append((_("On-time rate"), _pct(report.on_time_rate)))
    rows += [
        (_("Unreachable"), t.unreachable),
        (_("Not made yet"), t.open),
        (_("Of these overdue"), report.overdue_open),
        (_("Attempts logged"), report.attempts),
        (_("Problem solved"), report.solved),
        (_("Problem not solved"), report.unsolved),
        (_("New hotline calls (F5)"), report.new_calls),
        (_("Satisfied"), report.satisfied),
        (_("Not satisfied"), report.dissatisfied),
        (_("Satisfaction not asked"), report.not_asked),
    ]
    if rates:
        rows.append((_("Satisfaction rate"), _pct(report.satisfaction_rate)))
    return rows


def render_markdown(report: CallbackReport, settings: Settings) -> str:
    """The report as Markdown (stdout or a .md file)."""
    generated = pendulum.instance(report.generated_at).in_tz(settings.timezone)
    out = [
        f"# {_('Callback report {month}', month=report.month)}",
        "",
        _("Generated {at}", at=generated.format("YYYY-MM-DD HH:mm")),
        "",
        f"| {_('Figure')} | {_('Value')} |",
        "|---|---:|",
    ]
    for label, value in _summary(report, rates=True):
        out.append(f"| {label} | {value} |")
    for title, lines in ((_("By kind"), report.by_kind), (_("By owner"), report.by_owner)):
        out += ["", f"## {title}", "", "| | " + " | ".join(_headers()) + " |"]
        out.append("|---" + "|---:" * len(_headers()) + "|")
        for line in lines:
            out.append(f"| {line.label} | " + " | ".join(str(c) for c in _cells(line)) + " |")
    out += ["", f"## {_('Answers no, with their reasons (F6)')}", ""]
    if not report.reasons:
        out.append(_("None."))
    for unit, kind, step, why in report.reasons:
        out.append(f"- {unit} · {kind} · {step}: {why}")
    return "\n".join(out) + "\n"


def write_xlsx(report: CallbackReport, path: str | Path, settings: Settings) -> None:
    """The report as a workbook (openpyxl): summary, by kind, by owner, reasons."""
    from openpyxl import Workbook

    path = output_file(path)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Summary")
    ws.append([_("Callback report {month}", month=report.month)])
    for label, value in _summary(report, rates=False):
        ws.append([label, value])
    for title, lines in ((_("By kind"), report.by_kind), (_("By owner"), report.by_owner)):
        sheet = wb.create_sheet(title)
        sheet.append(["", *_headers()])
        for line in lines:
            sheet.append([line.label, *_cells(line)])
    reasons = wb.create_sheet(_("Reasons"))
    reasons.append([_("Customer"), _("Kind"), _("Step"), _("Reason")])
    for row in report.reasons:
        reasons.append(list(row))
    from hotline_tui.services.safe_files import save_workbook

    save_workbook(wb, path)
