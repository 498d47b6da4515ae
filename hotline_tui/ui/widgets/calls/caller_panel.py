"""Who is calling: unit, contact, products, open items, last calls, and the
repeat-caller flag, all at once (H4); the minimum only under S2."""

from __future__ import annotations

from rich.markup import escape
from textual.widgets import Static

from hotline_tui.i18n import _
from hotline_tui.services.calls.calls import STATUSES, CallerSummary
from hotline_tui.services.customers.contacts import CATEGORIES
from hotline_tui.services.review.open_items import KINDS


class CallerPanel(Static):
    """Rich text summary; `show(None)` clears it back to the hint."""

    DEFAULT_CSS = """
    CallerPanel { height: auto; max-height: 11; border: round $secondary; padding: 0 1; }
    """

    def on_mount(self) -> None:
        self.border_title = _("Caller")
        self.show(None)

    def show(self, s: CallerSummary | None, local=None) -> None:
        if s is None:
            self.update(_("Type the caller's number and press Enter to look it up"))
            return
        badge = _(CATEGORIES.get(s.category, s.category))
        style = "bold red" if s.important else "bold"
        lines = [f"[{style}]{escape(s.unit)}[/]  [{style} reverse] {escape(badge)} [/]"]
        if s.repeat_caller:
            lines[0] += "  [bold yellow]" + escape(_("Repeat caller")) + "[/]"
        if not s.full:
            lines.append(
                "[yellow]"
                + escape(
                    _("Restricted file (S2): the minimum for the call; this opening is logged")
                )
                + "[/]"
            )
        if s.in_service is not None:  # S4: in or out of the service period
            end = s.service_end.isoformat() if s.service_end else "—"
            if s.in_service:
                lines.append(escape(_("In the service period (until {end})", end=end)))
            else:
                lines.append(
                    "[bold red]"
                    + escape(_("Outside the service period ({end}): services are charged", end=end))
                    + "[/]"
                )
        if s.specialist or s.industry:  # S1
            lines.append(
                escape(
                    _(
                        "Specialist: {who} · line of business: {industry}",
                        who=s.specialist or "—",
                        industry=s.industry or "—",
                    )
                )
            )
        if s.contact:
            lines.append(
                escape(
                    _(
                        "Contact: {name}{title} {phone}",
                        name=s.contact,
                        title=s.title,
                        phone=s.phone,
                    )
                )
            )
        for p in s.products[:2]:
            lines.append(
                escape(
                    _(
                        "Product: {product} {version} · modules {modules} · dongle {dongle}",
                        product=p["product"],
                        version=p["version"],
                        modules=p["modules"] or "—",
                        dongle=p["dongle_no"] or "—",
                    )
                )
            )
        if s.open_items:
            items = "; ".join(f"{_(KINDS[i.kind])} {i.title}" for i in s.open_items[:3])
            lines.append(escape(_("Open: {items}", items=items)))
        for c in s.last_calls:
            when = local(c.started_at).format("MM-DD HH:mm") if local else ""
            status = _(STATUSES.get(c.status, c.status))
            lines.append(escape(f"  {when} {c.ticket_no} {status} {c.symptom[:30]}"))
        self.update("\n".join(lines))
