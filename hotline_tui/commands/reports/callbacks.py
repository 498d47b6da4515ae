"""`hotline report callbacks --month YYYY-MM [--format md|xlsx] [--output PATH]`:
the monthly callback report for the service manager (F7): made, on time, late,
outcomes, satisfaction. Markdown goes to stdout unless --output is given; XLSX
is written to --output or to callbacks-YYYY-MM.xlsx in the current folder."""

from __future__ import annotations

import argparse

from hotline_tui.commands.reports import add_output_options, parse_month, write_month_report
from hotline_tui.i18n import N_


def register_report(rsub: argparse._SubParsersAction) -> None:
    p = rsub.add_parser("callbacks", help="monthly callback report (F7)")
    p.add_argument("--month", required=True, metavar="YYYY-MM", help="the month to report")
    add_output_options(p, ("md", "xlsx"))
    p.set_defaults(handler=report_callbacks)


def report_callbacks(env) -> int:
    """Compile the month's callback figures and write them as Markdown or a workbook."""
    from hotline_tui.services.admin.desk_reads import callback_month
    from hotline_tui.services.callbacks.report import render_markdown, write_xlsx

    first = parse_month(env.args.month)
    report = callback_month(env.context(), first)  # report.callbacks
    return write_month_report(
        env,
        lambda: render_markdown(report, env.settings),
        lambda path: write_xlsx(report, path, env.settings),
        f"callbacks-{report.month}.xlsx",
        N_("Callback report written: {path}"),
    )
