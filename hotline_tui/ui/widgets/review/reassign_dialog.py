"""Reassign an open item to another owner with a reason (H10; docs/DESIGN.md, the manager's review).

The dialog calls the service itself, so a refusal (no reason, the same owner,
a role that cannot own the item) is shown in place and can be corrected.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static

from hotline_tui.domain.errors import HotlineError
from hotline_tui.i18n import _
from hotline_tui.services.review.open_items import KINDS, OpenItem
from hotline_tui.services.review.reassign import reassign
from hotline_tui.ui.support import HotlineModal
from hotline_tui.ui.widgets.keybar import KeyBar


class ReassignDialog(HotlineModal[OpenItem | None]):
    DEFAULT_CSS = """
    ReassignDialog { align: center middle; }
    #reassign-box { width: 80; height: auto; border: round $primary; padding: 1 2;
                    background: $surface; }
    #reassign-box Select { width: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "dismiss_none", "Cancel", id="reassign.cancel"),
        Binding("ctrl+s", "save", "Reassign", id="reassign.save"),
    ]

    def __init__(self, item: OpenItem, staff: list[tuple[str, int]]) -> None:
        super().__init__()
        self.item = item
        self.staff = [(label, sid) for label, sid in staff if sid != item.owner_id]

    def compose(self) -> ComposeResult:
        with Vertical(id="reassign-box"):
            yield Label(
                _(
                    "Reassign {kind} {title} (now: {owner})",
                    kind=_(KINDS[self.item.kind]),
                    title=self.item.title,
                    owner=self.item.owner or "—",
                ),
                classes="title",
            )
            yield Select(self.staff, prompt=_("New owner"), id="reassign-owner")
            yield Input(placeholder=_("Reason (kept in the audit log)"), id="reassign-reason")
            yield Static(_("Enter in the reason field reassigns."), classes="hint")
            yield Static("", id="reassign-error", classes="error")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#reassign-owner", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL:
            self.query_one("#reassign-reason", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        owner: Any = self.query_one("#reassign-owner", Select).value
        error = self.query_one("#reassign-error", Static)
        if owner is Select.NULL:
            error.update(_("Choose the new owner"))
            self.query_one("#reassign-owner", Select).focus()
            return
        error.update("")
        reason = self.query_one("#reassign-reason", Input).value
        self.call_service(
            reassign,
            self.ctx,
            self.item.kind,
            self.item.id,
            int(owner),
            reason,
            done=self.dismiss,
            failed=self._failed,
        )

    def _failed(self, exc: HotlineError) -> None:
        self.query_one("#reassign-error", Static).update(str(exc))
