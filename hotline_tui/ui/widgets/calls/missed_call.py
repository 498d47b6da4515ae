"""A missed call opened from the desk or the review: call back, or (managers)
acknowledge it with a reason."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from hotline_tui.i18n import _
from hotline_tui.services.calls.missed_calls import acknowledge, return_missed_call
from hotline_tui.ui.support import HotlineModal
from hotline_tui.ui.widgets.countdown import time_left


class MissedCallDialog(HotlineModal[None]):
    DEFAULT_CSS = """
    MissedCallDialog { align: center middle; }
    MissedCallDialog #missed { width: 80; max-width: 100%; height: auto;
                               border: round $warning; background: $surface; padding: 0 1; }
    MissedCallDialog .error { color: $error; }
    MissedCallDialog .hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("ctrl+b", "call_back", "Call back now", id="missed.call_back", priority=True),
        Binding("ctrl+k", "acknowledge", "Acknowledge", id="missed.ack", priority=True),
        Binding("ctrl+d", "dial", "Dial", id="missed.dial", priority=True),
    ]

    def __init__(self, item: Any) -> None:
        super().__init__()
        self.item = item

    def compose(self) -> ComposeResult:
        it = self.item
        with Vertical(id="missed"):
            yield Static(_("Missed call {number}", number=it.title), classes="title")
            yield Static(_("Unit: {unit}", unit=it.customer or _("unknown caller")))
            yield Static(
                _(
                    "Owner: {owner} · time left {left}",
                    owner=it.owner or "—",
                    left=time_left(it.due_at, self.ctx.now()),
                ),
            )
            if self.ctx.can("missed_call.acknowledge"):
                yield Input(
                    placeholder=_("Reason (to acknowledge without calling back)"),
                    id="missed-reason",
                )
            yield Static("", classes="error", id="missed-error")
            yield Static(_("Ctrl+B calls back · Esc back"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#missed").border_title = _("Missed call")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "acknowledge":
            return self.ctx.can("missed_call.acknowledge")
        return True

    def _failed(self, exc: Any) -> None:
        self.query_one("#missed-error", Static).update(str(exc))

    def action_call_back(self) -> None:
        self.call_service(
            return_missed_call, self.ctx, self.item.id, done=self._started, failed=self._failed
        )

    def _started(self, call_id: int) -> None:
        self.dismiss(None)
        app: Any = self.app
        app.open_item = SimpleNamespace(kind="call", id=call_id)
        app.action_open("intake")

    def action_dial(self) -> None:
        """Ring the operator's phone, then the caller's (AMI Originate), and open the record."""
        from hotline_tui.services.calls.dial_out import dial_number

        number = self.item.title.split(" ")[0]
        self.call_service(
            dial_number,
            self.ctx,
            number,
            done=lambda _n: self.action_call_back(),
            failed=self._failed,
        )

    def action_acknowledge(self) -> None:
        reason = self.query_one("#missed-reason", Input).value
        self.call_service(
            acknowledge,
            self.ctx,
            [self.item.id],
            reason,
            done=lambda n: self.dismiss(None),
            failed=self._failed,
        )


class AcknowledgeMissedDialog(HotlineModal[int]):
    """The manager ticks several open missed calls and closes them with one reason."""

    DEFAULT_CSS = """
    AcknowledgeMissedDialog { align: center middle; }
    AcknowledgeMissedDialog #ack { width: 90; max-width: 100%; height: auto; max-height: 90%;
                                   border: round $warning; background: $surface; padding: 0 1; }
    AcknowledgeMissedDialog SelectionList { height: auto; max-height: 20; }
    AcknowledgeMissedDialog .error { color: $error; }
    AcknowledgeMissedDialog .hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("ctrl+k", "acknowledge", "Acknowledge", id="missed.ack_many", priority=True),
    ]

    def __init__(self, items: list[Any]) -> None:
        super().__init__()
        self.items = items

    def compose(self) -> ComposeResult:
        from textual.widgets import SelectionList

        now = self.ctx.now()
        with Vertical(id="ack"):
            yield SelectionList[int](
                *[
                    (
                        f"{str(time_left(i.due_at, now)):>9}  {i.title}  {i.customer or '—'}  "
                        f"{i.owner or '—'}",
                        i.id,
                    )
                    for i in self.items
                ],
                id="ack-list",
            )
            yield Input(placeholder=_("Reason for all ticked"), id="ack-reason")
            yield Static("", classes="error", id="ack-error")
            yield Static(_("Space ticks · Ctrl+K acknowledges · Esc back"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#ack").border_title = _("Acknowledge missed calls")
        self.query_one("#ack-list").focus()

    def action_acknowledge(self) -> None:
        from textual.widgets import SelectionList

        ids = list(self.query_one("#ack-list", SelectionList).selected)
        if not ids:
            self.query_one("#ack-error", Static).update(_("Tick the missed calls first"))
            return
        reason = self.query_one("#ack-reason", Input).value
        self.call_service(
            acknowledge,
            self.ctx,
            ids,
            reason,
            done=self.dismiss,
            failed=lambda e: self.query_one("#ack-error", Static).update(str(e)),
        )
