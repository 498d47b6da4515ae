"""The screen pop: the caller on screen while the phone rings (H1, H4).

`CallWatcher` asks the services which calls ring at this desk (on each change
the feed reports, and on a short poll) and shows `CallPop` for a new one. Enter
takes the call: the intake opens with the number, the caller and the
late-pickup flag from the ring time. The PBX's answer event at this desk's
phone does the same. An unknown number offers one key to register the caller.
"""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from hotline_tui.domain import telephony as tel
from hotline_tui.i18n import _
from hotline_tui.services.calls.calls import CallerSummary, caller_summary
from hotline_tui.services.calls.pop import Ringing, pops_for, take_phone_call
from hotline_tui.ui.support import HotlineModal, ServiceCaller
from hotline_tui.ui.widgets.calls.caller_panel import CallerPanel

POLL_SECONDS = 0.5  # while the change feed is down: one indexed query
SAFETY_SECONDS = 2.0  # with the feed: a look now and then all the same


class CallPop(HotlineModal[None]):
    """One ringing call: who it is, how long it rings, Enter to take it."""

    DEFAULT_CSS = """
    CallPop { align: center top; }
    CallPop #pop { width: 90; max-width: 100%; height: auto; margin-top: 2;
                   border: heavy $warning; background: $surface; padding: 0 1; }
    CallPop #pop-head { text-style: bold; }
    CallPop #pop-hint { color: $text-muted; }
    CallPop #pop-say { color: $success; text-style: bold; }
    """
    BINDINGS = [
        Binding("enter", "take", "Answer", id="pop.take", priority=True),
        Binding("ctrl+n", "register", "Register caller", id="pop.register", priority=True),
        Binding("escape", "dismiss_none", "Not now", id="pop.later"),
    ]

    def __init__(self, ringing: Ringing, watcher: CallWatcher) -> None:
        super().__init__()
        self.ringing, self.watcher = ringing, watcher
        self.summary: CallerSummary | None = None
        self.taking = False
        self._late_shown: bool | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="pop"):
            yield Static("", id="pop-head")
            yield CallerPanel(id="pop-caller")
            yield Static("", id="pop-unknown")
            yield Static("", id="pop-say")
            yield Static("", id="pop-hint")

    def on_mount(self) -> None:
        self.query_one("#pop").border_title = _("Incoming call")
        self.tick()
        self.set_interval(1.0, self.tick)
        r = self.ringing
        if r.customer_id is not None:
            self.call_service(
                caller_summary, self.ctx, r.customer_id, r.contact_id, done=self._summary
            )
        else:
            self.query_one(CallerPanel).display = False
            self.query_one("#pop-unknown", Static).update(
                _("Unknown caller: Ctrl+N registers the caller")
            )
        self.refresh_bindings()

    def _summary(self, s: CallerSummary) -> None:
        self.summary = s
        self.query_one(CallerPanel).show(s, self.ctx.local)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "register":
            return self.ringing.customer_id is None
        return True

    def tick(self) -> None:
        r, p = self.ringing, self.ctx.policy
        secs = r.ring_seconds(self.ctx.now())
        rings = tel.rings(secs, p.seconds_per_ring)
        where = r.queue or r.extension
        head = _(
            "{number} rings: {secs} s, {rings} rings",
            number=r.number or _("no number"),
            secs=int(secs),
            rings=rings,
        )
        if where:
            head += f" · {where}"
        self.query_one("#pop-head", Static).update(head)
        late = rings > p.apology_after_rings
        hint = _("Enter answers · Esc not now")
        if late:
            hint = _("Rang long: open with the apology") + " · " + hint
        self.query_one("#pop-hint", Static).update(hint)
        if late != self._late_shown:
            self._late_shown = late
            self.query_one("#pop-say", Static).update(self._greeting(late))

    def _greeting(self, late: bool) -> str:
        """H1/H2: what to say on picking up, the apology once it rang too long."""
        from hotline_tui.domain.scripts import fill, load_scripts
        from hotline_tui.i18n import language
        from hotline_tui.paths import DATA_DIR

        step = load_scripts(DATA_DIR / "scripts")["intake"].steps[0]
        text = step.text(language(), ["late_pickup"] if late else [])
        return "» " + fill(text, {"agent_no": self.ctx.actor.agent_no})

    def action_take(self, customer_id: int | None = None) -> None:
        if self.taking:
            return
        self.taking = True
        self.call_service(
            take_phone_call,
            self.ctx,
            self.ringing.id,
            customer_id,
            done=self._taken,
            failed=self._failed,
        )

    def _failed(self, exc: Any) -> None:
        self.taking = False
        self.show_error(exc)

    def _taken(self, call_id: int) -> None:
        self.watcher.taken.add(self.ringing.id)
        self.dismiss(None)
        app: Any = self.app
        app.open_item = SimpleNamespace(kind="call", id=call_id)
        app.action_open("intake")

    def action_register(self) -> None:
        from hotline_tui.ui.screens.calls.intake_dialogs import NewCallerDialog

        def registered(customer_id: int | None) -> None:
            if customer_id:
                self.action_take(customer_id)

        self.app.push_screen(NewCallerDialog(self.ringing.number), registered)

    def action_dismiss_none(self) -> None:
        self.watcher.later.add(self.ringing.id)
        self.dismiss(None)


