"""The call script beside the intake form: the line to say now, the steps, the
taboos (H1-H5, H13). Pure display: the screen owns the ScriptRun."""

from __future__ import annotations

from collections.abc import Mapping

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from hotline_tui.domain.scripts import ScriptRun, fill
from hotline_tui.i18n import _, language


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
        yield Static("", id="script-say")
        yield Static("", id="script-note")
        yield Static("", id="script-steps")
        yield Static("", id="script-taboos")

    def show(self, run: ScriptRun, values: Mapping[str, object]) -> None:
        lang = language()
        self.border_title = run.script.title.get(lang)
        step = run.step
        say = run.text(lang, values) if step else _("End of the script")
        self.query_one("#script-say", Static).update(escape(say))
        note = fill(step.note.get(lang), values) if step and step.note else ""
        rule = f"[{step.rule}] " if step and step.rule else ""
        self.query_one("#script-note", Static).update(escape(rule + note))
        lines = []
        for s in run.script.steps:
            mark = "▶" if s.id == run.current else ("✓" if s.id in run.visited else "·")
            # placeholders filled here too; the panel clips by display width (CJK is 2 cells)
            first = fill((s.ask or s.say).get(lang), values).replace("\n", " ")
            lines.append(f"{mark} {escape(first)}")
        self.query_one("#script-steps", Static).update("\n".join(lines))
        taboos = " · ".join(t.get(lang) for t in run.script.taboos)
        self.query_one("#script-taboos", Static).update(
            escape(_("Taboos (H13): {list}", list=taboos)) if taboos else ""
        )
