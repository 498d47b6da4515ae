"""`hotline audit` and `hotline access-log`: read the append-only logs."""

from __future__ import annotations

import argparse
import json

from hotline_tui.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="print audit entries (who changed what, before/after)")
    p.add_argument("--since", help="from this date or time (YYYY-MM-DD or ISO 8601)")
    p.add_argument("--record", help="only one record, TYPE:ID (e.g. call:12)")
    p.add_argument("--actor", help="only this agent number")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(handler=audit)
    p = sub.add_parser("access-log", help="who opened restricted customer files (S2, managers)")
    p.add_argument("--as", dest="agent_no", required=True, help="your agent number (a manager)")
    p.add_argument("--since", help="from this date or time")
    p.add_argument("--output", help="write CSV or XLSX instead of printing")
    p.set_defaults(handler=access)


def _since(env):
    import pendulum

    from hotline_tui.domain.errors import ValidationError

    if not env.args.since:
        return None
    try:
        return pendulum.parse(env.args.since, tz=env.settings.timezone).in_timezone("UTC")
    except (ValueError, pendulum.parsing.exceptions.ParserError):
        raise ValidationError("since", "Give a date like 2026-10-10") from None


def audit(env) -> int:
    from hotline_tui.services.audit_log import audit_dict, audit_entries, parse_record

    record = parse_record(env.args.record) if env.args.record else None
    since = _since(env)
    env.open_db()
    for entry in audit_entries(since=since, record=record, actor_no=env.args.actor):
        row = audit_dict(entry)
        if env.args.json:
            print(json.dumps(row, ensure_ascii=False, sort_keys=True))
        else:
            changes = ""
            if row["before"] and row["after"]:
                keys = [k for k in row["after"] if row["before"].get(k) != row["after"].get(k)]
                changes = " ".join(
                    f"{k}: {row['before'].get(k)!r} → {row['after'].get(k)!r}" for k in keys
                )
            print(
                f"{row['at']}  {row['actor']:>6}  {row['action']:<22} {row['record']:<20} {changes}".rstrip()
            )
    return 0


def access(env) -> int:
    from hotline_tui.services.audit_log import access_log
    from hotline_tui.services.base import ServiceContext
    from hotline_tui.services.export import write_table
    from hotline_tui.services.staff import find_by_agent_no

    since = _since(env)
    env.open_db()
    ctx = ServiceContext(actor=find_by_agent_no(env.args.agent_no), settings=env.settings)
    rows = access_log(ctx, since=since, limit=10_000_000)
    headers = [
        _("Time"),
        _("Agent no."),
        _("Name"),
        _("Customer"),
        _("Level"),
        _("View"),
        _("Purpose"),
    ]
    data = [
        (r.at.isoformat(), r.agent_no, r.staff_name, r.customer, r.level, r.view, r.purpose)
        for r in rows
    ]
    if env.args.output:
        n = write_table(env.args.output, headers, data)
        print(_("{n} rows written to {path}", n=n, path=env.args.output))
    else:
        for row in data:
            print("  ".join(str(v) for v in row))
    return 0
