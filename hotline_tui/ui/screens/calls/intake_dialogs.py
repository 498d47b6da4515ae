"""The intake screen's dialogs: pick a caller, a new caller, phrases (H12),
written authorization (H11), transfer (H10), yes/no, and a call-back attempt (H6)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from hotline_tui.domain.errors import HotlineError, ValidationError
from hotline_tui.domain.scripts import Phrase, ScriptRun
from hotline_tui.i18n import _, language
from hotline_tui.services.calls.outcomes import ATTEMPT_RESULTS
from hotline_tui.services.customers.contacts import create_customer
from hotline_tui.ui.support import HotlineModal

DIALOG_CSS = """
.intake-dialog { width: 80; height: auto; max-height: 90%; border: thick $primary; background: $surface; padding: 0 1; }
.intake-dialog Input { width: 1fr; }
.intake-dialog .error { color: $error; }
"""


class _Dialog(HotlineModal):
    DEFAULT_CSS = DIALOG_CSS + "\n_Dialog { align: center middle; }"


class PickCallerDialog(_Dialog):
    """Several contacts share the number: the operator picks one (H4)."""

    DEFAULT_CSS = DIALOG_CSS + "\nPickCallerDialog { align: center middle; }"

    def __init__(self, matches: list[Any]) -> None:
        super().__init__()
        self.matches = matches

    def compose(self) -> ComposeResult:
        with Vertical(classes="intake-dialog"):
            yield Label(_("Several callers have this number: pick one (Enter)"), classes="title")
            yield OptionList(
                *[
                    Option(f"{m.customer.name} · {m.contact.name}{m.contact.title}", id=str(i))
                    for i, m in enumerate(self.matches)
                ],
                id="pick-list",
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.matches[int(event.option.id)])


class NewCallerDialog(_Dialog):
    """No match: create the unit and contact without leaving the call (S1)."""

    DEFAULT_CSS = DIALOG_CSS + "\nNewCallerDialog { align: center middle; }"
    BINDINGS = [Binding("ctrl+s", "save", "Save caller", priority=True, id="intake.save")]

    def __init__(self, phone: str, product: str = "") -> None:
        super().__init__()
        self.phone, self.product = phone, product

    def compose(self) -> ComposeResult:
        with Vertical(classes="intake-dialog"):
            yield Label(_("New caller: {phone}", phone=self.phone), classes="title")
            yield Input(placeholder=_("Unit full name"), id="nc-name")
            yield Input(placeholder=_("Contact name"), id="nc-contact")
            yield Input(placeholder=_("Title (先生/女士)"), id="nc-title")
            yield Input(self.product, placeholder=_("Product"), id="nc-product")
            yield Input(placeholder=_("Version"), id="nc-version")
            yield Static("", classes="error", id="nc-error")
            yield Static(_("Ctrl+S saves, Esc cancels"), classes="hint")

    def _value(self, key: str) -> str:
        return self.query_one(f"#nc-{key}", Input).value.strip()

    def action_save(self) -> None:
        product = self._value("product")
        products = [{"product": product, "version": self._value("version")}] if product else []
        contact = {
            "name": self._value("contact"),
            "title": self._value("title"),
            "phone": self.phone,
        }
        self.call_service(
            create_customer,
            self.ctx,
            name=self._value("name"),
            contacts=[contact],
            products=products,
            done=lambda c: self.dismiss(c.id),
            failed=self._failed,
        )

    def _failed(self, exc: HotlineError) -> None:
        self.query_one("#nc-error", Static).update(str(exc))
        field = getattr(exc, "field", "")
        target = {"name": "#nc-name"}.get(field)
        if target:
            self.query_one(target, Input).focus()


class PhrasesDialog(_Dialog):
    """H12: the set phrase for a special situation, filled for this caller."""

    DEFAULT_CSS = DIALOG_CSS + "\nPhrasesDialog { align: center middle; }"

    def __init__(self, phrases: tuple[Phrase, ...], values: Mapping[str, object]) -> None:
        super().__init__()
        self.phrases, self.values = phrases, values

    def compose(self) -> ComposeResult:
        from hotline_tui.domain.scripts import fill

        lang = language()
        with Vertical(classes="intake-dialog"):
            yield Label(_("Special situations (H12)"), classes="title")
            for i, p in enumerate(self.phrases, 1):
                if p.is_note:  # H12: advice for the operator, not a line to say
                    body = "[i]" + escape(_("For you, not to say: {note}", note=p.note.get(lang)))
                    body += "[/i]"
                else:
                    body = escape(fill(p.say.get(lang), self.values))
                    if p.note:
                        body += "\n   [i]" + escape(p.note.get(lang)) + "[/i]"
                yield Static(f"[b]{i}. {escape(p.label.get(lang))}[/b]\n   {body}")


class AuthorizationDialog(_Dialog):
    """H11: the written authorization for a password reset or data clearing."""

    DEFAULT_CSS = DIALOG_CSS + "\nAuthorizationDialog { align: center middle; }"
    BINDINGS = [Binding("ctrl+s", "save", "Save", priority=True, id="intake.save.2")]

    def __init__(self, current: Mapping[str, str], contacts: list[str] | None = None) -> None:
        super().__init__()
        self.current = current
        self.contacts = contacts or []

    def compose(self) -> ComposeResult:
        with Vertical(classes="intake-dialog"):
            yield Label(_("Written authorization (H11)"), classes="title")
            yield Input(
                self.current.get("auth_doc_ref", ""),
                placeholder=_("Document reference"),
                id="au-doc",
            )
            yield Input(
                self.current.get("auth_received_on", ""),
                placeholder=_("Date received (YYYY-MM-DD)"),
                id="au-date",
            )
            yield Input(
                self.current.get("auth_contact", ""),
                placeholder=_("Authorizing contact (who was told)"),
                id="au-contact",
            )
            yield Static(
                _("Recorded contacts: {names}", names="、".join(self.contacts) or "-"),
                classes="hint",
            )
            yield Input(
                self.current.get("auth_waiver", ""),
                placeholder=_("Or: why this is not such a request (kept on the record)"),
                id="au-waiver",
            )
            yield Static(_("Ctrl+S saves, Esc cancels"), classes="hint")

    def action_save(self) -> None:
        self.dismiss(
            {
                "auth_doc_ref": self.query_one("#au-doc", Input).value.strip(),
                "auth_received_on": self.query_one("#au-date", Input).value.strip(),
                "auth_contact": self.query_one("#au-contact", Input).value.strip(),
                "auth_waiver": self.query_one("#au-waiver", Input).value.strip(),
            }
        )


class TransferDialog(_Dialog):
    """H10: to whom, by agent number or department name, and why."""

    DEFAULT_CSS = DIALOG_CSS + "\nTransferDialog { align: center middle; }"

    def compose(self) -> ComposeResult:
        with Vertical(classes="intake-dialog"):
            yield Label(_("Transfer the call (H10)"), classes="title")
            yield Input(placeholder=_("Agent number or department"), id="tr-target")
            yield Input(placeholder=_("Note for the new owner"), id="tr-note")
            yield Static(_("Enter transfers, Esc cancels"), classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        target = self.query_one("#tr-target", Input).value.strip()
        if not target:
            self.query_one("#tr-target", Input).focus()
            return
        self.dismiss({"target": target, "note": self.query_one("#tr-note", Input).value})


class YesNoDialog(_Dialog):
    """A plain question: y / n."""

    DEFAULT_CSS = DIALOG_CSS + "\nYesNoDialog { align: center middle; }"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="intake.answer_true"),
        Binding("n", "answer(False)", "No", id="intake.answer_false"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="intake-dialog"):
            yield Static(escape(self.question), classes="title")
            yield Static(_("Y = yes, N = no"), classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class CallbackAttemptDialog(_Dialog):
    """H6: walk the callback opener (y/n, reasons), then pick how it went (1-4)."""

    DEFAULT_CSS = DIALOG_CSS + "\nCallbackAttemptDialog { align: center middle; }"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="intake.answer_true.2"),
        Binding("n", "answer(False)", "No", id="intake.answer_false.2"),
        Binding("space", "next", "Next line", id="intake.next"),
        *[
            Binding(str(i), f"result({i})", show=False, id=f"intake.result.{i}")
            for i in range(1, 5)
        ],
    ]

    AUTO_FOCUS = None  # keys answer; the note field is for reasons only

    def __init__(self, run: ScriptRun, values: Mapping[str, object]) -> None:
        super().__init__()
        self.run_, self.values = run, values
        self.pending_no = False

    def compose(self) -> ComposeResult:
        results = "  ".join(
            f"{i}={_(label)}" for i, label in enumerate(ATTEMPT_RESULTS.values(), 1)
        )
        with Vertical(classes="intake-dialog"):
            yield Label(_("Call-back attempt (H6)"), classes="title")
            yield Static("", id="cb-say")
            yield Input(placeholder=_("Reason / note"), id="cb-note")
            yield Static("", classes="error", id="cb-error")
            yield Static(
                _("Y/N answer, Space next line; result: {results}", results=results), classes="hint"
            )

    def on_mount(self) -> None:
        self._refresh()
        self.call_after_refresh(self.set_focus, None)  # keys answer; Tab reaches the note

    def _refresh(self) -> None:
        text = (
            self.run_.text(language(), self.values)
            if not self.run_.done
            else _("End of the script")
        )
        self.query_one("#cb-say", Static).update(escape(text))

    def action_answer(self, yes: bool) -> None:
        if self.run_.step is None or not self.run_.step.is_question:
            return
        note = self.query_one("#cb-note", Input)
        try:
            self.run_.answer(yes, note.value)
        except ValidationError as exc:  # F6: a "no" needs its reason, typed then Enter
            self.query_one("#cb-error", Static).update(str(exc))
            self.pending_no = True
            note.focus()
            return
        self.pending_no = False
        note.value = ""
        self.query_one("#cb-error", Static).update("")
        self.set_focus(None)
        self._refresh()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.pending_no:
            self.action_answer(False)
        else:
            self.set_focus(None)  # back to the y/n/1-4 keys

    def action_next(self) -> None:
        if self.run_.step is not None and not self.run_.step.is_question:
            self.run_.advance()
            self._refresh()

    def action_result(self, n: int) -> None:
        result = list(ATTEMPT_RESULTS)[n - 1]
        note = self.query_one("#cb-note", Input)
        if result == "wrong_person" and not note.value.strip():
            self.query_one("#cb-error", Static).update(_("Record the reason for this answer"))
            note.focus()
            return
        self.dismiss(
            {
                "result": result,
                "note": self.query_one("#cb-note", Input).value,
                "answers": dict(self.run_.answers),
            }
        )
