"""Live desks: the app listens to the change feed and tells its screens.

`LiveApp` (mixed into the app) runs one `ChangeListener` per desk process,
off the UI thread, and hands each batch of changes to every screen on the
stack as a `DataChanged` message; it also keeps `feed_online` for the header.
`LiveScreen` (mixed into every screen) reloads a screen's lists when a change
of a kind it shows arrives (`LIVE_KINDS`), or when it comes back to the top
after changes arrived while it was covered.
"""

from __future__ import annotations

import logging
from typing import Any

from hotline_tui.i18n import _
from hotline_tui.services.review.open_items import KINDS
from hotline_tui.store.base import database
from hotline_tui.store.feed import Change, ChangeListener
from hotline_tui.ui.messages import DataChanged, FeedStatus

log = logging.getLogger(__name__)


class LiveApp:
    """The app's side of the feed: one listener, fanning out to the screens."""

    feed: ChangeListener | None = None
    #: False while the live connection to the database is lost (shown in the header).
    feed_online: bool = True

    #: The newest item someone else put on this operator's desk (Shift+F2 opens it).
    notice_item: Any = None

    def start_feed(self) -> None:
        """Start listening (once); a no-op without a database."""
        if self.feed is not None or database.obj is None:
            return
        node: Any = self
        self.feed = ChangeListener(
            lambda changes: node.post_message(DataChanged(changes)),  # thread-safe
            lambda online: node.post_message(FeedStatus(online)),
        ).start()

    def stop_feed(self) -> None:
        feed, self.feed = self.feed, None
        if feed is not None:
            feed.stop()

    def on_mount(self) -> None:
        self.start_feed()

    def on_unmount(self) -> None:
        self.stop_feed()

    def on_data_changed(self, event: DataChanged) -> None:
        """Every screen on the stack hears of it (covered ones reload when uncovered)."""
        node: Any = self
        for screen in list(node.screen_stack):
            screen.post_message(DataChanged(event.changes))

    def on_feed_status(self, event: FeedStatus) -> None:
        node: Any = self
        self.feed_online = event.online
        for screen in list(node.screen_stack):
            for header in screen.query("DeskHeader"):
                header.refresh()
            screen.post_message(FeedStatus(event.online))

    def notice(self, item: Any) -> None:
        """Pop a notice for an item assigned, transferred or handed to me."""
        node: Any = self
        self.notice_item = item
        title = item.title if len(item.title) <= 30 else item.title[:29] + "…"
        node.notify(
            _(
                "{kind} {title}: press Shift+F2 to open it",
                kind=_(KINDS[item.kind]),
                title=title,
            ),
            title=_("New on your desk"),
            timeout=15,
        )
        node.refresh_bindings()

    def action_open_notice(self) -> None:
        item, self.notice_item = self.notice_item, None
        node: Any = self
        node.refresh_bindings()
        if item is not None:
            self.open_work_item(item)

    def open_work_item(self, item: Any) -> None:
        """Open an open item on its own screen (the app knows the screens: ui/app.py)."""
        raise NotImplementedError


class LiveScreen:
    """A screen's side: reload the lists it shows on a relevant change only."""

    #: Kinds of change (model table names, `ui/messages.py`) this screen's lists show.
    LIVE_KINDS: frozenset[str] = frozenset()
    #: Reload even while another screen covers this one (the desk, for notices).
    LIVE_WHEN_COVERED: bool = False
    _live_pending: frozenset[Change] = frozenset()

    def on_data_changed(self, event: DataChanged) -> None:
        if not self.LIVE_KINDS or not event.touches(*self.LIVE_KINDS):
            return
        node: Any = self
        if (
            not node.is_current and not self.LIVE_WHEN_COVERED
        ):  # covered: reload once it is on top again
            self._live_pending = self._live_pending | event.changes
            return
        self.live_changed(event)

    def on_screen_resume(self) -> None:
        pending, self._live_pending = self._live_pending, frozenset()
        if pending:
            self.live_changed(DataChanged(pending))

    def live_changed(self, event: DataChanged) -> None:
        """Reload what is shown; screens with several lists override this."""
        reload = getattr(self, "action_reload", None)
        if reload is not None:
            reload()
