"""The time-left cell of every list (desk, review, callbacks, complaints,
handover, dispatch): red with the word for overdue, amber within the hour, a
dash without a due time. Every screen shows time left through `time_left`."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from hotline_tui.domain.deadlines import countdown_words


def urgency_style(left: float | None) -> str:
    """Red when overdue, amber within the hour (docs/DESIGN.md, the manager's review)."""
    if left is None:
        return ""
    return "bold red" if left < 0 else ("dark_orange" if left < 3600 else "")


def time_left(due: datetime | None, now: datetime) -> Text:
    """The countdown to `due` as a styled cell."""
    if due is None:
        return Text("—")
    left = (due - now).total_seconds()
    return Text(countdown_words(left), style=urgency_style(left))
