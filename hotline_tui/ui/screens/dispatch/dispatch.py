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
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Static

from hotline_tui.domain import dispatch_flow as flow
from hotline_tui.domain import permissions
from hotline_tui.domain.calendar import BusinessCalendar
from hotline_tui.domain.deadlines import countdown_words
from hotline_tui.i18n import _
from hotline_tui.services.base import business_calendar
from hotline_tui.services.dispatch import followup as follow
from hotline_tui.services.dispatch.queries import (
    OrderRow,
    TimelineRow,
    list_orders,
    timeline,
)
from hotline_tui.ui.support import HotlineScreen
from hotline_tui.ui.widgets.columns import measured_widths
from hotline_tui.ui.widgets.countdown import time_left
from hotline_tui.ui.widgets.desk_header import DeskHeader
from hotline_tui.ui.widgets.dispatch.detail import detail_markup, timeline_cells
from hotline_tui.ui.widgets.dispatch.layout import LIST_COLUMNS, MAX_CUSTOMER, STEP_OF, fit
from hotline_tui.ui.widgets.dispatch.steps import DispatchSteps
from hotline_tui.ui.widgets.keybar import KeyBar
from hotline_tui.ui.widgets.plain_table import PlainTable
from hotline_tui.ui.widgets.rule_words import rule_words


class DispatchScreen(DispatchSteps, HotlineScreen):
    LIVE_KINDS = frozenset({"dispatch_request", "dispatch_event", "customer", "staff"})
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
        self._widths: tuple[int, ...] | None = None

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

    def _columns(self, table: PlainTable, cells: list[tuple]) -> list[int]:
        """Widths measured from what the list shows (double width counted): the
        customer takes what its names need (up to a full unit name), the problem
        the rest of the screen."""
        labels = [_(label) for label in LIST_COLUMNS.values()]
        sample = ("", "", "", "", "", countdown_words(-(2 * 86400 + 1)), "", "")
        widths = measured_widths(
            labels,
            [*cells, sample],
            self.size.width or 120,
            flex={2: 2, 7: 3},
            caps={2: MAX_CUSTOMER, 3: 10},
        )
        if self._widths != tuple(widths):
            self._widths = tuple(widths)
            table.set_columns(list(zip(LIST_COLUMNS, labels, widths, strict=True)))
        return widths

    def on_resize(self) -> None:
        if self.rows:
            self.show_orders(self.rows)

    def show_orders(self, rows: list[OrderRow]) -> None:
        self.rows = rows
        table = self.query_one("#dispatch-list", PlainTable)
        now = self.ctx.now()
        shown = [
            (
                _(flow.STATE_LABELS.get(r.state, r.state)),
                r.order_no,
                r.customer,
                r.engineer,
                self.ctx.local(r.appointment_at).format("MM-DD HH:mm") if r.appointment_at else "",
                time_left(r.due_at, now),
                rule_words(r.due_rule),
                r.problem,
            )
            for r in rows
        ]
        widths = self._columns(table, shown)
        cells = [
            (
                str(r.id),
                [
                    *row[:2],
                    fit(row[2], widths[2]),
                    fit(row[3], widths[3]),
                    *row[4:7],
                    fit(row[7], widths[7]),
                ],
            )
            for r, row in zip(rows, shown, strict=True)
        ]
        table.sync_rows(cells, volatile=("left",))  # in place, the cursor kept on its order
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
        table = self.query_one("#dispatch-timeline", PlainTable)
        table.clear()
        for s in steps:
            table.add_row(*timeline_cells(s, self.ctx))
        table.measure_now()  # sized to the steps in the first paint, not the labels

    # -- which keys apply ---------------------------------------------------
    def role_refusal(self, action: str) -> str | None:
        """A step this role never takes (a field engineer's verify or assign) says who may."""
        if self.app.ctx is None:
            return None
        perm = {"sheet_returned": "dispatch.sheet_returned", "qa_sample": "dispatch.qa_select"}
        if action in perm:
            return None if self.ctx.can(perm[action]) else permissions.refusal(perm[action])
        if action not in STEP_OF:
            return None
        steps = {STEP_OF[action], flow.REASSIGN} if action == "assign" else {STEP_OF[action]}
        rows = [t for t in flow.TRANSITIONS if t.action in steps]
        roles = set(self.ctx.actor.role_list)
        if not rows or any(roles & t.roles for t in rows):
            return None
        return permissions.refusal(rows[0].permission)

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
