"""The header every screen shows: center, who is signed in, and the center's time.

Textual's own header clock reads the machine's local time; a desk whose server
runs in UTC would then show a "now" eight hours away from every due time on the
screen (W2). This clock reads the app's clock in the center's time zone.

One widget drawing one line: Textual's Header mounts an icon, a title and a
clock as three widgets with their own styles on every screen, about 20 ms of a
cold start (docs/PERFORMANCE.md) for the same line.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import RenderResult
from textual.widget import Widget

from hotline_tui.i18n import _


class DeskHeader(Widget):
    """Title and who is signed in in the middle, the center's clock on the right."""

    DEFAULT_CSS = """
    DeskHeader {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._changed, init=False)
        self.watch(self.app, "sub_title", self._changed, init=False)
        self.set_interval(1.0, self.refresh)

    def _changed(self, _value: str) -> None:
        self.refresh()

    def clock_text(self) -> str:
        """HH:MM:SS in the center's time zone, from the app's (possibly fixed) clock."""
        app = self.app
        clock = getattr(app, "clock", None)
        settings = getattr(app, "settings", None)
        if clock is None or settings is None:
            return ""
        return clock.now().in_timezone(settings.timezone).strftime("%H:%M:%S")

    def render(self) -> RenderResult:
        width = self.size.width
        title = self.app.title
        if self.app.sub_title:
            title = f"{title} — {self.app.sub_title}"
        offline = not getattr(self.app, "feed_online", True)
        if offline:  # the live connection is lost: said where every screen shows it
            title = f"{title} · {_('Offline, reconnecting…')}"
        clock = self.clock_text()
        left = max(0, (width - cell_len(title)) // 2)
        line = Text(" " * left)
        line.append(title, style="bold red" if offline else "")
        gap = width - cell_len(line.plain) - cell_len(clock) - 1
        if clock and gap >= 1:
            line.append(" " * gap)
            line.append(clock, style="dim")
        line.truncate(width)
        return line
