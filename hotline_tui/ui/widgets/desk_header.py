"""The header every screen shows: center, who is signed in, and the center's time.

Textual's own header clock reads the machine's local time; a desk whose server
runs in UTC would then show a "now" eight hours away from every due time on the
screen (W2). This clock reads the app's clock in the center's time zone.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.widgets import Header
from textual.widgets._header import HeaderClock, HeaderIcon, HeaderTitle


class CenterClock(HeaderClock):
    """HH:MM:SS in the center's time zone, from the app's (possibly fixed) clock."""

    def render(self) -> RenderResult:
        app = self.app
        clock = getattr(app, "clock", None)
        settings = getattr(app, "settings", None)
        if clock is None or settings is None:
            return super().render()
        return Text(clock.now().in_timezone(settings.timezone).strftime("%H:%M:%S"))


class DeskHeader(Header):
    """Header with the center's clock (use instead of `Header(show_clock=True)`)."""

    def compose(self) -> ComposeResult:
        yield HeaderIcon().data_bind(Header.icon)
        yield HeaderTitle()
        yield CenterClock().data_bind(Header.time_format)
