"""`hotline handover show` (the handover record, R3) and `hotline roster export` (R1)."""

from __future__ import annotations

import argparse
from datetime import date, timedelta

from hotline_tui.commands.open_items import acting, add_as
from hotline_tui.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("handover", help="the handover record (R3): who handed what to whom, when")
    hsub = p.add_subparsers(dest="handover_command", metavar="ACTION", required=True)
    show = hsub.add_parser("show", help="print the handovers of a day (default: all)")
    show.add_argument("--date", help="YYYY-MM-DD (the center's local date)")
    add_as(show)
    show.set_defaults(handler=show_handovers)

    p = sub.add_parser("roster", help="the duty roster (R1)")
    rsub = p.add_subparsers(dest="roster_command", metavar="ACTION", required=True)
    exp = rsub.add_parser("export", help="export a week's roster to CSV or XLSX")
    which = exp.add_mutually_exclusive_group(required=True)
    which.add_argument("--week", help="ISO week, e.g. 2026-W48")
    which.add_argument("--from", dest="start", help="YYYY-MM-DD: the week holding this day")
    exp.add_argument("--format", choices=["csv", "xlsx"], help="default: from --output's ending")
    exp.add_argument("--output", required=True, help="file to write")
    exp.set_defaults(handler=export_roster)


def _parse_day(text: str) -> date:
    from hotline_tui.domain.errors import ValidationError

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError("date", "Give a date like 2026-10-10") from None


def show_handovers(env) -> int:
    """Print each handover: outgoing → incoming, due and done (R3), then its items."""
    import pendulum
    from rich.cells import cell_len

    from hotline_tui.services.duty.board import handover_record
    from hotline_tui.services.duty.handover import item_kind_label
    from hotline_tui.services.duty.sessions import handover_on_time

    day = _parse_day(env.args.date) if env.args.date else None
    ctx = acting(env)  # everyone's handovers: handover.board (managers, supervisors)
    tz = env.settings.timezone

    def local(dt) -> str:
        return pendulum.instance(dt).in_tz(tz).format("YYYY-MM-DD HH:mm") if dt else "—"

    def who(staff) -> str:
        return f"{staff.agent_no} {staff.name}" if staff is not None else "—"

    handovers = handover_record(ctx, day)
    if not handovers:
        print(_("No handovers recorded."))
        return 0
    for h in handovers:
        if h.completed_at is None:
            state = _("open, due {due}", due=local(h.due_at))
        else:
            verdict = _("on time") if handover_on_time(h) else _("late")
            state = _(
                "completed {at} ({verdict}, due {due})",
                at=local(h.completed_at),
                verdict=verdict,
                due=local(h.due_at),
            )
        print(f"{local(h.created_at)}  {who(h.from_staff)} → {who(h.to_staff)}  {state}")
        if h.note:
            print("    " + _("Note from the outgoing operator: {note}", note=h.note))
        for item in h.items:
            if item.status == "accepted":
                status = _(
                    "accepted {at} by {who}", at=local(item.accepted_at), who=who(item.accepted_by)
                )
            else:
                status = _("not accepted")
            kind = item_kind_label(item.item_kind)
            kind += " " * max(1, 8 - cell_len(kind))  # Chinese is double-width
            line = f"    {kind}{item.summary}  {status}"
            if item.question:
                line += "  " + _("question: {q}", q=item.question)
                answer = (item.extra or {}).get("answer")
                if answer:
                    line += "  " + _("answer: {a}", a=answer)
            print(line)
    return 0


def export_roster(env) -> int:
    """Write a week's roster (R1) to CSV or XLSX."""
    from hotline_tui.services.admin.desk_reads import roster_export
    from hotline_tui.services.duty.roster import parse_week, week_start

    monday = parse_week(env.args.week) if env.args.week else week_start(_parse_day(env.args.start))
    count = roster_export(env.context(), monday, env.args.output, env.args.format)
    end = monday + timedelta(days=6)
    print(
        _(
            "Roster {start} – {end}: {n} rows written to {path}",
            start=monday.isoformat(),
            end=end.isoformat(),
            n=count,
            path=env.args.output,
        )
    )
    return 0
