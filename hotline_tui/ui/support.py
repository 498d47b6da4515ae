"""What every screen needs: translated key labels and service calls in workers.

`HotlineScreen.call_service` runs a service function in a thread worker (in
its own connection), hands the result back on the UI thread, and turns every
error into a message: a `HotlineError` says what is wrong; anything else is
logged and reported without a traceback. A result that arrives after its worker
was cancelled or its screen was dismissed is dropped, and what the call created
is undone when the caller says how (`undo=`): F2 then Esc at once leaves no empty
call behind (docs/DESIGN.md, "From a key press to the database and back").
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events
from textual.binding import ActiveBinding, Binding
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Input
from textual.worker import Worker, get_current_worker

from hotline_tui.domain.errors import HotlineError
from hotline_tui.i18n import _, language
from hotline_tui.services.auth.sign_in import StepUpRequired
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


def _ignore(_value: object) -> None:
    """The result of a call made only for its effect."""


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
        undo: Callable[[T], object] | None = None,
        **kwargs: Any,
    ) -> None:
        """Run `fn` in a thread worker (inside a database connection unless
        `connection=False`); hand its result to `done`, its error to `failed`.

        Only while this screen is still shown and the worker was not cancelled:
        otherwise the result is dropped, and `undo(result)` (a service call of its
        own, in a worker of the app) takes back what `fn` created."""
        node: Any = self
        app = node.app

        def deliver(
            worker: Worker[None], callback: Callable[[Any], None], value: Any, made: bool = False
        ) -> None:
            # (a caller that is no widget, such as the app's call watcher, is always there)
            if not worker.is_cancelled and getattr(node, "is_attached", True):
                callback(value)
                return
            log.debug("%s: result dropped (screen left)", type(node).__name__)
            if made and undo is not None:
                app.run_worker(lambda: in_connection(undo, value), thread=True, group="undo")

        def again() -> None:
            self.call_service(
                fn,
                *args,
                done=done,
                failed=failed,
                group=group,
                exclusive=exclusive,
                connection=connection,
                undo=undo,
                **kwargs,
            )

        def work() -> None:
            me = get_current_worker()
            try:
                result = in_connection(fn, *args, **kwargs) if connection else fn(*args, **kwargs)
            except StepUpRequired as exc:  # the password again, then the same call once more
                refused = exc
                app.call_from_thread(
                    app.step_up, again, lambda: (failed or self.show_error)(refused)
                )
                return
            except HotlineError as exc:
                app.call_from_thread(deliver, me, failed or self.show_error, exc)
                return
            except Exception as exc:
                log.exception("service call failed")
                app.call_from_thread(
                    deliver,
                    me,
                    failed or self.show_error,
                    HotlineError("Something went wrong: {what}", what=type(exc).__name__),
                )
                return
            app.call_from_thread(deliver, me, done or _ignore, result, True)

        node.run_worker(work, thread=True, group=group, exclusive=exclusive)

    def show_error(self, exc: HotlineError) -> None:
        """A service's refusal as a notification (the app's, so it outlives the screen)."""
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

    BINDINGS = [Binding("escape", "app.open('desk')", "Back", id="screen.back")]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)


class HotlineModal(TranslatedKeys, ServiceCaller, ModalScreen[T]):
    """Base of dialogs: translated keys, `escape` cancels."""

    BINDINGS = [Binding("escape", "dismiss_none", "Cancel", id="dialog.cancel")]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class FormModal(HotlineModal[T]):
    """A dialog of fields: Enter moves to the next field, and on the last one
    submits the form (`submit_form`, which each form defines)."""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        index = inputs.index(event.input) if event.input in inputs else len(inputs)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
        else:
            self.submit_form()

    def submit_form(self) -> None:
        raise NotImplementedError


# A screen mixin (the keys of one part of a screen, in a module of its own) is typed
# as the screen it is mixed into: the checker sees `self.ctx`, `self.call_service`,
# `self.app`, `self.notify`... At run time it is a plain class (no second Screen base).
if TYPE_CHECKING:
    ScreenMixin = HotlineScreen
    ModalMixin = HotlineModal[Any]
else:
    ScreenMixin = object
    ModalMixin = object
