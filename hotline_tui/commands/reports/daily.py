"""`hotline report daily [--date D] [--format md|csv|xlsx] [--output PATH]` (H14)."""

from __future__ import annotations

import argparse
import sys

from hotline_tui.commands.reports import add_output_options
from hotline_tui.i18n import _


def register_report(rsub: argparse._SubParsersAction) -> None:
    p = rsub.add_parser("daily", help="the day's calls by outcome and the problems recorded (H14)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: today, center time)")
    add_output_options(p, ("md", "csv", "xlsx"))
    p.set_defaults(handler=daily)


def daily(env) -> int:
    """Print the summary, or write it to --output."""
    from hotline_tui.domain.clock import SystemClock
    from hotline_tui.services.admin.desk_reads import daily_summary
    from hotline_tui.services.calls.daily_report import parse_day, write_report

    day = parse_day(env.args.date, env.settings, SystemClock().now())
    # S2: the restricted units the report names are logged for its reader
    ctx = env.context()
    report = daily_summary(ctx, day)  # report.daily
    text = write_report(report, env.args.format, env.args.output)
    if text is not None:
        sys.stdout.write(text)
    else:
        print(
            _(
                "Daily summary {day}: {n} calls written to {path}",
                day=day.isoformat(),
                n=report.total,
                path=env.args.output,
            )
        )
    return 0
