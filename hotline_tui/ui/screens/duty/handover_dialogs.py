"""Parts of the handover screen: a one-line question or reason, the end-of-duty
note with a note per open item (R3, R4), the manager's duty board (R2-R4), and
the sign-in work behind the start-of-duty hook and the duty header."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Static, TextArea

from hotline_tui.i18n import N_, _
from hotline_tui.services.base import ServiceContext
from hotline_tui.services.duty.handover import ITEM_KINDS as ITEM_KIND_LABELS
from hotline_tui.services.duty.roster import shift_label
from hotline_tui.services.duty.sessions import BoardRow, OpenWork, open_work
from hotline_tui.ui.support import HotlineModal
from hotline_tui.ui.widgets.dispatch.layout import fit
from hotline_tui.ui.widgets.plain_table import PlainTable

# -- the item table's columns (double-width safe) ------------------------------

ITEM_KINDS = ITEM_KIND_LABELS
STATUSES = {"pending": N_("To accept"), "accepted": N_("Accepted"), "flagged": N_("Question")}
COLUMN_LABELS = {
    "status": N_("Status"),
    "kind": N_("Kind"),
    "left": N_("Time left"),
    "from": N_("From"),
}


def fixed_widths() -> dict[str, int]:
    """The item table's fixed columns, as wide as their longest label in this language."""

    def widest(*texts: str) -> int:
        return max(cell_len(_(t)) for t in texts)

    return {
        "status": widest(COLUMN_LABELS["status"], *STATUSES.values()),
        "kind": widest(COLUMN_LABELS["kind"], *ITEM_KINDS.values()),
        "left": max(widest(COLUMN_LABELS["left"]), 9),  # "-23:59:59"
        "from": 10,  # "1002 李强"
    }


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
        Binding("escape", "dismiss_none", "Cancel", id="handover.cancel"),
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


HANDOVER_STATES = {"open": N_("In progress"), "completed": N_("Completed")}
BOARD_COLUMNS = (
    N_("Operator"),
    N_("Shift"),
    N_("Signed in"),
    N_("Ready (R2)"),
    N_("Away (R4)"),
    N_("Handover (R3)"),
)


class DutyBoard(PlainTable):
    """The manager's view of today's duty: late readiness (R2), away marks (R4)
    and overdue handovers (R3) in red."""

    def on_mount(self) -> None:
        if not self.columns:  # `show` may have come first
            for label in BOARD_COLUMNS:
                self.add_column(_(label))

    def show(self, rows: list[BoardRow], ctx: ServiceContext) -> None:
        self.clear()
        if not self.columns:
            for label in BOARD_COLUMNS:
                self.add_column(_(label))
        for r in rows:
            ready = {None: "—", True: _("on time"), False: _("late")}[r.ready_on_time]
            ho = ""
            if r.handover_status:
                ho = _(
                    "{status}, due {due}",
                    status=_(HANDOVER_STATES.get(r.handover_status, r.handover_status)),
                    due=ctx.local(r.handover_due).format("HH:mm"),
                )
            if r.handover_late:
                ho += " ⚠" + _("overdue")
            self.add_row(
                r.who,
                _("off roster") if r.off_roster else shift_label(r.shift),
                ctx.local(r.signed_in_at).format("HH:mm"),
                Text(ready, style="bold red" if r.ready_on_time is False else ""),
                Text(r.away_reason, style="bold red" if r.away_reason else ""),
                Text(ho, style="bold red" if r.handover_late else ""),
            )
        # Columns sized from these rows before the next paint: the first paint must
        # not show header-wide columns that hide the overdue mark.
        self.measure_now()
