"""`hotline complaints per-person [--as-of YYYY-MM-DD]`: valid complaints about
each person over the last half year (policy.complaints_window_months); anyone
at policy.complaints_per_person_threshold or more is a disciplinary matter (C8).

The monthly analysis itself is `hotline report complaints` (C7).
"""

from __future__ import annotations

import argparse
import sys

import pendulum

from hotline_tui.domain.errors import ValidationError
from hotline_tui.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("complaints", help="complaints: per-person counts (C8)")
    csub = p.add_subparsers(dest="complaints_command", metavar="ACTION", required=True)
    pp = csub.add_parser("per-person", help="complaints per person, last 6 months (C8)")
    pp.add_argument("--as-of", metavar="YYYY-MM-DD", help="the window ends this day (default now)")
    pp.set_defaults(handler=per_person_command)


def _as_of(text: str | None, tz: str) -> pendulum.DateTime | None:
    """End of the given local day, or None for now."""
    if not text:
        return None
    try:
        return pendulum.from_format(text.strip(), "YYYY-MM-DD", tz=tz).end_of("day")
    except (ValueError, TypeError):
        raise ValidationError("as_of", "Give a day like 2026-11-23") from None


def per_person_command(env) -> int:
    """Print the C8 table as Markdown, flagged people first."""
    from dataclasses import replace

    from hotline_tui.domain.clock import FixedClock
    from hotline_tui.services.complaints.queries import per_person

    when = _as_of(env.args.as_of, env.settings.timezone)
    ctx = env.context()  # complaint.report: supervisors and managers
    if when:
        ctx = replace(ctx, clock=FixedClock(when))
    rows = per_person(ctx)
    policy = env.settings.policy
    out = [
        "# "
        + _(
            "Complaints per person, last {months} months (C8: {n} or more is flagged)",
            months=policy.complaints_window_months,
            n=policy.complaints_per_person_threshold,
        ),
        "",
    ]
    heads = [_("Agent no."), _("Name"), _("Department"), _("Valid"), _("To check"), _("C8")]
    out += ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for r in rows:
        flag = _("Disciplinary") if r.flagged else ""
        cells = [r.agent_no, r.name, r.department, str(r.count), str(r.pending), flag]
        out.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    if not rows:
        out.append(_("No complaints about anyone in this period."))
    sys.stdout.write("\n".join(out) + "\n")
    return 0
