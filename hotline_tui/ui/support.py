"""What every screen needs: translated key labels and service calls in workers.

`HotlineScreen.call_service` runs a service function in a thread worker (in
its own connection), hands the result back on the UI thread, and turns every
error into a message: a `HotlineError` says what is wrong; anything else is
logged and reported without a traceback.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

from textual import events
from textual.binding import ActiveBinding, Binding
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen

from hotline_tui.domain.errors import HotlineError
from hotline_tui.i18n import _, language
from hotline_tui.services.auth import StepUpRequired
from hotline_tui.services.base import ServiceContext
from hotline_tui.ui.live import LiveScreen
from hotline_tui.ui.workers import in_connection

log = logging.getLogger("hotline_tui.ui")
T = TypeVar("T")


def translate_bindings(node: DOMNode) -> None:
    """Show the node's key labels in the UI language (labels are msgids)."""
    for bindings in node._bindings.key_to_bindings.values():
        for i, b in enumerate(bindings):
            if b.description:
                bindings[i] = dataclasses.replace(
                    b, description=_(b.description), tooltip=_(b.tooltip) if b.tooltip else ""
                )


@lru_cache(maxsize=1024)
def _translated(binding: Binding, lang: str) -> Binding:
    """The binding with its label in `lang` (Textual's built-in ones included)."""
    description = _(binding.description) if binding.description else ""
    tooltip = _(binding.tooltip) if binding.tooltip else ""
    if (description, tooltip) == (binding.description, binding.tooltip):
        return binding
    return dataclasses.replace(binding, description=description, tooltip=tooltip)


class TranslatedKeys:
    """Every key a screen offers, in the UI language: its own and those of Textual's
    widgets on it (a DataTable's "Cursor up", Tab's "Focus Next", a Select's "Dismiss
    menu"). The key bar, F1's keys panel and the palette all read `active_bindings`."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        active: dict[str, ActiveBinding] = super().active_bindings  # type: ignore[misc]
        lang = language()
        return {
            key: a._replace(binding=b, tooltip=b.tooltip)
            if (b := _translated(a.binding, lang)) is not a.binding
            else a
            for key, a in active.items()
        }


class ServiceCaller:
    """Mixin for screens: run services off the UI thread, report errors kindly."""

    def call_service(
        self,
        fn: Callable[..., T],
        *args: Any,
        done: Callable[[T], None] | None = None,
        failed: Callable[[HotlineError], None] | None = None,
        group: str = "service",
        exclusive: bool = False,
        connection: bool = True,
        **kwargs: Any,
    ) -> None:
        """Run `fn` in a thread worker (inside a database connection unless
        `connection=False`); hand its result to `done`, its error to `failed`."""
        node: Any = self
        app = node.app

        def again() -> None:
            self.call_service(
                fn,
                *args,
                done=done,
                failed=failed,
                group=group,
                exclusive=exclusive,
                connection=connection,
                **kwargs,
            )

        def work() -> None:
            try:
                result = in_connection(fn, *args, **kwargs) if connection else fn(*args, **kwargs)
            except StepUpRequired as exc:  # the password again, then the same call once more
                from hotline_tui.ui import session

                refused = exc
                app.call_from_thread(
                    session.step_up, app, again, lambda: (failed or self.show_error)(refused)
                )
                return
            except HotlineError as exc:
                app.call_from_thread(failed or self.show_error, exc)
                return
            except Exception as exc:  # noqa: BLE001 - never a traceback for the operator
                log.exception("service call failed")
                app.call_from_thread(
                    failed or self.show_error,
                    HotlineError("Something went wrong: {what}", what=type(exc).__name__),
                )
                return
            if done is not None:
                app.call_from_thread(done, result)

        node.run_worker(work, thread=True, group=group, exclusive=exclusive)

    def show_error(self, exc: HotlineError) -> None:
        node: Any = self
        node.app.notify(str(exc), severity="error", timeout=8)

    @property
    def ctx(self) -> ServiceContext:
        node: Any = self
        return node.app.ctx


class RefusedKeys:
    """No silent keys: a key this person's role can never use is not offered (its
    `check_action` hides it), and pressing it answers with one line saying who may
    (`role_refusal`). The same choice on every screen and for the F-keys."""

    #: action -> the permission it needs, for keys offered by role only.
    ROLE_KEYS: dict[str, str] = {}

    def role_refusal(self, action: str) -> str | None:
        """The refusal for an action this role can never take, or None."""
        from hotline_tui.domain.permissions import refusal

        node: Any = self
        needs = self.ROLE_KEYS.get(action)
        if needs and node.app.ctx is not None and not node.app.ctx.can(needs):
            return refusal(needs)
        return None

    def on_key(self, event: events.Key) -> None:
        node: Any = self
        if node.app.ctx is None:
            return
        for binding in node._bindings.key_to_bindings.get(event.key, ()):
            why = self.role_refusal(binding.action)
            if why:
                event.stop()
                node.notify(why, severity="warning")
                return


class HotlineScreen(RefusedKeys, TranslatedKeys, LiveScreen, ServiceCaller, Screen):
    """Base of the desk's screens: translated keys, `escape` back to the desk."""

    BINDINGS = [("escape", "app.open('desk')", "Back")]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)


class HotlineModal(TranslatedKeys, ServiceCaller, ModalScreen[T]):
    """Base of dialogs: translated keys, `escape` cancels."""

    BINDINGS = [("escape", "dismiss_none", "Cancel")]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
