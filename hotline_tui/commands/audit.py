"""`hotline audit` and `hotline access-log`: read the append-only logs."""

from __future__ import annotations

import argparse
import json

from hotline_tui.i18n import N_, _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="print audit entries (who changed what, before/after)")
    p.add_argument(
        "verb", nargs="?", choices=["verify"], help="verify: check the logs' hash chains"
    )
    p.add_argument("--since", help="from this date or time (YYYY-MM-DD or ISO 8601)")
    p.add_argument("--record", help="only one record, TYPE:ID (e.g. call:12)")
    p.add_argument("--actor", help="only this agent number")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("--as", dest="agent_no", help="your agent number")
    p.set_defaults(handler=audit)
    p = sub.add_parser("access-log", help="who opened restricted customer files (S2, managers)")
    p.add_argument("--as", dest="agent_no", help="your agent number (a manager)")
    p.add_argument("--since", help="from this date or time")
    p.add_argument("--sign-ins", action="store_true", help="the sign-in log instead (managers)")
    p.add_argument("--output", help="write CSV or XLSX instead of printing")
    p.set_defaults(handler=access)


def _since(env):
    from hotline_tui.services.admin.audit_log import parse_since

    return parse_since(env.args.since, env.settings.timezone)


def audit(env) -> int:
    from hotline_tui.services.admin.audit_log import audit_dict, guard_audit_printout, parse_record
    from hotline_tui.services.admin.desk_reads import audit_trail

    if env.args.verb == "verify":
        return verify(env)
    record = parse_record(env.args.record) if env.args.record else None
    since = _since(env)
    ctx = env.context(env.args.agent_no)
    # S2: restricted units' data in full: refused to the others, logged for the allowed
    guard_audit_printout(ctx, since=since, record=record, actor_no=env.args.actor)
    for entry in audit_trail(ctx, since=since, record=record, actor_no=env.args.actor):
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
    from hotline_tui.services.admin.audit_log import access_log
    from hotline_tui.services.export import write_table

    since = _since(env)
    ctx = env.context(env.args.agent_no)
    if env.args.sign_ins:
        return sign_ins(env, ctx, since)
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
        from hotline_tui.services.export import write_table

        n = write_table(env.args.output, headers, data)
        print(_("{n} rows written to {path}", n=n, path=env.args.output))
    else:
        for row in data:
            print("  ".join(str(v) for v in row))
    return 0


def verify(env) -> int:
    """Check the audit and access logs' hash chains; non-zero on the first problem."""
    import sys

    from hotline_tui.services.admin.audit_log import verify_logs

    env.open_db()
    report = verify_logs()
    for line in report.problems:
        print(line, file=sys.stderr)
    if not report.ok:
        return 1
    print(
        _(
            "The logs are intact: {audit} audit entries, {access} access-log entries",
            audit=report.counts["audit_entry"],
            access=report.counts["access_log"],
        )
    )
    return 0


#: How the sign-in log names its events (services/auth.py EVENTS).
SIGN_IN_EVENTS = {
    "sign_in": N_("signed in"),
    "failure": N_("failed sign-in"),
    "lockout": N_("locked out"),
    "unlock": N_("unlocked"),
    "sign_out": N_("signed out"),
}


def sign_ins(env, ctx, since) -> int:
    """The sign-in log: every sign-in, failure, lockout, unlock and sign-out (managers)."""
    from hotline_tui.services.auth.sign_in import sign_in_log

    rows = sign_in_log(ctx, since=since, limit=100_000)
    headers = [
        _("Time"),
        _("Agent no."),
        _("Name"),
        _("Event"),
        _("OS user"),
        _("Host"),
        _("Terminal"),
        _("By"),
    ]
    data = [
        (
            ctx.local(r.at).format("YYYY-MM-DD HH:mm:ss"),
            r.agent_no,
            r.staff_name,
            _(SIGN_IN_EVENTS.get(r.event, r.event)),
            r.os_user,
            r.host,
            r.terminal,
            r.by_no,
        )
        for r in rows
    ]
    if env.args.output:
        from hotline_tui.services.export import write_table

        n = write_table(env.args.output, headers, data)
        print(_("{n} rows written to {path}", n=n, path=env.args.output))
    else:
        for row in data:
            print("  ".join(str(v) for v in row).rstrip())

    return 0
