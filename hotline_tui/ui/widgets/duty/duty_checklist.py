"""The duty checklist (R5): tick each item (its number or Space on it), Ctrl+S
records it as done. A manager also sees who did today's checklists."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Checkbox, Static

from hotline_tui.domain.errors import HotlineError
from hotline_tui.i18n import _
from hotline_tui.services.duty import checklist as svc
from hotline_tui.ui.support import HotlineModal


class ChecklistDialog(HotlineModal[bool]):
    BINDINGS = [Binding("ctrl+s", "save", "Done", id="duty.checklist.save", priority=True)]
    DEFAULT_CSS = """
    ChecklistDialog { align: center middle; }
    ChecklistDialog > Vertical { width: 70; height: auto; border: round $primary;
        padding: 0 2; background: $surface; }
    ChecklistDialog Checkbox { width: 1fr; }
    """

    def __init__(self, moment: str | None = None) -> None:
        super().__init__()
        self.moment = moment
        self.items: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="cl-box"):
            yield Static("", classes="title", id="cl-title")
            yield Vertical(id="cl-items")
            yield Static("", id="cl-error", classes="error")
            yield Static("", id="cl-done", classes="hint")
            yield Static(_("Space ticks · Tab next · Ctrl+S done · Esc later"), classes="hint")

    def on_mount(self) -> None:
        def load(ctx: Any) -> tuple[str, dict[str, str], list[Any]]:
            moment = self.moment or svc.next_moment(ctx)
            day = ctx.local(ctx.now()).date()
            done = svc.checklists_on(ctx, day) if ctx.can("review.open_items") else []
            return moment, svc.checklist(ctx, moment), done

        self.call_service(load, self.ctx, done=self._show)

    def _show(self, result: tuple[str, dict[str, str], list[Any]]) -> None:
        self.moment, self.items, done = result
        self.query_one("#cl-title", Static).update(
            _("Duty checklist: {moment}", moment=_(svc.MOMENTS[self.moment]))
        )
        box = self.query_one("#cl-items", Vertical)
        box.mount_all(Checkbox(_(label), id=f"cl-{key}") for key, label in self.items.items())
        if done:  # R5: the manager sees who did it
            lines = [
                f"{self.ctx.local(r.done_at).format('HH:mm')} {r.agent_no} {r.name} "
                f"{_(svc.MOMENTS[r.moment])}"
                for r in done
            ]
            self.query_one("#cl-done", Static).update(
                escape(_("Done today:") + "\n" + "\n".join(lines))
            )
        self.call_after_refresh(lambda: box.query(Checkbox).first().focus())

    def action_save(self) -> None:
        ticked = [key for key in self.items if self.query_one(f"#cl-{key}", Checkbox).value]

        def failed(exc: HotlineError) -> None:
            self.query_one("#cl-error", Static).update(escape(str(exc)))

        def done(_row: Any) -> None:
            self.notify(_("Duty checklist recorded"))
            self.dismiss(True)

        self.call_service(
            svc.complete_checklist, self.ctx, self.moment, ticked, done=done, failed=failed
        )
