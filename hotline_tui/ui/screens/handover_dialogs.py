"""Dialogs of the handover screen: a one-line question or reason, and the
end-of-duty note with a note per open item (R3, R4)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Static, TextArea

from hotline_tui.i18n import _
from hotline_tui.services.duty import OpenWork, open_work
from hotline_tui.ui.support import HotlineModal
from hotline_tui.ui.widgets.dispatch_layout import fit

DIALOG_CSS = """
TextPrompt, EndOfDuty { align: center middle; }
TextPrompt > .dialog, EndOfDuty > .dialog {
    width: 90; height: auto; max-height: 90%;
    border: round $primary; background: $surface; padding: 1 2;
}
EndOfDuty TextArea { height: 5; }
EndOfDuty VerticalScroll { height: auto; max-height: 16; }
"""


class TextPrompt(HotlineModal[str]):
    """Ask for one line of text (a question, a reason); Enter gives it back."""

    DEFAULT_CSS = DIALOG_CSS

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="title")
            yield Input(id="prompt-text")
            yield Static(_("Enter confirms, Escape cancels"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class EndOfDuty(HotlineModal[tuple[str, dict[str, str]]]):
    """The outgoing operator's note: free text plus a note per open item (R3).

    Saving with items left without a note shows a reminder first; saving again
    hands over anyway."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [
        Binding("ctrl+s", "save", "Save and hand over", id="handover.save", priority=True),
        ("escape", "dismiss_none", "Cancel"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.work: list[OpenWork] = []
        self.warned = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("End of duty: the handover note"), classes="title")
            yield TextArea(id="duty-note")
            yield Label(_("A note per open item (optional)"), classes="hint")
            yield VerticalScroll(id="item-notes", can_focus=False)
            yield Static("", id="notes-reminder", classes="error")
            yield Static(_("Ctrl+S saves and signs you out of duty"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()
        self.call_service(open_work, self.ctx.actor.id, done=self._loaded)

    def _loaded(self, work: list[OpenWork]) -> None:
        self.work = work
        box = self.query_one("#item-notes", VerticalScroll)
        for w in work:
            # One line per item, cut to the dialog width (Chinese is double-width).
            box.mount(Label(fit(w.summary, 80), markup=False))
            box.mount(Input(id=f"note-{w.kind}-{w.id}", placeholder=_("Note on this item")))

    def notes(self) -> dict[str, str]:
        return {
            w.key: self.query_one(f"#note-{w.kind}-{w.id}", Input).value.strip() for w in self.work
        }

    def action_save(self) -> None:
        notes = self.notes()
        missing = [k for k, v in notes.items() if not v]
        if missing and not self.warned:
            self.warned = True
            self.query_one("#notes-reminder", Static).update(
                _(
                    "{n} open items have no note: press Ctrl+S again to hand over anyway",
                    n=len(missing),
                )
            )
            return
        self.dismiss((self.query_one(TextArea).text, notes))
