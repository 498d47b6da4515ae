"""The call script beside the intake form: the line to say now, the steps, the
taboos (H1-H5, H13). Pure display: the screen owns the ScriptRun."""

from __future__ import annotations

import re
from collections.abc import Mapping

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from hotline_tui.domain.scripts import ScriptRun, fill
from hotline_tui.i18n import _, language
from hotline_tui.ui.widgets.cjk_text import CjkText
from hotline_tui.ui.widgets.plain_table import ellipsize

#: A rule ID the script's data carries for its editors, e.g. "三声铃响内接听(H1)。".
_RULE_ID = re.compile(r"\s*[(（]\s*[A-Z][0-9]{1,2}(?:\s*[、,,/]\s*[A-Z]?[0-9]{1,2})*\s*[)）]")


def plain_words(text: str) -> str:
    """The script's text as the operator reads it: no rule IDs."""
    return _RULE_ID.sub("", text)


class ScriptPanel(Vertical):
    """Current line in bold, the operator's hint, the steps with progress, taboos."""

    DEFAULT_CSS = """
    ScriptPanel { height: auto; border: round $primary; padding: 0 1; }
    ScriptPanel #script-say { text-style: bold; color: $text; margin-bottom: 1; }
    ScriptPanel #script-note { color: $text-muted; }
    ScriptPanel #script-steps { color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
    ScriptPanel #script-taboos { color: $warning; border-top: solid $warning; }
    """

    def compose(self) -> ComposeResult:
        yield CjkText(id="script-say")
        yield CjkText(id="script-note")
        yield Static("", id="script-steps")
        yield CjkText(id="script-taboos")

    def show(self, run: ScriptRun, values: Mapping[str, object]) -> None:
        lang = language()
        self.border_title = run.script.title.get(lang)
        step = run.step
        say = run.text(lang, values) if step else _("End of the script")
        self.query_one("#script-say", CjkText).update(plain_words(say))
        note = fill(step.note.get(lang), values) if step and step.note else ""
        self.query_one("#script-note", CjkText).update(plain_words(note))
        lines = []
        steps = self.query_one("#script-steps", Static)
        room = steps.content_region.width  # 0 before the first layout: CSS cuts then
        for s in run.script.steps:
            mark = "▶" if s.id == run.current else ("✓" if s.id in run.visited else "·")
            # placeholders filled here too; the panel clips by display width (CJK is 2 cells)
            first = plain_words(fill((s.ask or s.say).get(lang), values).replace("\n", " "))
            line = f"{mark} {first}"
            if room:  # cut with "…" right after the last whole character
                line = ellipsize(Text(line), room).plain
            lines.append(escape(line))
        self.query_one("#script-steps", Static).update("\n".join(lines))
        taboos = " · ".join(t.get(lang) for t in run.script.taboos)
        self.query_one("#script-taboos", CjkText).update(
            _("Taboos (H13): {list}", list=taboos) if taboos else ""
        )
