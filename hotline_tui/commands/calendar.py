"""`hotline calendar`: show a month's working days and set the center's overrides (W1)."""

from __future__ import annotations

import argparse
import calendar as cal_mod
from datetime import date

from hotline_tui.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("calendar", help="working days (W1): show a month, set overrides")
    csub = p.add_subparsers(dest="calendar_command", metavar="ACTION", required=True)
    show = csub.add_parser("show", help="show a month's days and their kind")
    show.add_argument("--month", required=True, help="YYYY-MM")
    show.set_defaults(handler=show_month)
    st = csub.add_parser("set", help="mark a day as working or off (manager)")
    st.add_argument("day", help="YYYY-MM-DD")
    st.add_argument("kind", choices=["working", "off"])
    st.add_argument("--note", default="")
    st.add_argument("--as", dest="agent_no", help="your agent number (a manager)")
    st.set_defaults(handler=set_day)


def _parse_day(text: str) -> date:
    from hotline_tui.domain.errors import ValidationError

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError("day", "Give a date like 2026-10-10") from None


def show_month(env) -> int:
    from hotline_tui.domain.errors import ValidationError
    from hotline_tui.services.admin.desk_reads import calendar_month

    try:
        year, month = (int(x) for x in env.args.month.split("-"))
        days = cal_mod.monthrange(year, month)[1]
    except (ValueError, cal_mod.IllegalMonthError):
        raise ValidationError("month", "Give a month like 2026-10") from None
    cal = calendar_month(env.context())
    labels = {
        "workday": _("working day"),
        "weekend": _("weekend"),
        "holiday": _("public holiday"),
        "adjusted_workday": _("adjusted working day"),
    }
    for d in range(1, days + 1):
        day = date(year, month, d)
        kind = cal.day_kind(day)
        name = cal.holiday_name(day) or ""
        print(f"{day.isoformat()}  {labels.get(kind, kind)}  {name}".rstrip())
    return 0


def set_day(env) -> int:
    from hotline_tui.services.admin.calendar import set_override

    day = _parse_day(env.args.day)
    ctx = env.context(env.args.agent_no)  # managers (calendar.manage)
    set_override(ctx, day, env.args.kind == "working", env.args.note)
    print(
        _(
            "{day} is now a {kind} for this center",
            day=day.isoformat(),
            kind=_("working day") if env.args.kind == "working" else _("day off"),
        )
    )
    return 0
