"""Dialogs of the library screen: the entry form (create/edit, with the
near-duplicate warning), the manager's return comment, and the ticket prompt
for drafting an entry from a solved call (H9)."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Static, TextArea

from hotline_tui.domain.errors import HotlineError, ValidationError
from hotline_tui.i18n import N_, _
from hotline_tui.services.library import entries as library
from hotline_tui.ui.support import HotlineModal

FORM_CSS = """
LibraryFormDialog, CommentDialog, TicketDialog { align: center middle; }
.lib-dialog { width: 100; height: auto; max-height: 95%; border: thick $primary;
    background: $surface; padding: 0 1; }
.lib-dialog .row { height: auto; }
.lib-dialog .row Label { width: 14; padding: 1 1 0 0; }
.lib-dialog .row Input { width: 1fr; }
.lib-dialog TextArea { height: 4; width: 1fr; }
.lib-dialog .field-error { color: $error; padding: 0 0 0 14; height: auto; }
.lib-dialog #lf-similar { color: $warning; height: auto; }
"""

#: form field -> (label msgid, multi-line)
FORM_FIELDS: dict[str, tuple[str, bool]] = {
    "title": (N_("Title"), False),
    "symptom": (N_("Symptom"), True),
    "cause": (N_("Cause"), True),
    "solution": (N_("Solution steps"), True),
    "product": (N_("Product"), False),
    "version_range": (N_("Versions"), False),
    "modules": (N_("Modules"), False),
    "tags": (N_("Tags"), False),
    "source_calls": (N_("Source calls"), False),
}
SIMILAR_DELAY = 0.3


class LibraryFormDialog(HotlineModal[Any]):
    """Create or edit an entry; the service validates, errors show on the field."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save entry", priority=True, id="library.form.save"),
        Binding("escape", "dismiss_none", "Cancel", id="library.form.cancel"),
    ]

    def __init__(self, entry: Any | None = None, publish: bool = False) -> None:
        super().__init__()
        self.entry = entry
        self.publish = publish
        self._similar_timer: Any = None

    def compose(self) -> ComposeResult:
        heading = _("Edit entry #{id}", id=self.entry.id) if self.entry else _("New library entry")
        with VerticalScroll(classes="lib-dialog"):
            yield Label(heading, classes="title")
            for name, (label, multi) in FORM_FIELDS.items():
                value = getattr(self.entry, name, "") if self.entry else ""
                with Horizontal(classes="row"):
                    yield Label(_(label))
                    if multi:
                        yield TextArea(value or "", id=f"lf-{name}", soft_wrap=True)
                    else:
                        yield Input(value or "", id=f"lf-{name}")
                yield Static("", classes="field-error", id=f"lf-{name}-error")
            yield Static("", id="lf-similar")
            yield Static(_("Ctrl+S saves, Esc cancels"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#lf-title", Input).focus()

    def values(self) -> dict[str, str]:
        out = {}
        for name, (_label, multi) in FORM_FIELDS.items():
            widget = self.query_one(f"#lf-{name}")
            out[name] = widget.text if multi else widget.value
        return out

    # -- near-duplicate warning (only when creating) -------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "lf-title" or self.entry is not None:
            return
        if self._similar_timer is not None:
            self._similar_timer.stop()
        self._similar_timer = self.set_timer(SIMILAR_DELAY, self._check_similar)

    def _check_similar(self) -> None:
        title = self.query_one("#lf-title", Input).value
        self.call_service(
            library.similar_entries,
            title,
            done=self._show_similar,
            group="lib-similar",
            exclusive=True,
        )

    def _show_similar(self, hits: list[library.SearchHit]) -> None:
        box = self.query_one("#lf-similar", Static)
        if not hits:
            box.update("")
            return
        names = "; ".join(f"#{h.entry_id} {escape(h.title)}" for h in hits[:3])
        box.update(_("Similar entries exist, check before adding: {names}", names=names))

    # -- saving --------------------------------------------------------------
    def action_save(self) -> None:
        for err in self.query(".field-error"):
            err.update("")
        data = self.values()
        if self.entry is None:
            status = "published" if self.publish else "draft"
            self.call_service(
                library.create_entry,
                self.ctx,
                **data,
                status=status,
                done=self.dismiss,
                failed=self._refused,
            )
        else:
            self.call_service(
                library.update_entry,
                self.ctx,
                self.entry.id,
                self.entry.version,
                **data,
                done=self.dismiss,
                failed=self._refused,
            )

    def _refused(self, exc: HotlineError) -> None:
        field = getattr(exc, "field", "")
        if isinstance(exc, ValidationError) and field in FORM_FIELDS:
            self.query_one(f"#lf-{field}-error", Static).update(str(exc))
            self.query_one(f"#lf-{field}").focus()
        else:
            self.show_error(exc)


class CommentDialog(HotlineModal[str]):
    """The manager says why an entry goes back to its author."""

    BINDINGS = [Binding("escape", "dismiss_none", "Cancel", id="library.form.cancel.2")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="lib-dialog"):
            yield Label(_("Why does the entry go back? (Enter returns it)"), classes="title")
            yield Input(id="lc-comment")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class TicketDialog(HotlineModal[str]):
    """Which solved call becomes a library draft (its ticket number)."""

    BINDINGS = [Binding("escape", "dismiss_none", "Cancel", id="library.form.cancel.3")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="lib-dialog"):
            yield Label(_("Ticket number of the solved call (Enter)"), classes="title")
            yield Input(placeholder="HL20261123-0001", id="lt-ticket")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())


LibraryFormDialog.DEFAULT_CSS = FORM_CSS
CommentDialog.DEFAULT_CSS = FORM_CSS
TicketDialog.DEFAULT_CSS = FORM_CSS
