"""`hotline calls log`: every PBX call of a day (direction, number and caller,
ring and talk time, who answered, the hotline record), and its figures."""

from __future__ import annotations

import argparse
import json
from typing import Any

from hotline_tui.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("calls", help="the phone system's calls")
    csub = p.add_subparsers(dest="calls_command", metavar="COMMAND", required=True)
    lg = csub.add_parser("log", help="the call log of a day")
    lg.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: today)")
    lg.add_argument("--json", action="store_true", help="print JSON: the calls and the figures")
    lg.add_argument("--as", dest="agent_no", metavar="AGENT_NO", help="your agent number")
    lg.set_defaults(handler=log)
    ack = csub.add_parser("ack", help="acknowledge missed calls with one reason (managers)")
    ack.add_argument("ids", nargs="+", type=int, metavar="ID", help="missed-call item numbers")
    ack.add_argument("--reason", required=True, help="why they need no call back")
    ack.add_argument("--as", dest="agent_no", metavar="AGENT_NO", help="your agent number")
    ack.set_defaults(handler=acknowledge)


def _day(env: Any, ctx: Any):
    from datetime import date

    from hotline_tui.domain.errors import ValidationError

    if not env.args.date:
        return ctx.local(ctx.now()).date()
    try:
        return date.fromisoformat(env.args.date)
    except ValueError:
        raise ValidationError(
            "date", "Not a date (YYYY-MM-DD): {value}", value=env.args.date
        ) from None


def _secs(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}s"


def log(env: Any) -> int:
    from hotline_tui.services.calls.phone_log import call_log, phone_figures

    ctx = env.context(env.args.agent_no)
    day = _day(env, ctx)
    rows = call_log(ctx, day)
    if env.args.json:
        figures = phone_figures(ctx, day)
        payload = {"date": day.isoformat(), "calls": [r.as_dict() for r in rows]}
        print(json.dumps({**payload, "figures": figures.as_dict()}, ensure_ascii=False, indent=1))
        return 0
    statuses = {
        "ringing": _("ringing"),
        "talking": _("talking"),
        "answered": _("answered"),
        "missed": _("missed"),
        "lost": _("lost"),
    }
    directions = {"in": _("incoming"), "out": _("outgoing")}
    for r in rows:
        who = f"{r.agent_no} {r.agent}".strip() or "-"
        print(
            "\t".join(
                [
                    r.at.format("HH:mm:ss"),
                    directions.get(r.direction, r.direction),
                    r.number or "-",
                    r.caller or _("unknown caller"),
                    _secs(r.ring_seconds),
                    _secs(r.talk_seconds),
                    who,
                    statuses.get(r.status, r.status),
                    r.ticket_no or "-",
                ]
            )
        )
    if not rows:
        print(_("No phone calls on {day}", day=day.isoformat()))
    return 0


def acknowledge(env: Any) -> int:
    from hotline_tui.services.calls.missed_calls import acknowledge as ack

    ctx = env.context(env.args.agent_no)
    done = ack(ctx, env.args.ids, env.args.reason)
    print(_("{n} missed calls acknowledged", n=done))
    return 0
