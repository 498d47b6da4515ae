"""The Textual app: sign-in, the desk, and navigation to every screen.

`create_app()` is the one factory used by the CLI, the tests and browser mode.
The app never writes models: screens call services in thread workers.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from functools import partial
from typing import Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from hotline_tui import __version__
from hotline_tui.config import Settings
from hotline_tui.domain.clock import Clock, SystemClock
from hotline_tui.i18n import _, set_language
from hotline_tui.quietgc import settle
from hotline_tui.services.auth.ahead import SignInAhead
from hotline_tui.services.auth.sign_in import SignInPlace
from hotline_tui.services.base import ServiceContext
from hotline_tui.store.models import Staff
from hotline_tui.ui import session
from hotline_tui.ui.live import LiveApp
from hotline_tui.ui.navigation import NAV, entry
from hotline_tui.ui.support import translate_bindings

#: Screens whose key is always in the footer; the others would push a screen's own
#: keys off a 120-column footer, so they are listed by F1 (keys) and ctrl+p instead.
FOOTER_NAV = ("intake",)


def _nav_bindings() -> list[Binding]:
    return [
        Binding(
            e.key,
            f"app.open('{e.id}')",
            e.label,
            id=f"nav.{e.id}",
            priority=True,
            show=e.id in FOOTER_NAV,
        )
        for e in NAV
    ]


#: Which screen opens an item of each kind (they read `app.open_item` on mount).
OPENERS = {
    "call": "intake",
    "callback": "callbacks",
    "dispatch": "dispatch",
    "complaint": "complaints",
    "handover": "handover",
}


class HotlineApp(LiveApp, App[None]):
    """The hotline desk."""

    CSS_PATH = "hotline.tcss"
    TITLE = "hotline-tui"
    BINDINGS = [
        *_nav_bindings(),
        Binding("f1", "toggle_keys", "Keys", id="app.keys"),
        Binding(
            "f14",  # shift+F2, beside F2's new call (ctrl+\\ is the access log)
            "open_notice",
            "Open new item",
            id="app.open_notice",
            key_display="Shift+F2",
            priority=True,
            show=False,  # the notice names the key; it does nothing without one
        ),
        Binding(
            "ctrl+p", "command_palette", "Commands", id="app.palette", show=False, priority=True
        ),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False, priority=True),
        # Ctrl+^ and Ctrl+_ (Ctrl+6, Ctrl+-): the letters are the text boxes' own keys.
        Binding(
            "ctrl+circumflex_accent",
            "change_password",
            "Change my password",
            id="app.password",
            show=False,
            priority=True,
        ),
        Binding(
            "ctrl+underscore", "lock", "Lock the desk", id="app.lock", show=False, priority=True
        ),
    ]

    def __init__(
        self,
        settings: Settings,
        clock: Clock | None = None,
        agent_no: str = "",
        ahead: SignInAhead | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        #: Sign in as this agent at start (`hotline --as`), as if typed into the box.
        self.start_as = agent_no
        #: That agent's warm-up (hasher, items), run while the database opens.
        self.ahead = ahead
        #: Where sign-ins come from, for the sign-in log (browser mode sets the address).
        self.place = SignInPlace.here()
        #: The last key or click (the app's clock): the idle lock counts from it.
        self.last_input = self.clock_now(clock)
        self.locked = False
        #: The database's security policy, read after each sign-in (None: defaults).
        self.security = None
        self.clock = clock or SystemClock()
        self.ctx: ServiceContext | None = None
        #: Signed in, the desk's first list not yet shown: the after-sign-in work waits.
        self._after_sign_in_pending = False
        #: The item a screen was opened for (set by the desk and the review; read on mount).
        self.open_item: object | None = None
        set_language(settings.language)
        self.title = settings.center_name
        self.sub_title = _("Hotline desk {version}", version=__version__)
        translate_bindings(self)
        if settings.keymap:  # `[keymap]` in settings.toml: binding id = key
            self.set_keymap(dict(settings.keymap))

    def get_default_screen(self) -> Screen:
        """The desk is the bottom of the screen stack (no blank screen under it to
        build and restyle at start, docs/PERFORMANCE.md)."""
        from hotline_tui.ui.screens.calls.desk import DeskScreen

        return DeskScreen()  # signed out: it asks for the agent number and password

    # -- session -----------------------------------------------------------
    @staticmethod
    def clock_now(clock: Clock | None):
        return (clock or SystemClock()).now()

    @property
    def actor(self) -> Staff | None:
        return self.ctx.actor if self.ctx else None

    def sign_in(self, ctx: ServiceContext) -> None:
        """Called by the desk once `ctx` proves who this is; it then shows the items.
        A one-time password is changed before anything else."""
        self.ctx = ctx
        self._after_sign_in_pending = True
        self.last_input = self.clock.now()
        self.update_header()
        session.load_policy(self)
        if ctx.must_change:
            session.ask_new_password(self, forced=True)

    def on_mount(self) -> None:
        self.set_interval(session.IDLE_CHECK_SECONDS, self.lock_if_idle)

    # The lock and step-up screens call back here, not into ui/session.py: no cycle.
    def step_up(self, retry: Any, give_up: Any) -> None:
        """Ask the password again, then run the refused call once more."""
        session.step_up(self, retry, give_up)

    def after_unlock(self) -> None:
        session.unlocked(self)

    def open_drafts(self) -> list[tuple[str, dict[str, Any]]]:
        return session.open_drafts(self)

    def switch_person(self, newcomer: Any) -> None:
        session.switch_person(self, newcomer)

    def open_work_item(self, item: Any) -> None:
        """Open an open item (call, callback, ...) on its own screen or dialog."""
        if item.kind == "missed_call":  # a dialog, not a screen (telephony)
            from hotline_tui.ui.widgets.calls.missed_call import MissedCallDialog

            self.push_screen(MissedCallDialog(item))
            return
        if item.kind not in OPENERS:  # H17: a program-change request has its own dialog
            from hotline_tui.ui.widgets.calls.change_request import ChangeRequestDialog

            self.push_screen(ChangeRequestDialog(item.id))
            return
        self.open_item = item  # the target screen reads which item to show
        self.action_open(OPENERS[item.kind])

    def on_data_changed(self, event) -> None:
        """A PBX call changed: this desk's pop looks at once (LiveApp tells the screens)."""
        watcher = getattr(self, "call_watcher", None)
        if watcher is not None and event.touches("phone_call"):
            watcher.check()

    def on_event(self, event: events.Event):
        """Every key and click counts as presence for the idle lock."""
        if isinstance(event, events.Key | events.MouseDown):
            self.last_input = self.clock.now()
        return super().on_event(event)

    def lock_if_idle(self) -> None:
        """Cover the desk after the database's idle minutes without a key (0: never)."""
        session.check_idle(self)

    def action_lock(self) -> None:
        session.lock(self)

    def action_change_password(self) -> None:
        if self.ctx is not None and not self.locked:
            session.ask_new_password(self, forced=False)

    def exit(self, *args, **kwargs) -> None:
        """Leaving the desk, however it is left, is a sign-out in the log."""
        session.log_sign_out(self)
        self.ctx = None
        super().exit(*args, **kwargs)

    def _held(self) -> bool:
        """Locked, or a one-time password still to be changed: no screen opens."""
        return self.locked or (self.ctx is not None and self.ctx.must_change)

    def desk_shown(self) -> None:
        """The desk has shown (or failed to load) its items: now start what follows
        a sign-in, so the operator sees their promises first (ui.start_of_duty)."""
        if self._after_sign_in_pending and not (self.ctx and self.ctx.must_change):
            self._after_sign_in_pending = False
            settle()  # the start is over: the collector runs again (launch.py)
            self.call_after_refresh(self.after_sign_in)

    def after_sign_in(self) -> None:
        """Start of duty (handover), a draft offered back, care calls: all workers."""
        from hotline_tui.ui.screens.duty.start_of_duty import run_after_sign_in

        run_after_sign_in(self)
        if self.ctx is not None and self.ctx.can("call.take"):
            from hotline_tui.ui.widgets.calls.call_pop import watch_calls  # the phone pop

            watch_calls(self)

    def update_header(self, duty: str = "") -> None:
        if self.ctx is None:
            return
        who = _("{no} {name}", no=self.ctx.actor.agent_no, name=self.ctx.actor.name)
        self.sub_title = f"{who} · {duty}" if duty else who

    def action_command_palette(self) -> None:
        """ctrl+p: the palette in the UI language (ui/palette.py)."""
        from textual.command import CommandPalette

        from hotline_tui.ui.palette import HotlinePalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(HotlinePalette(id="--command-palette"))

    def action_toggle_keys(self) -> None:
        """F1: every key of this screen and every screen's F-key, in a side panel."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    # -- navigation ----------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_notice":  # shown only while a notice waits
            return True if self.notice_item is not None else None
        if action == "open":
            if self.ctx is None:
                return False
            nav = entry(str(parameters[0]))
            return not self._held() and (nav.action is None or self.ctx.can(nav.action))
        if action in ("change_password", "lock"):
            return self.ctx is not None and not self._held()
        return True

    def on_key(self, event: events.Key) -> None:
        """No silent F-keys: a screen this role may not open is not offered (F1, the
        palette), and its key answers with one line saying who may."""
        if self.ctx is None:
            return
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.action.startswith("app.open("):
                continue
            nav = entry(binding.action.split("'")[1])
            if nav.action and not self.ctx.can(nav.action):
                event.stop()
                self.notify(self.may_not_open(nav), severity="warning")
                return

    def may_not_open(self, nav: Any) -> str:
        """ "只有服务部经理、质量监督员可以打开「统计」": who may, in words."""
        from hotline_tui.domain.permissions import who_may

        return _("Only {roles} may open {screen}", roles=who_may(nav.action), screen=_(nav.label))

    def action_open(self, nav_id: str) -> None:
        """Open a screen from the navigation table (keys F2-F12, the palette)."""
        if self.ctx is None or self._held():
            return
        nav = entry(nav_id)
        if nav.action and not self.ctx.can(nav.action):
            self.notify(self.may_not_open(nav), severity="warning")
            return
        module_name, cls_name = nav.target.split(":")
        try:
            cls = getattr(importlib.import_module(module_name), cls_name)
        except (ModuleNotFoundError, AttributeError):
            self.notify(_("{screen} is not available yet", screen=_(nav.label)), severity="warning")
            return
        if isinstance(self.screen, cls):
            self.open_item = None  # nothing left for a later opening to pick up
            return
        while len(self.screen_stack) > 1 and not isinstance(self.screen, cls):
            self.pop_screen()
        if nav_id != "desk":
            self.push_screen(cls())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette lists every screen and every key of the current screen."""
        if self.ctx is not None and not self._held():
            for e in NAV:
                if e.action is None or self.ctx.can(e.action):
                    yield SystemCommand(
                        f"{_(e.label)} ({e.key.upper()})",
                        _(e.help),
                        partial(self.action_open, e.id),
                    )
            seen = set()
            for active in screen.active_bindings.values():
                b = active.binding
                if (
                    not b.show
                    or not b.description
                    or b.action.startswith("app.open")
                    or b.action in seen
                ):
                    continue
                seen.add(b.action)
                yield SystemCommand(
                    f"{_(b.description)} ({b.key_display or b.key})",
                    _(b.tooltip) if b.tooltip else _(b.description),
                    partial(self.call_next, self.run_action, b.action, active.node),
                )
        if self.ctx is not None and not self.locked:
            yield SystemCommand(
                _("Change my password") + " (Ctrl+^)",
                _("Choose a new password for signing in"),
                self.action_change_password,
            )
            yield SystemCommand(
                _("Lock the desk") + " (Ctrl+_)",
                _("Cover the desk until your password is entered"),
                self.action_lock,
            )
        yield SystemCommand(_("Quit"), _("Leave the hotline desk"), self.action_quit)
        yield SystemCommand(
            _("Keys"), _("Show the keys of this screen"), self.action_show_help_panel
        )


def create_app(
    settings: Settings,
    clock: Clock | None = None,
    agent_no: str = "",
    ahead: SignInAhead | None = None,
) -> HotlineApp:
    """The one app factory: CLI, tests and browser mode all build the app here.

    The database must be open or opening (`store.db.open_database[_in_background]`).
    `agent_no` fills the sign-in box's number at start (the password is asked);
    `ahead` is that agent's warm-up, already under way."""
    return HotlineApp(settings, clock=clock, agent_no=agent_no, ahead=ahead)
