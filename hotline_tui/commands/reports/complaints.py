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

from hotline_tui.commands.reports import add_output_options, parse_month, write_month_report
from hotline_tui.i18n import N_


def register_report(rsub: argparse._SubParsersAction) -> None:
    p = rsub.add_parser("complaints", help="monthly complaint analysis report (C7)")
    p.add_argument("--month", required=True, metavar="YYYY-MM", help="the month to analyse")
    add_output_options(p, ("md", "xlsx"))
    p.set_defaults(handler=report_complaints)


def report_complaints(env) -> int:
    """Compile the month's figures and write them as Markdown or a workbook."""
    from hotline_tui.services.admin.desk_reads import complaint_month
    from hotline_tui.services.complaints.report import render_markdown, write_xlsx

    first = parse_month(env.args.month)
    month = f"{first.year:04d}-{first.month:02d}"
    report = complaint_month(env.context(), month)  # complaint.report
    return write_month_report(
        env,
        lambda: render_markdown(report, env.settings),
        lambda path: write_xlsx(report, path, env.settings),
        f"complaints-{month}.xlsx",
        N_("Complaint analysis report written: {path}"),
    )