class CallWatcher(ServiceCaller):
    """One per signed-in app: finds this desk's ringing calls and pops them."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.pop: CallPop | None = None
        self.later: set[int] = set()  # dismissed with Esc
        self.taken: set[int] = set()
        self.busy = False
        self.last_check = 0.0

    def run_worker(self, *args: Any, **kwargs: Any) -> Any:
        return self.app.run_worker(*args, **kwargs)

    def start(self) -> None:
        self.app.set_interval(POLL_SECONDS, self.tick)

    def tick(self) -> None:
        """The poll: with the change feed up, only a slow safety net (the feed
        brings each phone-call change and `check` runs then: NOTIFY at once on
        PostgreSQL, SQLite's 0.2 s `data_version` look, well inside the pop's
        300 ms; an idle desk then costs no query at all between calls)."""
        live = getattr(self.app, "feed", None) is not None and getattr(
            self.app, "feed_online", False
        )
        now = time.monotonic()
        if live and now - self.last_check < SAFETY_SECONDS:
            return
        self.check()

    def hidden(self) -> bool:
        """Signed out, locked, or a password still to change: no caller on screen."""
        ctx = self.app.ctx
        return (
            ctx is None or getattr(self.app, "locked", False) or getattr(ctx, "must_change", False)
        )

    def check(self) -> None:
        """Ask again (the feed's change message calls this too)."""
        if self.busy or self.hidden():
            return
        self.busy = True
        self.last_check = time.monotonic()
        self.call_service(
            pops_for, self.app.ctx, done=self._show, failed=self._failed, group="cti-pop"
        )

    def _failed(self, exc: Any) -> None:
        self.busy = False

    def _show(self, ringing: list[Ringing]) -> None:
        self.busy = False
        if self.hidden():  # locked while the question ran
            return
        ids = {r.id for r in ringing}
        if self.pop is not None and (self.pop.ringing.id not in ids or not self.pop.is_attached):
            if self.pop.is_attached and not self.pop.taking:
                self.pop.dismiss(None)  # answered elsewhere or hung up
            self.pop = None
        for r in ringing:
            if r.id in self.taken:
                continue
            if r.answered_here and r.hotline_call_id is None:
                if self.pop is None or self.pop.ringing.id != r.id:
                    self._open(r)
                if self.pop is not None:
                    self.pop.action_take()  # the PBX says this phone picked up
                return
        if self.pop is not None:
            return
        for r in ringing:
            if r.id not in self.later and r.id not in self.taken and not r.answered_here:
                self._open(r)
                return

    def _open(self, r: Ringing) -> None:
        if self.pop is not None and self.pop.is_attached:
            self.pop.dismiss(None)
        self.pop = CallPop(r, self)
        self.app.push_screen(self.pop)


def watch_calls(app: Any) -> CallWatcher:
    """Start popping ringing calls on this signed-in desk (once per app: a later
    sign-in, by the same or another person, starts with nothing dismissed)."""
    watcher = getattr(app, "call_watcher", None)
    if watcher is not None:
        watcher.later.clear()
        watcher.taken.clear()
        return watcher
    watcher = CallWatcher(app)
    watcher.start()
    app.call_watcher = watcher
    return watcher
