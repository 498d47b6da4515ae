"""The password asked again: the idle lock's cover, step-up before restricted
reading, and changing one's own password (forced after a one-time password)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from hotline_tui.domain.errors import HotlineError, ValidationError
from hotline_tui.i18n import _
from hotline_tui.services.auth.desk_session import hand_over_desk
from hotline_tui.services.auth.sign_in import change_own_password, prove_again
from hotline_tui.ui.support import HotlineModal, ServiceCaller, translate_bindings

BOX_CSS = """
    #lock-box, .dialog {
        width: 64; height: auto; border: round $primary; padding: 1 2;
        background: $panel; border-title-style: bold;
    }
    .error { color: $error; }
"""


class LockScreen(ServiceCaller, Screen):
    """Covers the whole desk. The owner's password uncovers it as it was; another
    agent number and password hand the desk over (the owner's work kept as drafts)."""

    DEFAULT_CSS = "LockScreen { align: center middle; background: $background; }" + BOX_CSS
    BINDINGS = [
        Binding("ctrl+o", "someone_else", "Someone else", id="lock.other"),
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        owner = self.app.ctx.actor
        with Vertical(id="lock-box") as box:
            box.border_title = _("The desk is locked")
            box.border_subtitle = _("Ctrl+O: someone else signs in")
            yield Label(
                _(
                    "Locked for {no} {name}: enter the password to go on",
                    no=owner.agent_no,
                    name=owner.name,
                ),
                id="lock-who",
            )
            yield Input(value=owner.agent_no, id="lock-agent-no", disabled=True)
            yield Input(placeholder=_("Password"), password=True, id="lock-password")
            yield Static("", id="lock-error", classes="error")

    def on_mount(self) -> None:
        self.query_one("#lock-password", Input).focus()

    def action_someone_else(self) -> None:
        number = self.query_one("#lock-agent-no", Input)
        number.disabled = False
        number.value = ""
        number.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        password = self.query_one("#lock-password", Input)
        if event.input.id == "lock-agent-no" and not password.value:
            password.focus()
            return
        agent_no = self.query_one("#lock-agent-no", Input).value.strip()
        app: Any = self.app
        ctx = app.ctx
        self.query_one("#lock-error", Static).update("")
        if agent_no == ctx.actor.agent_no:
            self.call_service(
                prove_again,
                ctx,
                password.value,
                app.place,
                done=lambda _ctx: app.after_unlock(),
                failed=self._refused,
                group="unlock",
                exclusive=True,
            )
        else:
            self.call_service(
                hand_over_desk,
                ctx,
                app.open_drafts(),
                agent_no,
                password.value,
                app.place,
                app.settings,
                app.clock,
                done=lambda newcomer: app.switch_person(newcomer),
                failed=self._refused,
                group="unlock",
                exclusive=True,
            )
        password.value = ""

    def _refused(self, exc: HotlineError) -> None:
        self.query_one("#lock-error", Static).update(str(exc))
        self.query_one("#lock-password", Input).focus()


class StepUp(HotlineModal[bool]):
    """The password again before a restricted file or log opens."""

    DEFAULT_CSS = "StepUp { align: center middle; }" + BOX_CSS

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = _("Confirm it is you")
            yield Label(_("Enter your password again to open this"))
            yield Input(placeholder=_("Password"), password=True, id="stepup-password")
            yield Static("", id="stepup-error", classes="error")
            yield Static(_("Enter confirms, Escape cancels"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        app: Any = self.app
        self.call_service(
            prove_again,
            app.ctx,
            event.value,
            app.place,
            done=lambda _ctx: self.dismiss(True),
            failed=self._refused,
            group="step-up",
            exclusive=True,
        )
        event.input.value = ""

    def _refused(self, exc: HotlineError) -> None:
        self.query_one("#stepup-error", Static).update(str(exc))
        self.query_one(Input).focus()


class ChangePassword(HotlineModal[bool]):
    """The own password: the current one, the new one twice. Forced after a
    one-time password: nothing else until it is done."""

    DEFAULT_CSS = "ChangePassword { align: center middle; }" + BOX_CSS

    def __init__(self, forced: bool = False) -> None:
        super().__init__()
        self.forced = forced

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = _("Change my password")
            if self.forced:
                yield Label(_("You signed in with a one-time password: choose your own now"))
            yield Input(placeholder=_("Current password"), password=True, id="pw-old")
            yield Input(placeholder=_("New password"), password=True, id="pw-new")
            yield Input(placeholder=_("New password again"), password=True, id="pw-again")
            yield Static("", id="pw-error", classes="error")
            yield Static(
                _("Enter confirms") if self.forced else _("Enter confirms, Escape cancels"),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#pw-old", Input).focus()

    def action_dismiss_none(self) -> None:
        if not self.forced:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = [self.query_one(f"#pw-{n}", Input) for n in ("old", "new", "again")]
        empty = next((i for i in inputs if not i.value), None)
        if empty is not None:
            empty.focus()
            return
        old, new, again = (i.value for i in inputs)
        if new != again:
            self._refused(ValidationError("pw-again", "The two new passwords differ"))
            return
        self.call_service(
            change_own_password,
            self.app.ctx,
            old,
            new,
            done=lambda _none: self._changed(),
            failed=self._refused,
            group="password",
            exclusive=True,
        )

    def _changed(self) -> None:
        self.app.notify(_("Your password is changed"))
        self.dismiss(True)
        if self.forced:  # start of duty and the rest waited for the new password
            self.app.desk_shown()

    def _refused(self, exc: HotlineError) -> None:
        self.query_one("#pw-error", Static).update(str(exc))
        for name in ("new", "again"):
            self.query_one(f"#pw-{name}", Input).value = ""
        field = getattr(exc, "field", "")
        target = "#pw-old" if field == "old_password" else "#pw-new"
        if field == "old_password":
            self.query_one("#pw-old", Input).value = ""
        self.query_one(target, Input).focus()
