"""The command palette (ctrl+p) in the UI language: Textual's own palette says
"Search for commands…" and "No matches found" in English."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from hotline_tui.i18n import _
from hotline_tui.ui.support import TranslatedKeys


class HotlinePalette(TranslatedKeys, CommandPalette):
    """Textual's palette with its placeholder and its no-match line translated."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(placeholder=_("Search for commands…"), **kwargs)  # type: ignore[arg-type]

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """As Textual does it (after a short wait, a disabled line), in the UI language."""
        if not hasattr(self, "_stop_no_matches_countdown"):  # a release without these
            super()._start_no_matches_countdown(search_value)
            return
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("No matches found"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)
