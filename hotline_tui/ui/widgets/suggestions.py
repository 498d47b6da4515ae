"""Library answers for what the symptom says so far (H5, H9): best first."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from hotline_tui.i18n import _


class Suggestions(OptionList):
    """One option per hit: title (matches bold), snippet, usage count."""

    DEFAULT_CSS = """
    Suggestions { height: 1fr; border: round $accent; }
    """

    def on_mount(self) -> None:
        self.border_title = _("Library answers")
        self.hits: list[Any] = []
        #: The text the shown answers are for (the bench waits on it).
        self.answers_for = ""

    def show(self, hits: list[Any], text: str = "") -> None:
        """Show `hits` (the answers for `text`); the same answers as shown
        already are not redrawn, so typing on does not flicker the list."""
        self.answers_for = text
        if _shape(hits) == _shape(self.hits):
            self.hits = list(hits)
            return
        current = self.selected_hit
        self.hits = list(hits)
        self.clear_options()
        for hit in self.hits:
            title = Text.from_markup(getattr(hit, "title_markup", "") or hit.title)
            body = Text.from_markup(hit.snippet or "", style="dim")
            line = Text.assemble(
                title, "  ", (_("used {n}×", n=hit.usage_count), "dim"), "\n", body
            )
            self.add_option(Option(line, id=str(hit.entry_id)))
        if self.hits:
            ids = [h.entry_id for h in self.hits]
            keep = current is not None and current.entry_id in ids
            self.highlighted = ids.index(current.entry_id) if keep else 0

    @property
    def selected_hit(self) -> Any | None:
        if not self.hits or self.highlighted is None:
            return None
        return self.hits[self.highlighted]


def _shape(hits: list[Any]) -> list[tuple[Any, ...]]:
    """What a hit's line shows: equal shapes draw the same list."""
    return [
        (h.entry_id, getattr(h, "title_markup", "") or h.title, h.snippet, h.usage_count)
        for h in hits
    ]
