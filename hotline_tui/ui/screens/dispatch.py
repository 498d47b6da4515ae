"""On-site dispatch (F7): requests grouped by state and sorted by urgency, the
manager's verify/return/assign (D1, D2), the engineer's appointment, visit and
sign-off (D3, D4), re-dispatch and escalation (D5), the QA sample (D6) and a
timeline of every step with who and when.

The footer shows only the steps the state machine allows this operator on the
highlighted order; the services check it all again. What each key does lives
in `ui/widgets/dispatch_steps.py`.
"""

from __future__ import annotations

from collections import Counter

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Static

from hotline_tui.domain import dispatch_flow as flow
from hotline_tui.domain.calendar import BusinessCalendar
from hotline_tui.domain.deadlines import format_countdown
from hotline_tui.i18n import _
from hotline_tui.services import dispatch_followup as follow
from hotline_tui.services.base import business_calendar
from hotline_tui.services.dispatch_queries import (
    OrderRow,
    TimelineRow,
    list_orders,
    timeline,
)
from hotline_tui.ui.support import HotlineScreen
from hotline_tui.ui.widgets.desk_header import DeskHeader
from hotline_tui.ui.widgets.dispatch_detail import detail_markup, timeline_cells
from hotline_tui.ui.widgets.dispatch_layout import STEP_OF, build_list_columns, fit, list_widths
from hotline_tui.ui.widgets.dispatch_steps import DispatchSteps
from hotline_tui.ui.widgets.keybar import KeyBar
from hotline_tui.ui.widgets.plain_table import PlainTable


