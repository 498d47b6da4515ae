"""One program-change request (H17): the steps and the exact error, the
manager's review (opinion and promised date), the date told to the customer,
a "will be late" notice before the date, and the delivery. Opened with Enter
from the desk or the manager's open items; the services check every step."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from hotline_tui.domain.errors import HotlineError
from hotline_tui.i18n import _
from hotline_tui.services.calls import change_requests as svc
from hotline_tui.ui.support import HotlineModal
from hotline_tui.ui.widgets.calls.script_runner import form_row


class ChangeRequestDialog(HotlineModal[bool]):
    """Ctrl+S approve with opinion and date, Ctrl+X reject, Ctrl+T date told,
    Ctrl+L will be late (new date and note), Ctrl+D delivered."""

    BINDINGS = [
        Binding("ctrl+s", "approve", "Approve", id="change.approve", priority=True),
        Binding("ctrl+x", "reject", "Reject", id="change.reject", priority=True),
        Binding("ctrl+t", "told", "Date told", id="change.told", priority=True),
        Binding("ctrl+l", "late", "Will be late", id="change.late", priority=True),
        Binding("ctrl+d", "delivered", "Delivered", id="change.delivered", priority=True),
    ]
    DEFAULT_CSS = """
    ChangeRequestDialog { align: center middle; }
    ChangeRequestDialog > Vertical { width: 100; height: auto; max-height: 95%;
        border: round $primary; padding: 0 2; background: $surface; }
    ChangeRequestDialog .form-row { height: auto; margin: 1 0 0 0; }
    ChangeRequestDialog .form-row Label { width: 14; }
    ChangeRequestDialog Input { width: 1fr; }
    """

    def __init__(self, request_id: int) -> None:
        super().__init__()
        self.request_id = request_id
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("", classes="title", id="cr-head")
            yield Static("", id="cr-body")
            yield form_row(_("Opinion / note"), Input(id="cr-opinion"))
            yield form_row(_("Date"), Input(placeholder="2026-12-01", id="cr-date"))
            yield Static("", id="cr-error", classes="error")
            yield Static(
                _(
                    "Ctrl+S approve · Ctrl+X reject · Ctrl+T date told to the customer · "
                    "Ctrl+L will be late · Ctrl+D delivered · Esc back"
                ),
                classes="hint",
            )

    def on_mount(self) -> None:
        self._load()

    def _load(self) -> None:
        self.call_service(svc.change_detail, self.ctx, self.request_id, done=self._show)

    def _show(self, d: dict[str, Any]) -> None:
        status = _(svc.STATUSES.get(d["status"], d["status"]))
        self.query_one("#cr-head", Static).update(
            escape(f"{_('Program change')} {d['ref_no']} · {status} · {d['ticket']}")
        )
        lines = [
            _("Steps: {text}", text=d["steps"]),
            _("Error: {text}", text=d["error_message"]),
        ]
        if d["opinion"]:
            lines.append(_("Manager's opinion: {text}", text=d["opinion"]))
        if d["promised_on"]:
            told = (
                self.ctx.local(d["told_customer_at"]).format("MM-DD HH:mm")
                if d["told_customer_at"]
                else _("not yet")
            )
            lines.append(
                _("Promised for {day}; told the customer: {told}", day=d["promised_on"], told=told)
            )
        for n in d["late_notices"]:
            lines.append(
                _("Late: {old} → {new} ({note})", old=n["old"], new=n["new"], note=n["note"])
            )
        self.query_one("#cr-body", Static).update(escape("\n".join(lines)))

    def _run(self, fn: Any, *args: Any, **kwargs: Any) -> None:
        def done(_cr: Any) -> None:
            self.changed = True
            self.query_one("#cr-error", Static).update("")
            self._load()

        def failed(exc: HotlineError) -> None:
            self.query_one("#cr-error", Static).update(escape(str(exc)))

        self.call_service(fn, self.ctx, self.request_id, *args, done=done, failed=failed, **kwargs)

    def _values(self) -> tuple[str, str]:
        return (
            self.query_one("#cr-opinion", Input).value,
            self.query_one("#cr-date", Input).value,
        )

    def action_approve(self) -> None:
        opinion, day = self._values()
        self._run(svc.review_change, opinion=opinion, promised_on=day)

    def action_reject(self) -> None:
        opinion, _day = self._values()
        self._run(svc.review_change, opinion=opinion, approve=False)

    def action_told(self) -> None:
        self._run(svc.tell_customer)

    def action_late(self) -> None:
        note, day = self._values()
        self._run(svc.announce_delay, new_date=day, note=note)

    def action_delivered(self) -> None:
        self._run(svc.deliver_change)

    def action_dismiss_none(self) -> None:
        """Esc: back, telling the list whether anything changed."""
        self.dismiss(self.changed)
