"""The manager's security settings: password length, lockout, idle lock,
step-up and the roles besides managers that read 机密/绝密 files (S2).
Kept in the database; each change is audited by the service."""

from __future__ import annotations

import dataclasses

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from hotline_tui.domain.errors import HotlineError, ValidationError
from hotline_tui.domain.permissions import ROLE_LABELS
from hotline_tui.domain.security import SecurityPolicy
from hotline_tui.i18n import N_, _
from hotline_tui.services.auth.security_settings import security_policy, update_security_settings
from hotline_tui.ui.support import HotlineModal

LABELS = {
    "min_password_length": N_("Shortest password (characters)"),
    "lockout_failures": N_("Failures in a row that lock a number"),
    "lockout_minutes": N_("Lockout (minutes)"),
    "idle_minutes": N_("Idle lock after (minutes, 0 off)"),
    "step_up_minutes": N_("Password again after (minutes)"),
    "confidential_roles": N_("Roles besides managers reading 机密/绝密 files"),
}


def _shown(value: object) -> str:
    """Numbers as typed; roles by their names in the desk's language."""
    if isinstance(value, tuple | list):
        return " ".join(_(ROLE_LABELS[r]) if r in ROLE_LABELS else r for r in value)
    return str(value)


def _role_codes(text: str) -> list[str]:
    """Typed role names (or codes) back to the codes the service keeps."""
    names = {_(label): code for code, label in ROLE_LABELS.items()}
    tokens = text.replace(",", " ").replace(",", " ").replace("、", " ").split()
    return [names.get(t, t) for t in tokens]


class SecuritySettings(HotlineModal[SecurityPolicy]):
    DEFAULT_CSS = """
    SecuritySettings { align: center middle; }
    SecuritySettings .dialog {
        width: 84; height: auto; border: round $primary; padding: 1 2; background: $panel;
    }
    SecuritySettings .row { height: 3; }
    SecuritySettings .row Label { width: 44; padding: 1 1 0 0; }
    SecuritySettings .row Input { width: 30; }
    SecuritySettings #sec-error { color: $error; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = _("Security settings")
            for key, label in LABELS.items():
                with Horizontal(classes="row"):
                    yield Label(_(label))
                    yield Input(id=f"sec-{key}", disabled=True)
            yield Static("", id="sec-error")
            yield Static(_("Enter saves, Escape cancels"), classes="hint")

    def on_mount(self) -> None:
        self.call_service(security_policy, done=self._fill)

    def _fill(self, policy: SecurityPolicy) -> None:
        self.policy = policy
        for key in LABELS:
            box = self.query_one(f"#sec-{key}", Input)
            box.value = _shown(getattr(policy, key))
            box.disabled = False
        self.query_one("#sec-min_password_length", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        old = dataclasses.asdict(self.policy)
        changes = {}
        for key in LABELS:
            typed = self.query_one(f"#sec-{key}", Input).value.strip()
            if typed != _shown(old[key]):
                changes[key] = _role_codes(typed) if key == "confidential_roles" else typed
        if not changes:
            self.dismiss(self.policy)
            return
        self.call_service(
            update_security_settings,
            self.app.ctx,
            done=self._saved,
            failed=self._refused,
            **changes,
        )

    def _saved(self, policy: SecurityPolicy) -> None:
        self.app.security = policy  # the idle lock follows at once
        self.app.notify(_("Security settings saved"))
        self.dismiss(policy)

    def _refused(self, exc: HotlineError) -> None:
        self.query_one("#sec-error", Static).update(str(exc))
        if isinstance(exc, ValidationError) and exc.field in LABELS:
            self.query_one(f"#sec-{exc.field}", Input).focus()
