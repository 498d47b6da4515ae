"""The time-left cell of every list (desk, review, callbacks, complaints,
handover): red when overdue, amber within the hour, a dash without a due time."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from hotline_tui.domain.deadlines import format_countdown


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
    return Text(format_countdown(int(left)), style=urgency_style(left))
