"""The week's hotline duty (R1): days × shifts, edited from the keyboard by the manager.

Weekends, public holidays and adjusted working days are marked from the
business calendar (W1); the R1 checks (nobody on a shift, a person twice at
the same time, over the weekly hours, not an operator) show inline in the
cells and in full for the cell under the cursor. Others see the same grid
read-only.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from rich.cells import cell_len
from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from hotline_tui.domain.permissions import OPERATOR, ROLE_LABELS
from hotline_tui.i18n import N_, _
from hotline_tui.services.auth.staff import list_staff
from hotline_tui.services.duty import roster as svc
from hotline_tui.ui.support import HotlineModal, HotlineScreen
from hotline_tui.ui.widgets.desk_header import DeskHeader
from hotline_tui.ui.widgets.keybar import KeyBar
from hotline_tui.ui.widgets.plain_table import PlainTable

#: Short inline marks for the R1 checks (the full label shows below the grid).
MARKS = {
    svc.DOUBLE: N_("twice"),
    svc.OVER_HOURS: N_("over hours"),
    svc.NOT_OPERATOR: N_("not operator"),
}
KIND_STYLE = {
    "workday": "",
    "weekend": "cyan",
    "holiday": "bold magenta",
    "adjusted_workday": "bold yellow",
}
EDIT_ACTIONS = {"assign", "remove", "copy_week"}
DIALOG_CSS = """
PickStaff, ExportRoster { align: center middle; }
PickStaff > .dialog, ExportRoster > .dialog {
    width: 72; height: auto; max-height: 80%;
    border: round $primary; background: $surface; padding: 1 2;
}
PickStaff OptionList { height: auto; max-height: 20; }
"""


def day_cell(info: svc.DayInfo) -> Text:
    label = _(svc.DAY_KIND_LABELS[info.kind]) if info.kind != "workday" else ""
    if info.holiday:
        label = f"{label} {svc.holiday_label(info.holiday)}".strip()
    return Text(label, style=KIND_STYLE.get(info.kind, ""))


def shift_cell(people: list[svc.Assignee]) -> Text:
    """Who is on the shift, with the R1 check marks inline."""
    if not people:
        return Text("⚠ " + _(svc.CHECK_LABELS[svc.EMPTY]), style="bold red")
    out = Text()
    for i, p in enumerate(people):
        if i:
            out.append(", ")
        out.append(f"{p.agent_no} {p.name}")
        for c in p.checks:
            out.append(f" ⚠{_(MARKS[c])}", style="bold red")
    return out


class PickStaff(HotlineModal[int]):
    """Choose one person: whom to assign, or whom to take off a shift."""

    DEFAULT_CSS = DIALOG_CSS

    def __init__(
        self,
        title: str,
        people: list[tuple[int, str]] | None = None,
        hours: dict[int, float] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.people = people
        self.hours = hours or {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="title")
            yield OptionList(id="pick-staff")
            yield Static(_("Enter chooses, Escape cancels"), classes="hint")

    def on_mount(self) -> None:
        if self.people is None:
            self.call_service(list_staff, done=self._loaded)
        else:
            self._show(self.people)

    def _loaded(self, staff: list) -> None:
        # Hotline operators first (R1); names padded by cell width, as Chinese is double-width.
        staff = sorted(staff, key=lambda s: (not s.has_role(OPERATOR), s.agent_no))
        self._show([(s.id, self._line(s)) for s in staff])

    def _line(self, s) -> Text:
        name = s.name + " " * max(1, 10 - cell_len(s.name))
        roles = "、".join(_(ROLE_LABELS[r]) for r in s.role_list if r in ROLE_LABELS)
        roles += " " * max(1, 24 - cell_len(roles))
        hours = _("{hours} h this week", hours=f"{self.hours.get(s.id, 0):g}")
        return Text(f"{s.agent_no}  {name}{roles}{hours}")

    def _show(self, people: list[tuple[int, str]]) -> None:
        options = self.query_one(OptionList)
        options.add_options([Option(text, id=str(pid)) for pid, text in people])
        options.highlighted = 0 if people else None
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))


class ExportRoster(HotlineModal[str]):
    """Where to write the week's roster; the file's ending picks CSV or XLSX."""

    DEFAULT_CSS = DIALOG_CSS

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Export the roster (.xlsx or .csv)"), classes="title")
            yield Input(value=self.default, id="export-path")
            yield Static(_("Enter exports, Escape cancels"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())


class RosterScreen(HotlineScreen):
    LIVE_KINDS = frozenset({"roster_shift", "roster_week", "calendar_override", "staff"})
    _shift_columns: list[tuple[str, str]] | None = None
    DEFAULT_CSS = """
    RosterScreen #roster-hours { padding: 0 1; }
    """
    BINDINGS = [
        Binding("n", "week(1)", "Next week", id="roster.next"),
        Binding("p", "week(-1)", "Previous week", id="roster.prev"),
        Binding("t", "this_week", "This week", id="roster.today"),
        Binding("a", "assign", "Assign duty", id="roster.assign"),
        Binding("x", "remove", "Remove", id="roster.remove"),
        Binding("c", "copy_week", "Copy last week", id="roster.copy"),
        Binding("e", "export", "Export", id="roster.export"),
        Binding("r", "reload", "Refresh", id="roster.reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.monday = svc.week_start(date.today())
        self.grid: svc.WeekGrid | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static("", id="roster-title", classes="title")
        yield PlainTable(id="roster-table", cursor_type="cell", zebra_stripes=True)
        yield Static("", id="roster-cell", classes="hint")
        yield Static("", id="roster-hours")
        yield Static("", id="roster-problems", classes="error")
        yield KeyBar()

    def on_mount(self) -> None:
        self.monday = svc.week_start(self.ctx.local(self.ctx.now()).date())
        self.action_reload()

    # -- the grid -----------------------------------------------------------
    ROLE_KEYS = dict.fromkeys(EDIT_ACTIONS, "roster.edit")  # pressed anyway: who may

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in EDIT_ACTIONS:
            return self.ctx is not None and self.ctx.can("roster.edit")
        return True

    def action_reload(self) -> None:
        self.call_service(
            svc.week_grid, self.ctx.settings, self.monday, done=self.show_grid, group="roster"
        )

    def show_grid(self, grid: svc.WeekGrid) -> None:
        self.grid = grid
        table = self.query_one(PlainTable)
        where = table.cursor_coordinate
        shifts = [
            (sh.code, f"{svc.shift_label(sh.code)} {sh.start:%H:%M}-{sh.end:%H:%M}")
            for sh in grid.shifts
        ]
        if shifts != self._shift_columns:  # another week's shifts: new columns
            self._shift_columns = shifts
            table.clear(columns=True)
            table.add_column(_("Date"), key="date", width=12)
            table.add_column(_("Day kind"), key="kind", width=16)
            for code, label in shifts:
                table.add_column(label, key=code)
        rows = []
        for info in grid.days:
            d = info.day
            day_text = Text(
                f"{d:%m-%d} {_(svc.WEEKDAYS[d.weekday()])}", style=KIND_STYLE[info.kind]
            )
            cells = [shift_cell(grid.cells.get((d, sh.code), [])) for sh in grid.shifts]
            rows.append((d.isoformat(), [day_text, day_cell(info), *cells]))
        table.sync_rows(rows)  # in place: a shift another desk changed is marked
        if table.row_count:
            row = min(where.row, table.row_count - 1)
            table.cursor_coordinate = where._replace(row=row, column=max(where.column, 2))
        iso = self.monday.isocalendar()
        end = self.monday + timedelta(days=6)
        mode = "" if self.ctx.can("roster.edit") else " · " + _("view only")
        self.query_one("#roster-title", Static).update(
            _(
                "Hotline duty, week {year}-W{week:02d} ({start} – {end})",
                year=iso[0],
                week=iso[1],
                start=f"{self.monday:%m-%d}",
                end=f"{end:%m-%d}",
            )
            + mode
        )
        self.query_one("#roster-hours", Static).update(self._hours_line(grid))
        problems = grid.problems()
        text = ""
        if problems:  # R1: the count, then the first few findings in words
            shown = [
                f"{day:%m-%d} {svc.shift_label(code)} {who} {_(svc.CHECK_LABELS[check])}".replace(
                    "  ", " "
                )
                for day, code, who, check in problems[:3]
            ]
            more = " …" if len(problems) > 3 else ""
            text = _("{n} roster checks to look at", n=len(problems)) + ": " + "; ".join(shown)
            text += more
        self.query_one("#roster-problems", Static).update(escape(text))
        self._describe_cell()

    def _hours_line(self, grid: svc.WeekGrid) -> Text:
        """R1: everyone's rostered hours this week, over the limit in red."""
        people = {p.staff_id: p for cell in grid.cells.values() for p in cell}
        limit = self.ctx.policy.max_weekly_hours
        out = Text(_("Hours this week (limit {n}): ", n=f"{limit:g}"))
        for i, p in enumerate(sorted(people.values(), key=lambda p: p.agent_no)):
            hours = grid.hours.get(p.staff_id, 0)
            out.append(" · " if i else "")
            out.append(f"{p.name} {hours:g}", style="bold red" if hours > limit else "")
        return out if people else Text("")

    def _cell(self) -> tuple[date, str] | None:
        if self.grid is None:
            return None
        coord = self.query_one(DataTable).cursor_coordinate
        if coord.column < 2 or coord.row >= len(self.grid.days):
            return None
        return self.grid.days[coord.row].day, self.grid.shifts[coord.column - 2].code

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self._describe_cell()

    def _describe_cell(self) -> None:
        cell = self._cell()
        out = ""
        if cell is not None and self.grid is not None:
            day, code = cell
            people = self.grid.cells.get(cell, [])
            who = ", ".join(p.name for p in people) or "—"
            lines = [f"{day:%Y-%m-%d} {svc.shift_label(code)}: {who}"]
            for p in people:
                hours = self.grid.hours.get(p.staff_id, 0)
                marks = "; ".join(_(svc.CHECK_LABELS[c]) for c in p.checks)
                lines.append(
                    _("{name}: {hours} h this week", name=p.name, hours=f"{hours:g}")
                    + (f" · {marks}" if marks else "")
                )
            if not people:
                lines.append(_(svc.CHECK_LABELS[svc.EMPTY]))
            out = "\n".join(lines)
        self.query_one("#roster-cell", Static).update(out)

    # -- moving and editing ---------------------------------------------------
    def action_week(self, step: int) -> None:
        self.monday += timedelta(days=7 * step)
        self.action_reload()

    def action_this_week(self) -> None:
        self.monday = svc.week_start(self.ctx.local(self.ctx.now()).date())
        self.action_reload()

    def action_assign(self) -> None:
        cell = self._cell()
        if cell is None:
            self.notify(_("Move to a shift cell first"), severity="warning")
            return
        day, code = cell

        def chosen(staff_id: int | None) -> None:
            if staff_id:
                self.call_service(
                    svc.assign, self.ctx, day, code, staff_id, done=lambda _r: self.action_reload()
                )

        title = _("Assign to {day} {shift}", day=f"{day:%m-%d}", shift=svc.shift_label(code))
        hours = self.grid.hours if self.grid else {}
        self.app.push_screen(PickStaff(title, hours=hours), chosen)

    def action_remove(self) -> None:
        cell = self._cell()
        people = self.grid.cells.get(cell, []) if cell and self.grid else []
        if not people:
            self.notify(_("Nobody to remove on this shift"), severity="warning")
            return

        def chosen(roster_id: int | None) -> None:
            if roster_id:
                self.call_service(
                    svc.remove, self.ctx, roster_id, done=lambda _r: self.action_reload()
                )

        if len(people) == 1:
            chosen(people[0].roster_id)
            return
        options = [(p.roster_id, f"{p.agent_no} {p.name}") for p in people]
        self.app.push_screen(PickStaff(_("Take whom off this shift?"), options), chosen)

    def action_copy_week(self) -> None:
        def copied(count: int) -> None:
            self.notify(_("{n} duties copied from last week", n=count))
            self.action_reload()

        self.call_service(svc.copy_last_week, self.ctx, self.monday, done=copied)

    def action_export(self) -> None:
        iso = self.monday.isocalendar()
        default = str(Path.cwd() / f"roster-{iso[0]}-W{iso[1]:02d}.xlsx")

        def chosen(path: str | None) -> None:
            if path:
                self.call_service(
                    svc.export_week,
                    self.ctx.settings,
                    self.monday,
                    path,
                    done=lambda n: self.notify(_("{n} rows written to {path}", n=n, path=path)),
                )

        self.app.push_screen(ExportRoster(default), chosen)
