"""S2: the manager's view of the access log (the old 借阅卡 borrowing card):
who opened which 机密/绝密 customer file, when, in full or the minimum view.
Read-only: the log cannot be edited or deleted, here or anywhere (docs/DESIGN.md, crash safety and load)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label, Static

from hotline_tui.domain.errors import HotlineError, ValidationError
from hotline_tui.i18n import N_, _
from hotline_tui.services.admin.audit_log import AccessRow, access_rows
from hotline_tui.services.customers.contacts import LEVELS
from hotline_tui.ui.support import HotlineScreen
from hotline_tui.ui.widgets.desk_header import DeskHeader
from hotline_tui.ui.widgets.export_dialog import open_export
from hotline_tui.ui.widgets.keybar import KeyBar
from hotline_tui.ui.widgets.plain_table import PlainTable

VIEWS = {"full": N_("Full file"), "minimum": N_("Minimum view")}
PURPOSES = {"call": N_("During a call"), "view": N_("Opened the file")}
COLUMNS = (
    N_("Time"),
    N_("Agent no."),
    N_("Name"),
    N_("Customer"),
    N_("Level"),
    N_("View"),
    N_("Purpose"),
)


def row_cells(row: AccessRow, ctx) -> list[str]:
    """One log line as shown and exported, in the center's time zone (W2)."""
    return [
        ctx.local(row.at).format("YYYY-MM-DD HH:mm:ss"),
        row.agent_no,
        row.staff_name,
        row.customer,
        _(LEVELS.get(row.level, row.level)),
        _(VIEWS.get(row.view, row.view)),
        _(PURPOSES[row.purpose]) if row.purpose in PURPOSES else row.purpose,
    ]


class AccessLogScreen(HotlineScreen):
    """Browse (filter by day and by person / customer) and export the access log."""

    DEFAULT_CSS = """
    AccessLogScreen #access-filters { height: 3; }
    AccessLogScreen #access-filters Label { padding: 1 1 0 1; }
    AccessLogScreen #access-since { width: 18; }
    AccessLogScreen #access-who { width: 30; }
    AccessLogScreen #access-error { color: $error; height: 1; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "app.open('desk')", "Back", id="access_log.back"),
        Binding("slash", "focus_filter", "Filter", id="access_log.focus_filter"),
        Binding("r", "reload", "Refresh", id="access_log.reload"),
        Binding("e", "export", "Export", id="access_log.export"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[AccessRow] = []

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(_("Access log: restricted customer files opened (S2)"), classes="title")
        with Horizontal(id="access-filters"):
            yield Label(_("From day"))
            yield Input(placeholder="2026-11-01", id="access-since")
            yield Label(_("Person or customer"))
            yield Input(id="access-who")
        yield Static("", id="access-error")
        yield PlainTable(id="access-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="access-count", classes="hint")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in COLUMNS:
            table.add_column(_(label))
        self.action_reload()
        table.focus()

    def action_focus_filter(self) -> None:
        self.query_one("#access-since", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_reload()
        self.query_one(DataTable).focus()

    def action_reload(self) -> None:
        if self.ctx is None:
            return
        since = self.query_one("#access-since", Input).value
        who = self.query_one("#access-who", Input).value
        self.call_service(
            access_rows,
            self.ctx,
            since,
            who,
            done=self.show_rows,
            failed=self.show_field_error,
            group="access-log",
            exclusive=True,
        )

    def show_field_error(self, exc: HotlineError) -> None:
        """A bad day is a message on the field, not a dead end."""
        if isinstance(exc, ValidationError) and exc.field == "since":
            self.query_one("#access-error", Static).update(str(exc))
            self.query_one("#access-since", Input).focus()
        else:
            self.show_error(exc)

    def show_rows(self, rows: list[AccessRow]) -> None:
        self.rows = rows
        self.query_one("#access-error", Static).update("")
        table = self.query_one(DataTable)
        table.clear()
        for row in rows:
            table.add_row(*row_cells(row, self.ctx))
        self.query_one("#access-count", Static).update(
            _("{n} openings of restricted files", n=len(rows))
            if rows
            else _("Nobody has opened a restricted customer file in this period.")
        )

    def action_export(self) -> None:
        since = self.query_one("#access-since", Input).value
        who = self.query_one("#access-who", Input).value
        ctx = self.ctx

        def rows() -> list[list[str]]:  # runs in the export worker, with its own connection
            return [row_cells(r, ctx) for r in access_rows(ctx, since, who, limit=10_000_000)]

        open_export(self, _("access-log"), [_(c) for c in COLUMNS], rows)
