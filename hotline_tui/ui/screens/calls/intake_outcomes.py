"""The intake's outcome keys (H5-H11): each key sends the form to one outcome
service; a refusal is shown on the field it names and nothing typed is lost.

A mixin of `IntakeScreen`, which owns the form, the call and the script run.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from hotline_tui.domain.errors import HotlineError
from hotline_tui.i18n import N_, _
from hotline_tui.services.calls import calls, outcomes
from hotline_tui.services.calls.drafts import call_kind, discard_draft
from hotline_tui.ui.screens.calls.intake_dialogs import (
    AuthorizationDialog,
    CallbackAttemptDialog,
    PhrasesDialog,
    TransferDialog,
    YesNoDialog,
)
from hotline_tui.ui.support import ScreenMixin

LABELS = {
    "caller_phone": N_("Phone"),
    "product": N_("Product"),
    "version_text": N_("Version"),
    "modules": N_("Modules"),
    "dongle_no": N_("Dongle no."),
    "recent_ops": N_("Recent operations"),
    "error_message": N_("Error message"),
    "recording_ref": N_("Recording no."),  # H16
    "category": N_("Category"),
}


class OutcomeKeys(ScreenMixin):
    """Outcomes, the H11 authorization, H1/H12 keys and call-back attempts (H6)."""

    # Provided by IntakeScreen (a Textual Screen).
    call_id: int | None
    auth: dict[str, str]
    drafts_held: bool

    # ----------------------------------------------------------- outcomes
    def _outcome(self, fn: Any, **extra: Any) -> None:
        if self.call_id is None:
            self.notify(_("The call is still being started"), severity="warning")
            return
        self.query_one("#form-error", Static).update("")
        self.call_service(
            fn,
            self.ctx,
            self.call_id,
            **self.form(),
            **extra,
            done=self._finished,
            failed=self._refused,
        )

    def action_solve(self) -> None:
        self._outcome(outcomes.solve_call)

    def action_hold(self) -> None:
        self._outcome(outcomes.hold_call)

    def action_consult(self) -> None:
        self._outcome(outcomes.consult_call)

    def action_dispatch(self) -> None:
        self._outcome(outcomes.dispatch_call)

    def action_transfer(self) -> None:
        self.app.push_screen(
            TransferDialog(), lambda r: r and self._outcome(outcomes.transfer_to, **r)
        )

    def _refused(self, exc: HotlineError) -> None:
        """Show the message on the field; nothing typed is touched."""
        field = getattr(exc, "field", "")
        name = {"customer_id": "caller_phone", "contact_id": "caller_phone"}.get(field, field)
        label = _(LABELS[name]) + ": " if name in LABELS else ""
        self.query_one("#form-error", Static).update(label + str(exc))
        widgets = self.query(f"#f-{name}")
        if widgets:
            widgets.first().add_class("-invalid")
            widgets.first().focus()
        # No toast as well: it would cover this very line (and cut its characters).

    def _finished(self, call: Any) -> None:
        self.drafts_held = True
        self.call_service(discard_draft, self.ctx, call_kind(call.id), group="draft")
        done = _(
            "{ticket}: {outcome}", ticket=call.ticket_no, outcome=_(outcomes.OUTCOMES[call.outcome])
        )
        if call.due_at is not None:
            due = self.ctx.local(call.due_at).format("HH:mm")
            done += " · " + _("due {time} ({rule})", time=due, rule=call.due_rule)
        self.notify(done)
        if call.outcome == "solved":  # H9: the answer goes to the library
            question = _("Save this call as a library draft (H9)?")
            self.app.push_screen(
                YesNoDialog(question), lambda yes: self._library_draft(yes, call.id)
            )
        else:
            self.app.action_open("desk")

    def _library_draft(self, yes: bool | None, call_id: int) -> None:
        if yes:
            from hotline_tui.services.library.entries import draft_from_call

            self.call_service(
                draft_from_call,
                self.ctx,
                call_id,
                done=lambda e: self.notify(_("Library draft saved: {title}", title=e.title)),
            )
        self.app.action_open("desk")

    # ---------------------------------------------------------- other keys
    def action_authorize(self) -> None:
        def got(values: dict[str, str] | None) -> None:
            if values:
                self.auth = values
                self.notify(_("Written authorization noted; it is saved with the outcome"))
                self._save_draft_soon()

        def show(names: list[str]) -> None:
            self.app.push_screen(AuthorizationDialog(self.auth, names), got)

        # H11: the authorizing contact is one of the unit's recorded contacts
        self.call_service(
            calls.authorizing_contacts, self.customer_id, self.ctx, self.contact_id, done=show
        )

    def action_late(self) -> None:
        """H1: after 5 rings the greeting opens with an apology."""
        self.run.flags ^= {"late_pickup"}
        self._show_info()
        self._refresh_script()
        self._save_draft_soon()

    def action_phrases(self) -> None:
        self.app.push_screen(PhrasesDialog(self.run.script.phrases, self.values()))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The call-back attempt key shows only when calling an on-hold caller back (H6)."""
        if action == "attempt":
            return self.run.script.id == "callback_opener"
        return True

    def action_attempt(self) -> None:
        if self.run.script.id != "callback_opener" or self.call_id is None:
            self.notify(
                _("Call-back attempts are for on-hold calls opened from the desk"),
                severity="warning",
            )
            return

        def got(r: dict[str, Any] | None) -> None:
            self._refresh_script()
            if r:
                self.call_service(
                    outcomes.record_attempt,
                    self.ctx,
                    self.call_id,
                    **r,
                    done=lambda c: self.notify(
                        _(
                            "Call-back attempt logged: {result}",
                            result=_(outcomes.ATTEMPT_RESULTS[r["result"]]),
                        )
                    ),
                    failed=self._refused,
                )

        self.app.push_screen(CallbackAttemptDialog(self.run, self.values()), got)
