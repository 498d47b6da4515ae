"""The library entry as the operator reads it: what, why, how to solve, and
its history (who changed what, H9)."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.text import Text

from hotline_tui.i18n import _
from hotline_tui.services.library.entries import STATUSES, EntryView
from hotline_tui.ui.widgets.library.form import FORM_FIELDS

SECTIONS = ("symptom", "cause", "solution")


def render_entry(view: EntryView, ctx: Any) -> Text:
    """Title, status line, the three sections, facts and the last revisions."""
    e = view.entry
    parts: list[Any] = [
        Text(f"#{e.id} {e.title}", style="bold"),
        Text(
            " · ".join(
                p
                for p in (
                    _(STATUSES.get(e.status, e.status)),
                    _("used {n}×", n=e.usage_count),
                    _("last used {when}", when=ctx.local(e.last_used_at).format("YYYY-MM-DD"))
                    if e.last_used_at
                    else "",
                )
                if p
            ),
            style="dim",
        ),
    ]
    if e.review_comment:
        parts.append(
            Text.from_markup(_("Reviewer: {text}", text=escape(e.review_comment)), style="yellow")
        )
    for name in SECTIONS:
        value = getattr(e, name)
        if value:
            parts.append(Text(_(FORM_FIELDS[name][0]), style="bold underline"))
            parts.append(Text(value))
    facts = [
        (FORM_FIELDS[n][0], getattr(e, n))
        for n in ("product", "version_range", "modules", "tags", "source_calls")
        if getattr(e, n)
    ]
    for label, value in facts:
        parts.append(Text.assemble((_(label) + ": ", "bold"), value))
    if view.author:
        parts.append(Text(_("Author: {who}", who=view.author), style="dim"))
    if view.history:
        parts.append(Text(_("History"), style="bold underline"))
        for at, who, changes in view.history:
            names = ", ".join(
                _(FORM_FIELDS[k][0]) if k in FORM_FIELDS else k for k in sorted(changes)
            )
            when = ctx.local(at).format("MM-DD HH:mm")
            parts.append(Text(_("{when} {who}: {fields}", when=when, who=who, fields=names)))
    return Text("\n").join(parts)
