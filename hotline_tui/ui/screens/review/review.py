"""The manager's review: every open item of the desk by time to breach (docs/DESIGN.md, the manager's review).

Overdue items come first in red, items due within the hour in amber; filters
narrow by kind, owner and customer; Enter jumps into the item's own screen,
`a` reassigns it with a logged reason (H10), `e` exports the list. The list
follows the change feed (`ui/live.py`) and updates in place when any desk
commits a change to work items, so the manager never presses anything to see
new work.
"""

from __future__ import annotations

import logging
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Select, Static

from hotline_tui.i18n import _
from hotline_tui.services.auth.staff import list_staff
from hotline_tui.services.review.open_items import KINDS, OpenItem, review_items
from hotline_tui.services.review.open_items_export import EXPORT_COLUMNS, export_open_items
from hotline_tui.ui.messages import WORK_KINDS
from hotline_tui.ui.support import HotlineScreen
from hotline_tui.ui.widgets.countdown import time_left, urgency_style
from hotline_tui.ui.widgets.desk_header import DeskHeader
from hotline_tui.ui.widgets.export_dialog import open_export
from hotline_tui.ui.widgets.keybar import KeyBar
from hotline_tui.ui.widgets.plain_table import PlainTable
from hotline_tui.ui.widgets.review.reassign_dialog import ReassignDialog
from hotline_tui.ui.widgets.rule_words import rule_words

log = logging.getLogger(__name__)

#: Rows shown at once; the export has no cap.
SHOW_LIMIT = 2000
#: Which screen opens an item of each kind (those screens read app.open_item).
OPENERS = {
    "call": "intake",
    "callback": "callbacks",
    "dispatch": "dispatch",
    "complaint": "complaints",
    "handover": "handover",
}


