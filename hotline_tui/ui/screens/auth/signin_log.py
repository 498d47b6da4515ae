"""The manager's sign-in log: every sign-in, failure, lockout, unlock and
sign-out with where it came from; a locked agent number is unlocked here."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label, Static

from hotline_tui.domain.errors import HotlineError, ValidationError
from hotline_tui.i18n import N_, _
from hotline_tui.services.admin.audit_log import parse_since
from hotline_tui.services.auth.sign_in import SignInRow, sign_in_log, unlock
from hotline_tui.ui.screens.duty.handover_dialogs import TextPrompt
from hotline_tui.ui.support import HotlineScreen
from hotline_tui.ui.widgets.desk_header import DeskHeader
from hotline_tui.ui.widgets.keybar import KeyBar
from hotline_tui.ui.widgets.plain_table import PlainTable

EVENTS = {
    "sign_in": N_("Sign-in succeeded"),
    "failure": N_("Failed"),
    "lockout": N_("Locked out"),
    "unlock": N_("Unlocked"),
    "sign_out": N_("Signed out"),
}
COLUMNS = (
    N_("Time"),
    N_("Agent no."),
    N_("Name"),
    N_("Event"),
    N_("OS user"),
    N_("Host"),
    N_("Terminal or address"),
    N_("By"),
)


def row_cells(row: SignInRow, ctx) -> list[str]:
    return [
        ctx.local(row.at).format("YYYY-MM-DD HH:mm:ss"),
        row.agent_no,
        row.staff_name,
        _(EVENTS.get(row.event, row.event)),
        row.os_user,
        row.host,
        row.terminal,
        row.by_no,
    ]


def log_rows(ctx, since_text: str, agent_no: str) -> list[SignInRow]:
    return sign_in_log(
        ctx, since=parse_since(since_text, ctx.settings.timezone), agent_no=agent_no.strip()
    )


class SignInLogScreen(HotlineScreen):
    DEFAULT_CSS = """
    SignInLogScreen #signin-filters { height: 3; }
    SignInLogScreen #signin-filters Label { padding: 1 1 0 1; }
    SignInLogScreen #signin-since { width: 18; }
    SignInLogScreen #signin-who { width: 18; }
    SignInLogScreen #signin-log-error { color: $error; height: 1; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "app.open('desk')", "Back", id="signin_log.back"),
        Binding("slash", "focus_filter", "Filter", id="signin_log.filter"),
        Binding("r", "reload", "Refresh", id="signin_log.reload"),
        Binding("u", "unlock", "Unlock", id="signin_log.unlock"),
        Binding("s", "settings", "Security settings", id="signin_log.settings"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[SignInRow] = []

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(_("Sign-in log"), classes="title")
        with Horizontal(id="signin-filters"):
            yield Label(_("From day"))
            yield Input(placeholder="2026-11-01", id="signin-since")
            yield Label(_("Agent no."))
            yield Input(id="signin-who")
        yield Static("", id="signin-log-error")
        yield PlainTable(id="signin-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="signin-count", classes="hint")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in COLUMNS:
            table.add_column(_(label))
        self.action_reload()
        table.focus()

    def action_focus_filter(self) -> None:
        self.query_one("#signin-since", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_reload()
        self.query_one(DataTable).focus()

    def action_reload(self) -> None:
        if self.ctx is None:
            return
        self.call_service(
            log_rows,
            self.ctx,
            self.query_one("#signin-since", Input).value,
            self.query_one("#signin-who", Input).value,
            done=self.show_rows,
            failed=self._failed,
            group="signin-log",
            exclusive=True,
        )

    def _failed(self, exc: HotlineError) -> None:
        if isinstance(exc, ValidationError) and exc.field == "since":
            self.query_one("#signin-log-error", Static).update(str(exc))
            self.query_one("#signin-since", Input).focus()
        else:
            self.show_error(exc)

    def show_rows(self, rows: list[SignInRow]) -> None:
        self.rows = rows
        self.query_one("#signin-log-error", Static).update("")
        table = self.query_one(DataTable)
        table.clear()
        for row in rows:
            table.add_row(*row_cells(row, self.ctx))
        self.query_one("#signin-count", Static).update(
            _("{n} entries", n=len(rows)) if rows else _("No sign-ins in this period.")
        )

    def action_unlock(self) -> None:
        """Unlock the agent number of the selected line (or one typed)."""
        table = self.query_one(DataTable)
        chosen = ""
        if self.rows and table.cursor_row is not None and table.cursor_row < len(self.rows):
            chosen = self.rows[table.cursor_row].agent_no

        def answered(agent_no: str | None) -> None:
            if not agent_no or not agent_no.strip():
                return
            self.call_service(
                unlock,
                self.ctx,
                agent_no.strip(),
                self.app.place,
                done=lambda _none: self._unlocked(agent_no.strip()),
            )

        prompt = TextPrompt(_("Unlock which agent number?"))
        self.app.push_screen(prompt, answered)
        if chosen:
            self.call_after_refresh(lambda: setattr(prompt.query_one(Input), "value", chosen))

    def action_settings(self) -> None:
        """The security settings (managers: the same people who read this log)."""
        from hotline_tui.ui.screens.auth.security_settings import SecuritySettings

        self.app.push_screen(SecuritySettings())

    def _unlocked(self, agent_no: str) -> None:
        self.app.notify(_("Agent number {no} is unlocked", no=agent_no))
        self.action_reload()
