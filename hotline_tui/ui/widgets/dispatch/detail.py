"""What the dispatch screen shows about one order: its detail panel and the
rows of its timeline (every step with who and when)."""

from __future__ import annotations

from typing import Any

import pendulum
from rich.markup import escape

from hotline_tui.domain import dispatch_flow as flow
from hotline_tui.domain.calendar import BusinessCalendar
from hotline_tui.i18n import N_, _
from hotline_tui.services.base import ServiceContext
from hotline_tui.services.dispatch.queries import OrderRow, TimelineRow
from hotline_tui.ui.widgets.dispatch.dialogs import describe_time


def detail_markup(r: OrderRow, ctx: ServiceContext, cal: BusinessCalendar | None) -> str:
    """The highlighted order: who, what, when; the D4 sheet and D6 pick."""
    when = ctx.local
    r = _escaped(r)
    lines = [
        f"[b]{r.order_no}[/b]  {_(flow.STATE_LABELS.get(r.state, r.state))}",
        _("Customer: {name}", name=r.customer),
    ]
    if r.contact or r.phone:
        lines.append(_("Contact: {name} {phone}", name=r.contact, phone=r.phone))
    lines += [
        _("Problem: {text}", text=r.problem),
        _("Raised by: {name}", name=r.requested_by),
    ]
    if r.engineer:
        lines.append(_("Engineer: {name}", name=r.engineer))
    if r.appointment_at:
        shown = (
            describe_time(r.appointment_at, cal)
            if cal
            else when(r.appointment_at).format("YYYY-MM-DD HH:mm")
        )
        lines.append(_("Visit: {when}", when=shown))
    if r.previous_no:
        lines.append(_("Re-dispatch of {no}", no=r.previous_no))
    if r.reason:
        lines.append(_("Reason: {text}", text=r.reason))
    if r.vendor_ref:
        lines.append(_("Vendor case: {ref}", ref=r.vendor_ref))
    if r.signed_at:
        lines.append(
            _(
                "Signed by {who} at {at}",
                who=r.signed_by,
                at=when(r.signed_at).format("YYYY-MM-DD HH:mm"),
            )
        )
        if r.sheet_returned_at:
            lines.append(
                _(
                    "Paper sheet handed in {at}",
                    at=when(r.sheet_returned_at).format("MM-DD HH:mm"),
                )
            )
        elif r.due_at and r.due_at < ctx.now():
            lines.append("[red]" + _("Paper sheet overdue since Monday's start (D4)") + "[/]")
        else:
            lines.append(_("Paper sheet due before Monday's start of work (D4)"))
        if r.qa_selected:
            lines.append(_("Picked for the QA library (D6)"))
    return "\n".join(lines)


def _escaped(r: OrderRow) -> OrderRow:
    """Typed text is shown as typed, never read as markup."""
    from dataclasses import replace

    names = ("customer", "contact", "phone", "problem", "reason", "vendor_ref", "signed_by")
    return replace(r, **{n: escape(getattr(r, n)) for n in names})


#: steps that are not state changes
OTHER_STEPS = {
    "sheet_returned": N_("Paper sheet handed in"),
    "qa_selected": N_("Picked for the QA library (D6)"),
}


def timeline_cells(s: TimelineRow, ctx: ServiceContext) -> tuple[str, str, str, str]:
    """When, who, which step, and its details."""
    label = (
        flow.ACTION_LABELS.get(s.action)
        or OTHER_STEPS.get(s.action)
        or flow.STATE_LABELS.get(s.to_state, s.action)
    )
    step = _(label) if s.action != "request" else _("Requested")
    return (ctx.local(s.at).format("MM-DD HH:mm"), s.actor, step, detail_text(s.detail, ctx))


def detail_text(detail: dict[str, Any], ctx: ServiceContext) -> str:
    """An event's details in one line, times in local time."""
    parts = []
    for key, value in detail.items():
        if value in (None, "", [], {}) or key in ("previous_engineer", "arrived_at", "from"):
            continue
        if isinstance(value, bool):
            value = _("customer agreed") if value else _("customer refused")
        elif isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
            value = ctx.local(pendulum.parse(value)).format("MM-DD HH:mm")
        parts.append(str(value))
    return " · ".join(parts)
