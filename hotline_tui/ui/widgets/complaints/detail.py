"""The detail of one complaint (every C6 field and its handling) and its
timeline (every step, who, when, what was recorded), as rich Text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from rich.text import Text

from hotline_tui.domain import complaint_flow as flow
from hotline_tui.i18n import N_, _
from hotline_tui.services.complaints.queries import ComplaintDetail

EVENT_LABELS = {"register": N_("Registered"), **flow.ACTION_LABELS}
Local = Callable[[datetime], Any]


def detail_text(d: ComplaintDetail, local: Local) -> Text:
    """The registration form and the handling so far; the C3 GM-call flag in red."""
    c = d.complaint
    out = Text()
    out.append(f"{c.ref_no}  ", style="bold")
    out.append(_(flow.STATE_LABELS.get(c.status, c.status)), style="bold")
    if d.gm_call:
        out.append("  " + _("★ Key customer: the general manager calls (C3)"), style="bold red")
    lines = [
        (N_("Source"), _(flow.SOURCES[c.source])),
        (N_("Complaint time"), local(c.received_at).format("YYYY-MM-DD HH:mm")),
        (N_("Complainant unit"), c.complainant_unit),
        (N_("Complainant"), f"{c.complainant}  {c.phone}  {c.email}"),
        (N_("Unit address"), c.unit_address),
        (N_("Receiver"), d.receiver),
        (N_("Department complained about"), f"{c.department}  {d.person}"),
        (N_("Level"), _(flow.LEVELS[c.level]) + " · " + _(flow.CATEGORIES[c.category])),
        (N_("Product"), f"{c.product} {c.version_text} {c.modules}"),
        (N_("Description"), c.description),
        (N_("Responsible"), f"{c.responsible}  ({d.owner})" if c.responsible else d.owner),
        (N_("Cause"), c.cause),
        (N_("Measures"), c.measures),
        (N_("Corrective measures"), c.corrective),
        (N_("Preventive measures"), c.preventive),
    ]
    if c.due_at:
        due = local(c.due_at).format("MM-DD HH:mm")
        lines.insert(0, (N_("Due"), f"{due} ({c.due_rule})"))
    for label, value in lines:
        if value and value.strip():
            out.append(f"\n{_(label)}: ", style="dim")
            out.append(value.strip())
    return out


def timeline_text(d: ComplaintDetail, local: Local) -> Text:
    """Every step, oldest first, with what was recorded at it."""
    tl = Text(_("Timeline") + "\n", style="bold")
    for step in d.timeline:
        tl.append(local(step.at).format("MM-DD HH:mm") + "  ", style="dim")
        tl.append(_(EVENT_LABELS.get(step.kind, step.kind)), style="bold")
        tl.append(f"  {step.actor}\n")
        summary = summarize(step.detail)
        if summary:
            tl.append(f"    {summary}\n")
    return tl


def summarize(detail: dict[str, Any]) -> str:
    """One line of what a step recorded (the states are shown by its label)."""
    parts = []
    for key, value in detail.items():
        if key in ("from_state", "to_state", "source", "gm_call") or value in ("", None):
            continue
        if key == "on_time":
            parts.append(_("within the deadline") if value else _("past the deadline"))
        elif key == "resolved":
            parts.append(_("resolved") if value else _("not resolved"))
        elif key == "response":
            parts.append(_(flow.RESPONSES.get(value, value)))
        else:
            parts.append(str(value))
    return " · ".join(parts)
