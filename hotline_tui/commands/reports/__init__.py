"""`hotline report KIND ...`: the periodic reports (daily H14, callbacks F7, complaints C7).

Each report lives in its own module here with `register_report(rsub)`, so a new
report is one new file and the group lists them all in `hotline report --help`.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from hotline_tui.domain.errors import ValidationError
from hotline_tui.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="periodic reports: daily summary, callbacks, complaints")
    rsub = p.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.register_report(rsub)


def parse_month(text: str) -> date:
    """`YYYY-MM` → the first day of that month; a clear error otherwise."""
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError):
        raise ValidationError("month", "Give a month like 2026-10") from None


def add_output_options(p: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    """The options every report shares: its format and where to write it."""
    p.add_argument("--format", choices=list(formats), default=formats[0])
    p.add_argument("--output", metavar="PATH", help="file to write (default: print)")


def write_month_report(
    env,
    render_markdown: Callable[[], str],
    write_xlsx: Callable[[Path], None],
    default_name: str,
    written: str,
) -> int:
    """Markdown to stdout (or --output), or a workbook to --output / `default_name`;
    `written` is the msgid that names the file written."""
    if env.args.format == "md":
        text = render_markdown()
        if not env.args.output:
            sys.stdout.write(text)
            return 0
        from hotline_tui.services.export import output_file
        from hotline_tui.services.safe_files import write_text_private

        path = output_file(env.args.output)
        write_text_private(path, text)
    else:
        from hotline_tui.services.export import output_file

        path = output_file(env.args.output or default_name)
        write_xlsx(path)
    print(_(written, path=str(path)))
    return 0
