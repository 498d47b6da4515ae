"""The operator's desk: their own open items and promises with live countdowns."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Static

from hotline_tui.domain.errors import HotlineError
from hotline_tui.i18n import _
from hotline_tui.services.open_items import KINDS, OpenItem, open_items
from hotline_tui.ui.support import HotlineScreen
from hotline_tui.ui.widgets.countdown import time_left
from hotline_tui.ui.widgets.desk_header import DeskHeader

RELOAD_SECONDS = 10.0


class DeskScreen(HotlineScreen):
    BINDINGS = [
        ("r", "reload", "Refresh"),
        ("enter", "open_item", "Open"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[OpenItem] = []

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(_("My open items and promises"), classes="title", id="desk-title")
        yield DataTable(id="desk-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="desk-empty", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Time left"), key="left", width=12)
        table.add_column(_("Due"), key="due", width=12)
        table.add_column(_("Kind"), key="kind", width=8)
        table.add_column(_("Rule"), key="rule", width=5)
        # The customer before the item text: a long symptom must not push it off screen.
        table.add_column(_("Customer"), key="customer", width=16)
        table.add_column(_("Item"), key="title")
        self.set_interval(1.0, self.tick)
        self.set_interval(RELOAD_SECONDS, self.action_reload)

    def on_screen_resume(self) -> None:
        """Load when shown, the first time included (one query, not two)."""
        self.action_reload()

    def action_reload(self) -> None:
        if self.ctx is None:
            return
        self.call_service(
            open_items,
            owner_id=self.ctx.actor.id,
            done=self.show_items,
            failed=self._load_failed,
            group="desk",
            exclusive=True,
        )

    def show_items(self, items: list[OpenItem]) -> None:
        self.items = items
        table = self.query_one(DataTable)
        table.clear()
        now = self.ctx.now()
        for item in items:
            due = self.ctx.local(item.due_at).format("MM-DD HH:mm") if item.due_at else "—"
            table.add_row(
                time_left(item.due_at, now),
                due,
                _(KINDS[item.kind]),
                item.rule,
                item.customer,
                item.title,
                key=f"{item.kind}:{item.id}",
            )
        empty = "" if items else _("Nothing open: every promise is kept.")
        self.query_one("#desk-empty", Static).update(empty)
        self.app.desk_shown()

    def _load_failed(self, exc: HotlineError) -> None:
        self.show_error(exc)
        self.app.desk_shown()

    def tick(self) -> None:
        """Recompute only the countdown column: no database work each second."""
        table = self.query_one(DataTable)
        now = self.ctx.now()
        for item in self.items:
            key = f"{item.kind}:{item.id}"
            try:
                table.update_cell(key, "left", time_left(item.due_at, now))
            except Exception:  # noqa: BLE001 - the row was replaced by a reload
                continue

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on the focused table (DataTable binds Enter itself) opens the item."""
        event.stop()
        self.action_open_item()

    def action_open_item(self) -> None:
        table = self.query_one(DataTable)
        if not self.items or table.cursor_row is None:
            return
        item = self.items[table.cursor_row]
        opener = {
            "call": "intake",
            "callback": "callbacks",
            "dispatch": "dispatch",
            "complaint": "complaints",
            "handover": "handover",
        }[item.kind]
        self.app.open_item = item  # the target screen reads which item to show
        self.app.action_open(opener)
