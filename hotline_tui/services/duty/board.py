"""The manager's side of the handover (R2-R4): everyone's handovers, read only.

The duty board, the overdue list, the handover record (`hotline handover show`)
and one chosen handover (opened from the review, docs/DESIGN.md, the manager's review) show other people's
takeovers, so each entry point checks `handover.board` first; the queries
themselves live in `services/duty.py` and `services/handover.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hotline_tui.i18n import _
from hotline_tui.services.base import ServiceContext, check_id, get_or_fail, require
from hotline_tui.services.duty import sessions as duty
from hotline_tui.services.duty.handover import HandoverView, item_rows
from hotline_tui.store.models import Handover, Staff


def _who(staff: Staff | None) -> str:
    return f"{staff.agent_no} {staff.name}" if staff is not None else "—"


def duty_board(ctx: ServiceContext, day: date) -> list[duty.BoardRow]:
    """The day's duty: late readiness (R2), away marks (R4), overdue handovers (R3)."""
    require(ctx, "handover.board")
    return duty.duty_board(ctx.settings, day, ctx.now())


def overdue_names(ctx: ServiceContext) -> list[str]:
    """R3: who still has a handover open past its due time (told at sign-in)."""
    require(ctx, "handover.board")
    return [_who(h.to_staff) for h in duty.overdue_handovers(ctx.now())]


def handover_record(ctx: ServiceContext, day: date | None = None) -> list[Handover]:
    """The handovers opened that local day (all days when None): who handed what to whom."""
    require(ctx, "handover.board")
    return duty.handovers_of_day(ctx.settings, day)


@dataclass
class ChosenHandover:
    """One handover as the handover screen shows it, with both people named."""

    view: HandoverView
    handover_id: int
    outgoing: str
    incoming: str


def chosen_handover(ctx: ServiceContext, handover_id: int) -> ChosenHandover:
    """One handover, whoever takes it over: the review's Enter opens it (docs/DESIGN.md, the manager's review)."""
    require(ctx, "handover.board")
    h = get_or_fail(Handover, check_id("handover", handover_id), _("Handover"))
    view = HandoverView([h], item_rows([h]), [], None)
    return ChosenHandover(view, h.id, _who(h.from_staff), _who(h.to_staff))
