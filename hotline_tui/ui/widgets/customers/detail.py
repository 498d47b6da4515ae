"""How a customer file reads on screen: the unit, its contacts, its history (S1, S2)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rich.cells import cell_len
from rich.text import Text

from hotline_tui.i18n import N_, _
from hotline_tui.services.customers.contacts import CATEGORIES, LEVELS
from hotline_tui.services.customers.records import CustomerFile, HistoryRow

HISTORY_KINDS = {
    "call": N_("Call"),
    "dispatch": N_("Dispatch"),
    "callback": N_("Callback"),
    "complaint": N_("Complaint"),
}
STATUS_LABELS = {
    "open": N_("open"),
    "on_hold": N_("on hold"),
    "consultation": N_("consultation"),
    "solved": N_("solved"),
    "closed": N_("closed"),
    "done": N_("done"),
    "requested": N_("requested"),
    "verified": N_("verified"),
    "assigned": N_("assigned"),
    "registered": N_("registered"),
}


def local(file_ctx: Any, when: datetime | None, fmt: str = "YYYY-MM-DD HH:mm") -> str:
    return file_ctx.local(when).format(fmt) if when else "—"


def _day(value: date | None) -> str:
    return value.isoformat() if value else "—"


class _Lines:
    """Label/value lines with labels padded by display width (Chinese is double-width)."""

    WIDTH = 12

    def __init__(self) -> None:
        self.text = Text()

    def add_row(self, label: Any, value: Any) -> None:
        label = label if isinstance(label, Text) else Text(str(label), style="bold")
        pad = max(self.WIDTH - cell_len(label.plain), 1)
        if self.text:
            self.text.append("\n")
        self.text.append_text(label)
        self.text.append(" " * pad)
        self.text.append_text(value if isinstance(value, Text) else Text(str(value)))


def unit_panel(ctx: Any, file: CustomerFile) -> Text:
    """The unit's data as label/value lines; the minimum view says so (S2)."""
    c = file.view.customer
    grid = _Lines()
    if not file.view.full:
        grid.add_row(
            Text("!", style="bold red"),
            Text(
                _(
                    "Restricted file ({level}): minimum view, this opening is logged",
                    level=_(LEVELS[c.confidentiality]),
                ),
                style="bold red",
            ),
        )
    grid.add_row(_("Unit"), Text(c.name, style="bold"))
    level = Text(_(LEVELS.get(c.confidentiality, c.confidentiality)))
    if c.confidentiality != "secret":
        level.stylize("bold red")
    grid.add_row(
        _("Category"),
        Text.assemble(
            _(CATEGORIES.get(c.category, c.category)), "   ", _("Confidentiality"), ": ", level
        ),
    )
    if file.view.full:
        grid.add_row(_("Address"), c.address or "—")
        grid.add_row(_("Website"), c.website or "—")
        grid.add_row(_("Contract"), f"{_day(c.contract_start)} – {_day(c.contract_end)}")
    checked = Text(local(ctx, c.checked_at, "YYYY-MM-DD"))
    if file.due_for_review:
        checked.append("  " + _("due for review (S1)"), style="bold dark_orange")
    grid.add_row(_("Checked"), checked)
    if file.first_visit is not None:  # S3: the open first-visit task
        due = Text(local(ctx, file.first_visit.due_at))
        due.append("  " + _("F: work it with the script"), style="dim")
        grid.add_row(_("First visit"), due)
    for p in file.view.products:
        grid.add_row(_("Product"), Text(f"{p.product} {p.version}", style="bold"))
        ids = [_("dongle {no}", no=p.dongle_no) if p.dongle_no else ""]
        ids.append(_("serial {no}", no=p.serial_no) if p.serial_no else "")
        if any(ids):
            grid.add_row("", "  ".join(i for i in ids if i))
        for line in wrap_list(p.modules):
            grid.add_row("", line)
    return grid.text


def wrap_list(text: str, width: int = 40) -> list[str]:
    """A comma list in lines of at most `width` cells, so a wrapped line stays under
    its value column in the narrow pane at 120 columns (Chinese is double-width)."""
    lines: list[str] = []
    for item in (i.strip() for i in text.replace(",", ",").split(",") if i.strip()):
        if lines and cell_len(lines[-1]) + 1 + cell_len(item) <= width:
            lines[-1] += "," + item
        else:
            lines.append(item)
    return lines


def contact_rows(file: CustomerFile) -> list[tuple[int, tuple[Any, ...]]]:
    """(contact id, cells) for the contacts table; who left is marked with the successor."""
    out = []
    for k in file.view.contacts:
        if k.left_company:
            successor = file.replaced_names.get(k.id, "")
            state = Text(
                _("left, replaced by {name}", name=successor) if successor else _("left"),
                style="dim",
            )
        else:
            state = Text(_("primary") if k.is_primary else "")
        name = f"{k.name} {k.title}" if k.title else k.name
        out.append((k.id, (name, state, k.mobile, k.phone, k.position)))
    return out


def history_cells(ctx: Any, row: HistoryRow) -> tuple[Any, ...]:
    return (
        _(HISTORY_KINDS[row.kind]),
        local(ctx, row.at, "MM-DD HH:mm"),
        _(STATUS_LABELS[row.status]) if row.status in STATUS_LABELS else row.status,
        local(ctx, row.due_at, "MM-DD HH:mm") if row.due_at else "",
        row.text,
        row.ref,
    )