class ReviewScreen(HotlineScreen):
    DEFAULT_CSS = """
    #review-filters { height: 3; }
    #review-filters Select { width: 28; }
    #review-customer { width: 1fr; }
    #review-status { height: 1; }
    """
    AUTO_FOCUS = "#review-table"  # the list, also when a browser tab regains focus
    BINDINGS = [
        Binding("enter", "open_item", "Open", priority=False, id="review.open_item"),
        Binding("a", "reassign", "Reassign", id="review.reassign"),
        Binding("e", "export", "Export", id="review.export"),
        Binding("f", "focus_filters", "Filter", id="review.focus_filters"),
        Binding("c", "clear_filters", "Clear filters", id="review.clear_filters"),
        Binding("r", "reload", "Refresh", id="review.reload"),
    ]
    LIVE_KINDS = WORK_KINDS | {"customer", "staff"}

    def __init__(self) -> None:
        super().__init__()
        self.items: list[OpenItem] = []
        self.staff: list[tuple[str, int]] = []
        self.reloads = 0  # how many times the list was loaded (tests watch it)
        self._styles: dict[str, str] = {}  # row key -> urgency style shown

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(id="review-filters"):
            kinds = [(_(label), kind) for kind, label in KINDS.items()]
            yield Select(kinds, prompt=_("All kinds"), id="review-kind")
            yield Select([], prompt=_("All owners"), id="review-owner")
            yield Input(placeholder=_("Customer name contains…"), id="review-customer")
        yield Static("", id="review-status", classes="hint")
        yield PlainTable(id="review-table", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#review-table", DataTable)
        # 120 columns hold them all: "超时 2天 03:00" is 13 cells, a reason in words 10.
        table.add_column(_("Time left"), key="left", width=13)
        table.add_column(_("Due"), key="due", width=11)
        table.add_column(_("Kind"), key="kind", width=4)
        table.add_column(_("Item"), key="title", width=34)
        table.add_column(_("Customer"), key="customer", width=14)
        table.add_column(_("Owner"), key="owner", width=12)
        table.add_column(_("Why"), key="rule", width=10)
        self._fit_columns(self.size.width)
        table.focus()
        self.call_service(list_staff, done=self._show_staff, group="review-staff")
        self.action_reload()
        self.set_interval(1.0, self.tick)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_columns(event.size.width)

    def _fit_columns(self, width: int) -> None:
        """Item and customer share what a wide terminal has to spare (200 columns)."""
        table = self.query_one("#review-table", DataTable)
        fixed = 13 + 11 + 4 + 12 + 10 + 2 * 7 + 2  # other columns, cell padding, scrollbar
        spare = max(48, width - fixed)
        widths = {"title": spare * 2 // 3, "customer": spare - spare * 2 // 3}
        for key, column in table.columns.items():
            if key.value in widths:
                column.width = widths[key.value]
                column.auto_width = False
        table.refresh()

    # -- loading ---------------------------------------------------------------
    def _show_staff(self, staff: list[Any]) -> None:
        if not self.is_attached:
            return
        self.staff = [(f"{s.agent_no} {s.name}", s.id) for s in staff]
        self.query_one("#review-owner", Select).set_options(self.staff)

    def _filters(self) -> dict[str, Any]:
        kind = self.query_one("#review-kind", Select).value
        owner = self.query_one("#review-owner", Select).value
        return {
            "kinds": None if kind is Select.NULL else [kind],
            "owner_id": None if owner is Select.NULL else owner,
            "customer_query": self.query_one("#review-customer", Input).value.strip(),
        }

    def action_reload(self) -> None:
        if self.ctx is None:
            return
        self.call_service(
            review_items,
            self.ctx,
            limit=SHOW_LIMIT,
            **self._filters(),
            done=self.show_items,
            group="review",
            exclusive=True,
        )

    def show_items(self, items: list[OpenItem]) -> None:
        if not self.is_attached:  # the manager jumped away while it loaded
            return
        self.reloads += 1
        table = self.query_one("#review-table", PlainTable)
        self.items = items
        self._styles = {}
        now = self.ctx.now()
        rows = []
        for item in items:
            style = urgency_style(item.seconds_left(now))
            self._styles[item.key] = style
            due = self.ctx.local(item.due_at).format("MM-DD HH:mm") if item.due_at else "—"
            owner = f"{item.owner_no} {item.owner}".strip() or "—"
            cells = [
                self._left(item, now),
                Text(due, style=style),
                Text(_(KINDS[item.kind]), style=style),
                item.title,
                item.customer or "—",
                owner,
                rule_words(item.rule) or item.rule,  # in words; the ID in the item's detail
            ]
            rows.append((item.key, cells))
        table.sync_rows(rows, volatile=("left",))  # cursor kept on its item, in place
        self._status(now)

    def _status(self, now: Any) -> None:
        late = sum(1 for i in self.items if i.overdue(now))
        soon = sum(
            1 for i in self.items if not i.overdue(now) and (i.seconds_left(now) or 1e9) < 3600
        )
        text = _(
            "{n} open · {late} overdue · {soon} due within the hour",
            n=len(self.items),
            late=late,
            soon=soon,
        )
        if not self.items:
            text = _("Nothing open matches these filters.")
        self.query_one("#review-status", Static).update(text)

    def _left(self, item: OpenItem, now: Any) -> Text:
        return time_left(item.due_at, now)

    def tick(self) -> None:
        """The countdowns move each second, and an item crossing into amber or
        red recolours its row and the counts; no database work."""
        if self.ctx is None or not self.items:
            return
        table = self.query_one("#review-table", DataTable)
        now = self.ctx.now()
        crossed = False
        for item in self.items:
            try:
                table.update_cell(item.key, "left", self._left(item, now))
                style = urgency_style(item.seconds_left(now))
                if self._styles.get(item.key) != style:
                    self._styles[item.key] = style
                    crossed = True
                    due = table.get_cell(item.key, "due")
                    table.update_cell(item.key, "due", Text(str(due), style=style))
                    table.update_cell(item.key, "kind", Text(_(KINDS[item.kind]), style=style))
            except Exception:
                continue
        if crossed:
            self._status(now)

    # -- filters -----------------------------------------------------------------
    def on_select_changed(self, event: Select.Changed) -> None:
        self.action_reload()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.action_reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#review-table", DataTable).focus()

    def action_focus_filters(self) -> None:
        self.query_one("#review-kind", Select).focus()

    def action_clear_filters(self) -> None:
        self.query_one("#review-kind", Select).clear()
        self.query_one("#review-owner", Select).clear()
        self.query_one("#review-customer", Input).value = ""
        self.query_one("#review-table", DataTable).focus()

    # -- acting on an item ---------------------------------------------------------
    def current(self) -> OpenItem | None:
        table = self.query_one("#review-table", DataTable)
        if not self.items or table.cursor_row is None or table.cursor_row >= len(self.items):
            return None
        return self.items[table.cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_item()

    def action_open_item(self) -> None:
        item = self.current()
        if item is None:
            return
        if item.kind == "change":  # H17: reviewed and followed in its own dialog
            from hotline_tui.ui.widgets.calls.change_request import ChangeRequestDialog

            self.app.push_screen(ChangeRequestDialog(item.id), lambda _c: self.action_reload())
            return
        if item.kind == "missed_call":  # a dialog, not a screen (telephony)
            from hotline_tui.ui.widgets.calls.missed_call import MissedCallDialog

            self.app.push_screen(MissedCallDialog(item))
            return
        self.app.open_item = item  # the target screen reads which item to show
        self.app.action_open(OPENERS[item.kind])

    ROLE_KEYS = {"reassign": "item.reassign", "export": "open_items.export"}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A supervisor sees the list but reassigns nothing (H10: managers only)."""
        if action == "reassign":
            return self.ctx is not None and self.ctx.can("item.reassign")
        if action == "export":
            return self.ctx is not None and self.ctx.can("open_items.export")
        return True

    def action_reassign(self) -> None:
        item = self.current()
        if item is None:
            return
        if item.kind == "dispatch":
            self.notify(
                _("Dispatch requests get their engineer on the dispatch screen (D2)"),
                severity="warning",
            )
            return

        def done(result: OpenItem | None) -> None:
            if result is not None:
                self.notify(
                    _("{title} now belongs to {owner}", title=result.title, owner=result.owner)
                )
                self.action_reload()

        self.app.push_screen(ReassignDialog(item, self.staff), done)

    def action_export(self) -> None:
        filters = self._filters()
        ctx = self.ctx
        now = ctx.now()

        def rows() -> Any:
            return export_open_items(ctx, now, **filters)

        open_export(self, _("open-items"), [_(c) for c in EXPORT_COLUMNS], rows)
