"""The manager's figures: per operator and per day, last 7 or 30 days (docs/DESIGN.md, the manager's review).

Tables show calls taken, solved on the phone, held, dispatched, promises kept
and broken (H6/H7 and callbacks), handovers and their times (R3); two
textual-plotext charts show the load and the breaches per day and per
operator. Both windows come from one service call (grouped queries only), so
switching between 7 and 30 days needs no database work.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from hotline_tui.i18n import _
from hotline_tui.services.review.stats import COLUMNS, GLOSSARY, WINDOWS, Figures, Report, reports
from hotline_tui.ui.support import HotlineScreen
from hotline_tui.ui.widgets.desk_header import DeskHeader
from hotline_tui.ui.widgets.export_dialog import open_export
from hotline_tui.ui.widgets.keybar import KeyBar
from hotline_tui.ui.widgets.plain_table import PlainTable

#: plotext colours of the two series, and the matching Rich styles of the legend
LOAD_COLOR, BREACH_COLOR = "blue", "red"


def cell(row: Figures, name: str) -> str:
    value = getattr(row, name)
    if value is None:
        return "—"
    return f"{value:.1f}" if isinstance(value, float) else str(value)


class StatsScreen(HotlineScreen):
    CSS = """
    #stats-status { height: 1; }
    #stats-tables { height: 1fr; }
    .stats-table-box { width: 1fr; height: 1fr; }
    #stats-operators { height: auto; max-height: 12; }
    #stats-days { height: 1fr; }
    #stats-charts { height: 14; }
    .stats-chart-box { width: 1fr; height: 1fr; }
    .stats-chart-box PlotextPlot { height: 1fr; }
    .stats-legend { height: 1; }
    #stats-glossary { display: none; height: auto; }
    #stats-glossary.-shown { display: block; }
    """
    AUTO_FOCUS = "#stats-operators"  # the list, also when a browser tab regains focus
    BINDINGS = [
        Binding("w", "toggle_window", "7 / 30 days", id="stats.toggle_window"),
        Binding("e", "export", "Export", id="stats.export"),
        Binding("r", "reload", "Refresh", id="stats.reload"),
        Binding("g", "toggle_glossary", "Definitions", id="stats.toggle_glossary"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.reports: dict[int, Report] = {}
        self.days = WINDOWS[0]

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static("", id="stats-status", classes="title")
        yield Static("\n".join(_(line) for line in GLOSSARY), id="stats-glossary", classes="hint")
        yield Static("", id="stats-phone")  # the phone system's calls (H1)
        with Vertical(id="stats-tables"):
            yield PlainTable(id="stats-operators", cursor_type="row", zebra_stripes=True)
            yield PlainTable(id="stats-days", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="stats-charts"):
            for which in ("day", "operator"):
                with Vertical(classes="stats-chart-box"):
                    yield Static("", id=f"legend-{which}", classes="stats-legend")
                    yield PlotextPlot(id=f"chart-{which}")
        yield KeyBar()

    def on_mount(self) -> None:
        for table_id, first in (("#stats-operators", _("Operator")), ("#stats-days", _("Day"))):
            table = self.query_one(table_id, DataTable)
            for name, msgid in COLUMNS:
                label = first if name == "label" else _(msgid)
                table.add_column(label, key=name, width=12 if name == "label" else None)
        self.query_one("#stats-operators", DataTable).focus()
        self.action_reload()

    def action_reload(self) -> None:
        if self.ctx is None:
            return
        self.query_one("#stats-status", Static).update(_("Counting…"))
        self.call_service(reports, self.ctx, done=self.show, group="stats", exclusive=True)

    def action_toggle_glossary(self) -> None:
        """What each figure counts (the definitions in services/stats.py)."""
        self.query_one("#stats-glossary", Static).toggle_class("-shown")

    def action_toggle_window(self) -> None:
        self.days = WINDOWS[(WINDOWS.index(self.days) + 1) % len(WINDOWS)]
        if self.reports:
            self.show(self.reports)

    # -- showing -----------------------------------------------------------------
    def show(self, found: dict[int, Report]) -> None:
        if not self.is_attached:  # the manager left while it counted
            return
        self.reports = found
        rep = found[self.days]
        first = self.ctx.local(rep.start).format("MM-DD")
        last = self.ctx.local(rep.end).format("MM-DD")
        self.query_one("#stats-status", Static).update(
            _("Last {n} days ({first} to {last})", n=rep.days, first=first, last=last)
        )
        self._fill("#stats-operators", [*rep.by_operator, self._total(rep)])
        self._fill("#stats-days", rep.by_day)
        self._chart_days(rep)
        self._chart_operators(rep)
        from hotline_tui.services.calls.phone_log import window_figures

        self.call_service(
            window_figures, self.ctx, rep.start, rep.end, done=self._phone, group="stats-phone"
        )

    def _phone(self, fig) -> None:
        """H1 per window: offered, answered, missed, within the rings, per operator."""
        from hotline_tui.services.calls.phone_log import figures_line

        if not self.is_attached:
            return
        rings = self.ctx.policy.answer_within_rings
        lines = []
        if fig.total.offered:
            lines.append(_("Phone system: {line}", line=figures_line(fig, rings)))
            for name, f in sorted(fig.per_operator.items()):
                within = "—" if f.within_percent is None else f"{f.within_percent:.0f}%"
                lines.append(f"  {name}: {f.answered} / {within}")
            hours = " · ".join(
                f"{h:02d}:00 {f.answered}/{f.offered}"
                + ("" if f.within_percent is None else f" {f.within_percent:.0f}%")
                for h, f in sorted(fig.per_hour.items())
            )
            lines.append(
                "  " + _("Per hour (answered/offered, within the rings): {hours}", hours=hours)
            )
        self.query_one("#stats-phone", Static).update("\n".join(lines))

    def _total(self, rep: Report) -> Figures:
        total = Figures("total", _("Total"))
        total.add(rep.totals)
        return total

    def _fill(self, table_id: str, rows: list[Figures]) -> None:
        table = self.query_one(table_id, DataTable)
        table.clear()
        for row in rows:
            cells: list[Any] = [cell(row, name) for name, _msgid in COLUMNS]
            if row.broken:
                i = [name for name, _msgid in COLUMNS].index("broken")
                cells[i] = Text(cells[i], style="bold red")
            table.add_row(*cells, key=row.key or "unowned")  # promises nobody owns

    def _legend(self, which: str, title: str) -> None:
        legend = Text(title + "  ", style="bold")
        legend.append("■ " + _("Calls taken") + "  ", style=LOAD_COLOR)
        legend.append("■ " + _("Promises broken"), style=BREACH_COLOR)
        self.query_one(f"#legend-{which}", Static).update(legend)

    def _bars(self, which: str, labels: list[str], rows: list[Figures]) -> None:
        """Calls taken and promises broken side by side (labels stay ASCII:
        plotext counts every character as one column)."""
        plot = self.query_one(f"#chart-{which}", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        if rows:
            plt.multiple_bar(
                labels,
                [[r.calls for r in rows], [r.broken for r in rows]],
                color=[LOAD_COLOR, BREACH_COLOR],
                width=0.8,
            )
            top = max([r.calls for r in rows] + [r.broken for r in rows] + [1])
            step = max(1, -(-top // 5))
            plt.yticks(list(range(0, top + step, step)))  # whole calls, never 0.33
            plt.ylim(0, top + step // 2)  # bars stand on zero
        plot.refresh()

    def _chart_days(self, rep: Report) -> None:
        self._legend("day", _("Per day"))
        labels = [r.key[8:] if rep.days > 7 else r.key[5:] for r in rep.by_day]
        self._bars("day", labels, rep.by_day)

    def _chart_operators(self, rep: Report) -> None:
        self._legend("operator", _("Per operator"))
        rows = [r for r in rep.by_operator if r.key]
        self._bars("operator", [r.key for r in rows], rows)

    # -- export --------------------------------------------------------------------
    def action_export(self) -> None:
        """Export the table that has the focus, for the window shown."""
        if not self.reports:
            return
        rep = self.reports[self.days]
        per_day = self.focused is not None and self.focused.id == "stats-days"
        rows = rep.by_day if per_day else [*rep.by_operator, self._total(rep)]
        names = [name for name, _msgid in COLUMNS]
        headers = [_(msgid) for _name, msgid in COLUMNS]
        first = (lambda r: r.key) if per_day else (lambda r: r.label)
        data = [[first(r) if n == "label" else getattr(r, n) for n in names] for r in rows]
        name = _("stats-by-day") if per_day else _("stats-by-operator")
        open_export(self, f"{name}-{rep.days}", headers, lambda: data)
