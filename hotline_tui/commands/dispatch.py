"""`hotline dispatch sheet ORDER [--format md|xlsx] [--output PATH]`: the
printable on-site service record (现场服务记录单, D4) of one work order.

ORDER is the database id or the order number (PD20261123-0001). Markdown goes
to stdout unless --output is given; XLSX needs --output (or is written next to
the current directory as ORDER.xlsx).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from hotline_tui.domain.errors import ValidationError
from hotline_tui.i18n import N_, _

FIELDS: tuple[tuple[str, str], ...] = (
    ("order_no", N_("Work order no.")),
    ("customer", N_("Customer unit")),
    ("address", N_("Address")),
    ("contact", N_("Contact")),
    ("phone", N_("Phone")),
    ("product", N_("Product")),
    ("version", N_("Version")),
    ("dongle_no", N_("Licence dongle no.")),
    ("call_no", N_("Hotline record")),
    ("requested_at", N_("Requested at")),
    ("engineer", N_("Field engineer")),
    ("appointment", N_("Appointment")),
)
#: D4: what the sheet records besides the work done (the opinion in the customer's words).
D4_SECTIONS = (
    ("cause", N_("Cause explained")),
    ("prevention", N_("How to prevent it")),
    ("customer_opinion", N_("Customer's opinion")),
)


def _checked(data: dict[str, Any], box_only: bool = False) -> str:
    """D4: the customer tried the system and checked the result (ticked, or a box on paper)."""
    box = "☑" if data.get("customer_checked") else "☐"
    return box if box_only else f"{box} {_('Customer checked the result')}"


SIGNATURES = (
    N_("Customer's signature (service accepted)"),
    N_("Field engineer's signature"),
    N_("Date"),
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("dispatch", help="on-site dispatch work orders")
    dsub = p.add_subparsers(dest="dispatch_command", metavar="ACTION", required=True)
    s = dsub.add_parser("sheet", help="print the on-site service record of a work order")
    s.add_argument("order", metavar="ORDER", help="database id or order number")
    s.add_argument("--format", choices=["md", "xlsx"], default="md", dest="fmt")
    s.add_argument("--output", metavar="PATH", help="write to this file (md: default stdout)")
    s.add_argument("--as", dest="agent_no", help="your agent number")
    s.set_defaults(handler=sheet)


def render_markdown(data: dict[str, Any]) -> str:
    """The sheet as Markdown: a field table, the problem, the work, signature lines."""
    lines = [f"# {_('On-site service record')}", ""]
    lines += [f"| {_('Item')} | {_('Content')} |", "|---|---|"]
    for key, label in FIELDS:
        value = str(data.get(key) or "").replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {_(label)} | {value} |")
    lines += ["", f"## {_('Problem')}", "", data.get("problem") or "", ""]
    lines += [f"## {_('Work done')}", "", data.get("work_done") or "_" * 40, ""]
    for key, label in D4_SECTIONS:  # D4: cause, prevention, the customer's check and opinion
        lines += [f"## {_(label)}", "", data.get(key) or "_" * 40, ""]
    lines += [_checked(data), ""]
    signed = data.get("signed_by")
    if signed:
        lines += [_("Signed by {who} at {at}", who=signed, at=data.get("signed_at", "")), ""]
    lines += [f"## {_('Signatures')}", ""]
    lines += [f"{_(label)}: ________________________" for label in SIGNATURES]
    return "\n".join(lines) + "\n"


def write_xlsx(data: dict[str, Any], path: Path) -> None:
    """The sheet as a one-page workbook, ready to print."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = data["order_no"][:31]
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 60
    ws.append([_("On-site service record")])
    ws["A1"].font = Font(bold=True, size=14)
    for key, label in FIELDS:
        ws.append([_(label), str(data.get(key) or "")])
    sections = [(N_("Problem"), "problem"), (N_("Work done"), "work_done")]
    sections += [(label, key) for key, label in D4_SECTIONS]
    for label, key in sections:
        ws.append([_(label), data.get(key) or ""])
        ws.cell(ws.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[ws.max_row].height = 60
    ws.append([_("Customer checked the result"), _checked(data, box_only=True)])
    if data.get("signed_by"):
        ws.append([_("Signed by (customer)"), f"{data['signed_by']} {data.get('signed_at', '')}"])
    ws.append([])
    for label in SIGNATURES:
        ws.append([_(label), "_" * 30])
    from hotline_tui.services.safe_files import save_workbook

    save_workbook(wb, path)


def sheet(env) -> int:
    from hotline_tui.services.dispatch.queries import sheet_data

    data = sheet_data(env.context(env.args.agent_no), env.args.order)
    if env.args.fmt == "md":
        text = render_markdown(data)
        if env.args.output:
            from hotline_tui.services.safe_files import write_text_private

            write_text_private(env.args.output, text)
            print(_("Service sheet written: {path}", path=env.args.output))
        else:
            sys.stdout.write(text)
        return 0
    path = Path(env.args.output or f"{data['order_no']}.xlsx")
    if not path.parent.exists():
        raise ValidationError("path", "The folder {folder} does not exist", folder=str(path.parent))
    write_xlsx(data, path)
    print(_("Service sheet written: {path}", path=path))
    return 0
