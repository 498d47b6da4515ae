"""Walking a branching call script in a dialog (F6, S3): Y/N answer the question,
a "no" asks for its reason (typed, then Enter), Space goes past a line to say.

One piece for every dialog that runs a script (the callback dialog, the first
visit): the dialog supplies the reason field's id, `_refresh` and `_error`.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Label

from hotline_tui.domain.errors import ValidationError
from hotline_tui.domain.scripts import ScriptRun
from hotline_tui.ui.support import ModalMixin


def form_row(label: str, field: Widget) -> Horizontal:
    """A label and its field on one line (the dialogs' `.form-row`)."""
    return Horizontal(Label(label), field, classes="form-row")


def script_bindings(prefix: str) -> list[Binding]:
    """The Y / N / Space keys, with ids under the dialog's own prefix."""
    return [
        Binding("y", "answer(True)", "Yes", id=f"{prefix}.yes"),
        Binding("n", "answer(False)", "No", id=f"{prefix}.no"),
        Binding("space", "next", "Next line", id=f"{prefix}.next"),
    ]


class ScriptRunner(ModalMixin):
    """Mixin for a dialog (before HotlineModal in the bases) that owns `run_`."""

    run_: ScriptRun
    #: The id of the Input where a "no" gets its reason (F6).
    reason_id: str = "reason"
    #: A "no" waits for its reason; finishing or saving is refused meanwhile.
    pending_no: bool = False

    def _refresh(self) -> None:
        """Show the script and what was answered (the dialog's own layout)."""
        raise NotImplementedError

    def _error(self, message: str) -> None:
        raise NotImplementedError

    def _answered(self) -> None:
        """After an accepted answer: a dialog may move the focus on (S3 needs)."""

    def action_answer(self, yes: bool) -> None:
        node: Any = self
        step = self.run_.step
        if step is None or not step.is_question:
            return
        reason = node.query_one(f"#{self.reason_id}", Input)
        try:
            self.run_.answer(yes, reason.value)
        except ValidationError as exc:  # F6: a "no" carries its reason, typed then Enter
            self._error(str(exc))
            self.pending_no = True
            reason.focus()
            return
        self.pending_no = False
        reason.value = ""
        self._error("")
        node.set_focus(None)
        self._answered()
        self._refresh()

    def action_next(self) -> None:
        if self.run_.step is not None and not self.run_.step.is_question:
            self.run_.advance()
            self._refresh()

    def reason_submitted(self) -> None:
        """Enter in the reason field: records the pending "no", else gives the keys back."""
        if self.pending_no:
            self.action_answer(False)
        else:
            node: Any = self
            node.set_focus(None)
