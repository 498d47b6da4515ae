"""The call log: every PBX call of a day, with the day's H1 figures on top
(offered, answered, missed, answered within the rings, average ring time)."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from hotline_tui.i18n import N_, _
from hotline_tui.services.calls.phone_log import (
    LogRow,
    PhoneFigures,
    call_log,
    figures_line,
    phone_figures,
)
from hotline_tui.ui.support import HotlineScreen
from hotline_tui.ui.widgets.desk_header import DeskHeader
from hotline_tui.ui.widgets.keybar import KeyBar
from hotline_tui.ui.widgets.plain_table import PlainTable

STATUS = {
    "ringing": N_("ringing"),
    "talking": N_("talking"),
    "answered": N_("answered"),
    "missed": N_("missed"),
    "lost": N_("lost"),
}
DIRECTION = {"in": N_("incoming"), "out": N_("outgoing")}


def _secs(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


class CallLogScreen(HotlineScreen):
    DEFAULT_CSS = """
    CallLogScreen #calls-figures { padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "app.open('desk')", "Back", id="calls.back"),
        Binding("left_square_bracket", "day(-1)", "Day before", id="calls.prev"),
        Binding("right_square_bracket", "day(1)", "Day after", id="calls.next"),
        Binding("r", "reload", "Refresh", id="calls.reload"),
        Binding("enter", "open_record", "Open record", id="calls.open"),
        Binding("m", "acknowledge", "Acknowledge missed calls", id="calls.ack"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None
        self.rows: list[LogRow] = []

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static("", classes="title", id="calls-title")
        yield Static("", id="calls-figures")
        table = PlainTable(id="calls-table", cursor_type="row", zebra_stripes=True)
        for key, label, width in (
            ("at", N_("Time"), 8),
            ("dir", N_("Direction"), 6),
            ("number", N_("Caller number"), 14),
            ("caller", N_("Caller"), 24),
            ("ring", N_("Ring s"), 7),
            ("talk", N_("Talk s"), 7),
            ("agent", N_("Answered by"), 12),
            ("status", N_("Status"), 8),
            ("ticket", N_("Record"), 17),
        ):
            table.add_column(_(label), key=key, width=width)
        yield table
        yield KeyBar()

    def on_mount(self) -> None:
        self.day = self.ctx.local(self.ctx.now()).date()
        self.action_reload()

    def action_day(self, step: int) -> None:
        if self.day is not None:
            self.day += timedelta(days=step)
            self.action_reload()

    def action_reload(self) -> None:
        day = self.day
        self.call_service(
            lambda: (call_log(self.ctx, day), phone_figures(self.ctx, day)),
            done=self._show,
            group="call-log",
            exclusive=True,
        )

    def _show(self, result: tuple[list[LogRow], PhoneFigures]) -> None:
        self.rows, figures = result
        self.query_one("#calls-title", Static).update(
            _("Phone calls of {day}", day=self.day.isoformat() if self.day else "")
        )
        rings = self.ctx.policy.answer_within_rings
        self.query_one("#calls-figures", Static).update(figures_line(figures, rings))
        table = self.query_one(PlainTable)
        table.clear()
        for r in self.rows:
            table.add_row(
                r.at.format("HH:mm:ss"),
                _(DIRECTION.get(r.direction, r.direction)),
                r.number or "—",
                r.caller or _("unknown caller"),
                _secs(r.ring_seconds),
                _secs(r.talk_seconds),
                f"{r.agent_no} {r.agent}".strip() or "—",
                _(STATUS.get(r.status, r.status)),
                r.ticket_no or "—",
                key=str(r.id),
            )
        table.measure_now()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_record()

    def action_open_record(self) -> None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None:
            return
        row = self.rows[table.cursor_row]
        if not row.ticket_no:
            self.app.notify(_("This call has no hotline record"), severity="warning")
            return
        from hotline_tui.store.models import PhoneCall

        def record_id() -> int | None:
            return PhoneCall.get_by_id(row.id).hotline_call_id

        def opened(call_id: int | None) -> None:
            if call_id:
                self.app.open_item = SimpleNamespace(kind="call", id=call_id)
                self.app.action_open("intake")

        self.call_service(record_id, done=opened)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "acknowledge":
            return self.ctx is not None and self.ctx.can("missed_call.acknowledge")
        return True

    def action_acknowledge(self) -> None:
        """The manager closes several missed calls at once, with one reason."""
        from hotline_tui.services.review.open_items import open_items
        from hotline_tui.ui.widgets.calls.missed_call import AcknowledgeMissedDialog

        def chosen(done: int | None) -> None:
            if done:
                self.app.notify(_("{n} missed calls acknowledged", n=done))
                self.action_reload()

        def show(items: list) -> None:
            if not items:
                self.app.notify(_("No open missed calls"))
                return
            self.app.push_screen(AcknowledgeMissedDialog(items), chosen)

        self.call_service(open_items, kinds=["missed_call"], done=show)
