"""`hotline report complaints --month YYYY-MM [--format md|xlsx] [--output PATH]`:
the monthly complaint analysis report (客户投诉分析报告, C7).

Counts and shares by category and level, the change against the same month
last year, valid against not counted (C2), causes and measures, and the date
the report is due (the 3rd working day of the next month). Markdown goes to
stdout unless --output is given; XLSX is written to --output or, without it,
to complaints-YYYY-MM.xlsx in the current folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hotline_tui.commands.reports import add_output_options, parse_month
from hotline_tui.i18n import _


def register_report(rsub: argparse._SubParsersAction) -> None:
    p = rsub.add_parser("complaints", help="monthly complaint analysis report (C7)")
    p.add_argument("--month", required=True, metavar="YYYY-MM", help="the month to analyse")
    add_output_options(p, ("md", "xlsx"))
    p.set_defaults(handler=report_complaints)


def report_complaints(env) -> int:  # noqa: ANN001 - CliEnv
    """Compile the month's figures and write them as Markdown or a workbook."""
    from hotline_tui.services.complaint_report import monthly_report, render_markdown, write_xlsx

    first = parse_month(env.args.month)
    month = f"{first.year:04d}-{first.month:02d}"
    env.open_db()
    report = monthly_report(month, env.settings)
    if env.args.format == "md":
        text = render_markdown(report, env.settings)
        if not env.args.output:
            sys.stdout.write(text)
            return 0
        path = Path(env.args.output)
        _check_folder(path)
        path.write_text(text, encoding="utf-8")
    else:
        path = Path(env.args.output or f"complaints-{month}.xlsx")
        write_xlsx(report, path, env.settings)
    print(_("Complaint analysis report written: {path}", path=str(path)))
    return 0


def _check_folder(path: Path) -> None:
    from hotline_tui.domain.errors import ValidationError

    if not path.parent.exists():
        raise ValidationError("path", "The folder {folder} does not exist", folder=str(path.parent))
