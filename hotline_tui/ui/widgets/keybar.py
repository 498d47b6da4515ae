"""The key line at the bottom of every screen: the keys this screen answers to.

It shows what Textual's Footer shows (each shown binding's key and label,
unavailable ones dimmed, the command palette's key at the right) as one line of
text. The Footer mounts a widget per key and mounts them all again whenever
focus moves; on the desk that was about 45 ms of a cold start (docs/PERFORMANCE.md). This
line is only redrawn. A click on a key presses it, as on the Footer.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import RenderResult
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    """Bottom line of key hints, redrawn (not rebuilt) when the bindings change."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 100%;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .keybar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .keybar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyBar > .keybar--disabled {
        color: $footer-foreground 40%;
    }
    """
    COMPONENT_CLASSES = {"keybar--key", "keybar--description", "keybar--disabled"}

    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.compact = compact
        #: (first column, last column + 1, key) of each key drawn, for clicks.
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def keys(self) -> list[tuple[str, str, str, bool]]:
        """(key, shown key, label, enabled) of every shown binding, one per action,
        then the command palette's key."""
        app = self.app
        seen: set[str] = set()
        out: list[tuple[str, str, str, bool]] = []
        palette = None
        own = self.screen._bindings.key_to_bindings
        for key, (node, binding, enabled, _tip) in self.screen.active_bindings.items():
            if not binding.show and node is not self.screen:
                # A focused widget's hidden key (a table's Enter) hides the screen's own
                # key for it (the callbacks' Enter: work); the screen's is what it does.
                shown = [b for b in own.get(key, ()) if b.show and b.description]
                binding = shown[0] if shown else binding
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = (binding.key, app.get_key_display(binding), binding.description, enabled)
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            out.append((binding.key, app.get_key_display(binding), binding.description, enabled))
        if palette is not None:
            out.append(palette)
        return out

    def fitting(
        self, keys: list[tuple[str, str, str, bool]], gap: int
    ) -> list[tuple[str, str, str, bool]]:
        """The keys that fit the line whole: never a key cut in the middle. The
        screen's own keys come first; the last ones before the palette's key give way."""
        width = self.size.width or 10_000
        keys = list(keys)

        def cells(k: tuple[str, str, str, bool]) -> int:
            return cell_len(f" {k[1]} ") + cell_len(k[2]) + gap

        palette = keys[-1:] if keys and keys[-1][0] == self.app.COMMAND_PALETTE_BINDING else []
        body = keys[: len(keys) - len(palette)]
        while body and sum(map(cells, body + palette)) - gap > width:
            body.pop()
        if sum(map(cells, palette)) - gap > width:
            palette = []
        return body + palette

    def render(self) -> RenderResult:
        key_style = self.get_component_rich_style("keybar--key", partial=True)
        desc_style = self.get_component_rich_style("keybar--description", partial=True)
        off_style = self.get_component_rich_style("keybar--disabled", partial=True)
        gap = " " if self.compact else "  "
        line = Text(no_wrap=True, overflow="crop")
        self._spans = []
        for key, shown, label, enabled in self.fitting(self.keys(), len(gap)):
            start = cell_len(line.plain)
            line.append(f" {shown} ", key_style if enabled else off_style)
            if label:
                line.append(f"{label}", desc_style if enabled else off_style)
            self._spans.append((start, cell_len(line.plain), key))
            line.append(gap)
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
