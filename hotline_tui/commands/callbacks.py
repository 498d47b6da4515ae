"""`hotline callbacks schedule` (F4 care callbacks, birthdays, holidays; safe to
run from cron: it only creates what is missing) and `hotline callbacks
accepted` (F3: a project was accepted, schedule its final callback)."""

from __future__ import annotations

import argparse
from datetime import date

from hotline_tui.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("callbacks", help="follow-up callbacks: care schedule (F4), F3 acceptance")
    csub = p.add_subparsers(dest="callbacks_command", metavar="ACTION", required=True)
    sch = csub.add_parser("schedule", help="create the care callbacks due soon (F4), idempotent")
    sch.add_argument("--as", dest="agent_no", help="your agent number")
    sch.add_argument("--upto", metavar="YYYY-MM-DD", help="horizon (default: two weeks ahead)")
    sch.add_argument("--no-birthdays", action="store_true", help="skip birthday care calls")
    sch.add_argument("--no-holidays", action="store_true", help="skip holiday care calls")
    sch.set_defaults(handler=schedule)
    acc = csub.add_parser("accepted", help="a project was accepted: schedule its F3 callback")
    acc.add_argument("--as", dest="agent_no", help="your agent number")
    acc.add_argument("--customer", type=int, required=True, help="the unit's id")
    acc.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="day of acceptance")
    acc.set_defaults(handler=accepted)


def _day(text: str, name: str) -> date:
    from hotline_tui.domain.errors import ValidationError

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(name, "Give a date like 2026-10-10") from None


def _ctx(env):
    return env.context(env.args.agent_no)


def schedule(env) -> int:
    """Create every care callback due by the horizon that does not exist yet."""
    from hotline_tui.services.callbacks.care import schedule_care_callbacks
    from hotline_tui.services.callbacks.followups import KINDS

    upto = _day(env.args.upto, "upto") if env.args.upto else None
    ctx = _ctx(env)
    res = schedule_care_callbacks(
        ctx, upto, birthdays=not env.args.no_birthdays, holidays=not env.args.no_holidays
    )
    print(_("Care callbacks created: {n}", n=res.total))
    for kind, n in sorted(res.created.items()):
        print(f"  {_(KINDS[kind])}: {n}")
    return 0


def accepted(env) -> int:
    """F3: record the acceptance (end of that working day, local) and show the due time;
    the date is read as the F8 screen reads it (a future day is refused)."""
    import pendulum

    from hotline_tui.services.callbacks.care import record_project_acceptance_on

    ctx = _ctx(env)
    cb = record_project_acceptance_on(ctx, env.args.customer, env.args.date)
    due = pendulum.instance(cb.due_at).in_tz(ctx.tz).format("YYYY-MM-DD HH:mm")
    print(_("Final callback (F3) due by {due}", due=due))
    return 0
