"""Sign-in by agent number (工号)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Footer, Input, Label, Static

from hotline_tui.domain.errors import HotlineError
from hotline_tui.i18n import _
from hotline_tui.services.staff import find_by_agent_no
from hotline_tui.store.models import Staff
from hotline_tui.ui.support import HotlineScreen
from hotline_tui.ui.widgets.desk_header import DeskHeader


class SignInScreen(HotlineScreen):
    BINDINGS = [("escape", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Vertical(id="signin-box"):
            yield Label(_("Sign in to the hotline desk"), classes="title")
            yield Input(placeholder=_("Agent number (工号)"), id="agent-no")
            yield Static("", id="signin-error", classes="error")
            yield Static(_("Press Enter to sign in"), classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#agent-no", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#signin-error", Static).update("")
        self.call_service(find_by_agent_no, event.value, done=self._signed_in, failed=self._failed)

    def _signed_in(self, staff: Staff) -> None:
        self.app.sign_in(staff)

    def _failed(self, exc: HotlineError) -> None:
        self.query_one("#signin-error", Static).update(str(exc))
        self.query_one("#agent-no", Input).focus()
