"""`hotline open-items` for monitoring scripts and `hotline export open-items`
for spreadsheets: the review screen's list, in the same order (docs/DESIGN.md, the manager's review).

Both run as a proven staff member (`env.context()`: a password for `--as`,
or HOTLINE_TOKEN for scripts) and the services check that person's roles, as
on the screen; `acting()` serves the handover record command too.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.cells import cell_len

from hotline_tui.i18n import _

NO_LIMIT = 10**9  # exports and scripts see every open item


def add_as(p: argparse.ArgumentParser) -> None:
    """The command's own `--as`: an alias of the global one (who runs it)."""
    p.add_argument(
        "--as",
        dest="agent_no",
        metavar="AGENT_NO",
        help="your agent number, a manager or supervisor (the global --as, HOTLINE_AS)",
    )


def acting(env: Any):
    """The proven context of whoever runs the command (--as names them)."""
    return env.context(env.args.agent_no)


def _filters(p: argparse.ArgumentParser) -> None:
    from hotline_tui.services.review.open_items import KINDS

    add_as(p)

    p.add_argument("--kind", action="append", choices=sorted(KINDS), help="only this kind (repeat)")
    p.add_argument("--owner", metavar="AGENT_NO", help="only items owned by this agent number")
    p.add_argument("--customer", metavar="TEXT", help="only customers whose name contains TEXT")
    p.add_argument(
        "--at", metavar="TIME", help="judge deadlines as of this ISO 8601 time (default: now)"
    )


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("open-items", help="every open item by time to breach (for monitoring)")
    _filters(p)
    p.add_argument("--json", action="store_true", help="print a JSON list of objects")
    p.add_argument("--fail-on-overdue", action="store_true", help="exit 1 when any item is overdue")
    p.set_defaults(handler=list_open_items)
    ex = sub.add_parser("export", help="export a list to CSV or XLSX (no row cap)")
    esub = ex.add_subparsers(dest="what", metavar="LIST", required=True)
    p = esub.add_parser("open-items", help="the open items, as on the review screen")
    _filters(p)
    p.add_argument("path", metavar="PATH", help="a .csv or .xlsx file to write")
    p.set_defaults(handler=export_open_items)


def _now(env: Any):
    import pendulum

    from hotline_tui.domain.errors import ValidationError

    if not env.args.at:
        return pendulum.now("UTC")
    try:
        at = pendulum.parse(env.args.at)
    except (ValueError, pendulum.parsing.exceptions.ParserError):
        raise ValidationError("at", "Not a time: {value}", value=env.args.at) from None
    return at.in_timezone("UTC")


def _filters_of(env: Any) -> dict[str, Any]:
    """The review's filters from the options (the owner by agent number)."""
    from hotline_tui.services.auth.staff import find_by_agent_no

    owner_id = find_by_agent_no(env.args.owner).id if env.args.owner else None
    return {"owner_id": owner_id, "kinds": env.args.kind, "customer_query": env.args.customer or ""}


def _pad(text: str, width: int) -> str:
    """Pad by display cells: Chinese characters take two columns."""
    return text + " " * max(0, width - cell_len(text))


def list_open_items(env: Any) -> int:
    from hotline_tui.domain.deadlines import countdown_words
    from hotline_tui.services.review.open_items import KINDS, review_items
    from hotline_tui.services.review.open_items_export import as_record

    now = _now(env)
    ctx = acting(env)  # everyone's items need review.open_items; one's own do not
    items = review_items(ctx, limit=NO_LIMIT, **_filters_of(env))
    overdue = sum(1 for i in items if i.overdue(now))
    if env.args.json:
        json.dump([as_record(i, now) for i in items], sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        tz = env.settings.timezone
        rows = [
            [_("Time left"), _("Due"), _("Kind"), _("Item"), _("Customer"), _("Owner"), _("Rule")]
        ]
        for i in items:
            left = i.seconds_left(now)
            rows.append(
                [
                    "—" if left is None else countdown_words(left),
                    i.due_at.in_timezone(tz).format("MM-DD HH:mm") if i.due_at else "—",
                    _(KINDS[i.kind]),
                    i.title,
                    i.customer,
                    f"{i.owner_no} {i.owner}".strip(),
                    i.rule,
                ]
            )
        # One line per item: a symptom's line breaks and tabs become single spaces.
        rows = [[" ".join(str(v).split()) for v in r] for r in rows]
        widths = [max(cell_len(r[c]) for r in rows) for c in range(len(rows[0]))]
        for r in rows:
            print("  ".join(_pad(v, w) for v, w in zip(r, widths, strict=True)).rstrip())
        print(_("{n} open, {late} overdue", n=len(items), late=overdue))
    return 1 if env.args.fail_on_overdue and overdue else 0


def export_open_items(env: Any) -> int:
    from hotline_tui.services.export import write_table
    from hotline_tui.services.review.open_items_export import EXPORT_COLUMNS, export_open_items

    now = _now(env)
    rows = export_open_items(acting(env), now, **_filters_of(env))  # open_items.export
    n = write_table(env.args.path, [_(c) for c in EXPORT_COLUMNS], rows)
    print(_("{n} rows written to {path}", n=n, path=env.args.path))
    return 0