class DispatchScreen(DispatchSteps, HotlineScreen):
    BINDINGS = [
        Binding("v", "verify", "Verify", id="dispatch.verify"),
        Binding("x", "return_request", "Return", id="dispatch.return_request"),
        Binding("a", "assign", "Assign", id="dispatch.assign"),
        Binding("p", "appoint", "Appointment", id="dispatch.appoint"),
        Binding("r", "reschedule", "Reschedule", id="dispatch.reschedule"),
        Binding("o", "arrive", "On site", id="dispatch.arrive"),
        Binding("s", "sign_off", "Sign off", id="dispatch.sign_off"),
        Binding("n", "not_solved", "Not solved", id="dispatch.not_solved"),
        Binding("d", "redispatch", "Re-dispatch", id="dispatch.redispatch"),
        Binding("e", "escalate", "Escalate", id="dispatch.escalate"),
        Binding("t", "track", "Vendor note", id="dispatch.track"),
        Binding("y", "vendor_solved", "Vendor solved", id="dispatch.vendor_solved"),
        Binding("h", "sheet_returned", "Sheet handed in", id="dispatch.sheet_returned"),
        Binding("g", "manager_sign_off", "Sign off sheet", id="dispatch.manager_sign_off"),
        Binding("q", "qa_sample", "QA sample", id="dispatch.qa_sample"),
        Binding("c", "close_order", "Close", id="dispatch.close_order"),
        Binding("k", "cancel_order", "Cancel order", id="dispatch.cancel_order"),
        Binding("ctrl+r", "reload", "Refresh", id="dispatch.reload"),
    ]
    DEFAULT_CSS = """
    DispatchScreen #dispatch-list { height: 1fr; }
    DispatchScreen #dispatch-sheets { display: none; }
    DispatchScreen #dispatch-side { height: 45%; border-top: solid $primary; }
    DispatchScreen #dispatch-detail-box { width: 1fr; padding: 0 1; }
    DispatchScreen #dispatch-timeline { width: 1fr; height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[OrderRow] = []
        self.cal: BusinessCalendar | None = None
        self.focus_id: int | None = None
        self._widths: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(_("On-site dispatch"), classes="title", id="dispatch-title")
        yield Static("", id="dispatch-counts", classes="hint")
        yield Static("", id="dispatch-sheets", classes="error")
        yield PlainTable(id="dispatch-list", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="dispatch-side"):
            with VerticalScroll(id="dispatch-detail-box"):
                yield Static("", id="dispatch-detail")
            yield PlainTable(id="dispatch-timeline", cursor_type="row")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#dispatch-list", DataTable)
        steps = self.query_one("#dispatch-timeline", DataTable)
        for key, label in (("at", "When"), ("who", "Who"), ("step", "Step"), ("detail", "Detail")):
            steps.add_column(_(label), key=key)
        item = getattr(self.app, "open_item", None)
        if getattr(item, "kind", None) == "dispatch":
            self.focus_id = item.id
            self.app.open_item = None
        self.call_service(business_calendar, self.ctx.settings, done=self._set_calendar)
        self.action_reload()
        table.focus()

    def _set_calendar(self, cal: BusinessCalendar) -> None:
        self.cal = cal

    # -- the list ----------------------------------------------------------
    @property
    def current(self) -> OrderRow | None:
        table = self.query_one("#dispatch-list", DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def action_reload(self) -> None:
        keep = self.current.id if self.current else self.focus_id
        self.focus_id = keep
        self.call_service(list_orders, self.ctx, done=self.show_orders, group="dispatch-list")
        self._load_sheets()

    def _load_sheets(self) -> None:
        """D4: signed sheets still out after Monday's start, for who archives them."""
        if self.ctx.can("dispatch.sheet_returned"):
            self.call_service(
                follow.unreturned_sheets, self.ctx, done=self._show_sheets, group="dispatch-d4"
            )

    def _show_sheets(self, late: list[follow.UnreturnedSheet]) -> None:
        text = ""
        if late:
            orders = ", ".join(f"{s.order_no} {s.engineer}" for s in late[:4])
            text = _("Paper sheets overdue (D4): {orders}", orders=orders)
            text += " …" if len(late) > 4 else ""
        line = self.query_one("#dispatch-sheets", Static)
        line.update(escape(text))
        line.display = bool(text)

    def _columns(self, table: DataTable) -> tuple[int, int, int]:
        widths = list_widths(self.size.width or 120, {r.state for r in self.rows})
        if self._widths != widths:
            self._widths = widths
            build_list_columns(table, widths)
        return widths

    def on_resize(self) -> None:
        if self.rows:
            self.show_orders(self.rows)

    def show_orders(self, rows: list[OrderRow]) -> None:
        self.rows = rows
        table = self.query_one("#dispatch-list", DataTable)
        table.clear()
        _state_w, cust_w, problem_w = self._columns(table)
        now = self.ctx.now()
        for r in rows:
            left = Text("—")
            if r.due_at is not None:
                secs = int((r.due_at - now).total_seconds())
                left = Text(format_countdown(secs), style="bold red" if secs < 0 else "")
            visit = (
                self.ctx.local(r.appointment_at).format("MM-DD HH:mm") if r.appointment_at else ""
            )
            table.add_row(
                _(flow.STATE_LABELS.get(r.state, r.state)),
                r.order_no,
                fit(r.customer, cust_w),
                fit(r.engineer, 8),
                visit,
                left,
                r.due_rule,
                fit(r.problem, problem_w),
                key=str(r.id),
            )
        counts = Counter(r.state for r in rows)
        self.query_one("#dispatch-counts", Static).update(
            " · ".join(f"{_(flow.STATE_LABELS[s])} {n}" for s, n in counts.items())
            or _("No dispatch requests.")
        )
        if self.focus_id is not None:
            index = next((i for i, r in enumerate(rows) if r.id == self.focus_id), 0)
            table.move_cursor(row=index)
        self.show_current()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "dispatch-list":
            self.show_current()

    def show_current(self) -> None:
        row = self.current
        self.refresh_bindings()
        detail = self.query_one("#dispatch-detail", Static)
        if row is None:
            detail.update("")
            self.query_one("#dispatch-timeline", DataTable).clear()
            return
        detail.update(detail_markup(row, self.ctx, self.cal))
        rid = row.id

        def shown(steps: list[TimelineRow]) -> None:
            if self.current is not None and self.current.id == rid:  # still highlighted
                self.show_timeline(steps)

        self.call_service(timeline, rid, done=shown, group="dispatch-tl", exclusive=True)

    def show_timeline(self, steps: list[TimelineRow]) -> None:
        table = self.query_one("#dispatch-timeline", DataTable)
        table.clear()
        for s in steps:
            table.add_row(*timeline_cells(s, self.ctx))

    # -- which keys apply ---------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the steps open to this operator on this order show in the footer."""
        if self.app.ctx is None:
            return True
        row = self.current
        roles = self.ctx.actor.role_list
        if action in STEP_OF:
            if row is None:
                return False
            step = STEP_OF[action]
            if action == "assign" and row.state != flow.VERIFIED:
                step = flow.REASSIGN
            return step in flow.allowed_actions(row.state, roles)
        if action == "sheet_returned":
            ok = row is not None and row.signed_at is not None and row.sheet_returned_at is None
            return ok and self.ctx.can("dispatch.sheet_returned")
        if action == "manager_sign_off":  # D6: after the callback, before the QA pick
            ok = row is not None and row.signed_at is not None
            return ok and self.ctx.can("dispatch.qa_select")
        if action == "qa_sample":
            return self.ctx.can("dispatch.qa_select")
        return True
