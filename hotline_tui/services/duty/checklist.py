"""The start and end of duty checklist (R5): at the start, open the service
platforms and silence private phones; at the end, leave the fax on automatic
reception, and before a day off forward the hotline to the duty mobile (R1).
The desk shows it, records it as done, and the manager sees who did it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from hotline_tui.domain.errors import ValidationError
from hotline_tui.i18n import N_, _
from hotline_tui.services.base import ServiceContext, audit, require, writing
from hotline_tui.store.models import DutyChecklist, Staff

MOMENTS = {"start": N_("Start of duty"), "end": N_("End of duty")}
START_ITEMS = {
    "crm": N_("CRM service console open"),
    "qq_wechat": N_("QQ / WeChat service accounts open"),
    "remote": N_("Remote-support tool open"),
    "phones_silent": N_("Private phones on silent or vibrate"),
}
END_ITEMS = {"fax_auto": N_("Fax left on automatic reception")}
#: Only when the next day is not a working day (R1: weekend and holiday duty).
HOLIDAY_ITEMS = {"forward_mobile": N_("Hotline forwarded to the duty mobile")}


def checklist(ctx: ServiceContext, moment: str) -> dict[str, str]:
    """The items (id -> label msgid) to tick at this moment of today's duty."""
    if moment not in MOMENTS:
        raise ValidationError("moment", "Choose the start or the end of duty")
    if moment == "start":
        return dict(START_ITEMS)
    cal = ctx.calendar()
    today = ctx.local(ctx.now()).date()
    items = dict(END_ITEMS)
    if not cal.is_working_day(today + timedelta(days=1)):
        items.update(HOLIDAY_ITEMS)
    return items


def complete_checklist(ctx: ServiceContext, moment: str, ticked: Any) -> DutyChecklist:
    """R5: recorded only when every item is ticked."""
    items = checklist(ctx, moment)
    if not isinstance(ticked, list | tuple | set):
        raise ValidationError("items", "Tick the items of the checklist")
    missing = [label for key, label in items.items() if key not in set(map(str, ticked))]
    if missing:
        raise ValidationError("items", "Not done yet: {item}", item=_(missing[0]))
    with writing(ctx, "duty.checklist"):
        row = DutyChecklist.create(
            staff=ctx.actor, moment=moment, items=sorted(items), done_at=ctx.now()
        )
        audit(ctx, "duty.checklist", row)
    return row


@dataclass(frozen=True)
class ChecklistRow:
    agent_no: str
    name: str
    moment: str
    done_at: datetime


def checklists_on(ctx: ServiceContext, day: date) -> list[ChecklistRow]:
    """R5 for the manager: the checklists done on a local day, in time order."""
    require(ctx, "review.open_items")
    cal = ctx.calendar()
    start = cal.at_local(day, datetime.min.time()).in_tz("UTC")
    end = start.add(days=1)
    q = (
        DutyChecklist.select(DutyChecklist, Staff)
        .join(Staff)
        .where((DutyChecklist.done_at >= start) & (DutyChecklist.done_at < end))
        .order_by(DutyChecklist.done_at)
    )
    return [ChecklistRow(r.staff.agent_no, r.staff.name, r.moment, r.done_at) for r in q]


def next_moment(ctx: ServiceContext) -> str:
    """Which checklist is due for this operator today: the start one until done, then the end."""
    cal = ctx.calendar()
    start = cal.at_local(ctx.local(ctx.now()).date(), datetime.min.time()).in_tz("UTC")
    done = {
        r.moment
        for r in DutyChecklist.select(DutyChecklist.moment).where(
            (DutyChecklist.staff == ctx.actor.id) & (DutyChecklist.done_at >= start)
        )
    }
    return "end" if "start" in done else "start"
