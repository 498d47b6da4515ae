"""The center's own working-day decisions on top of the public calendar (W1)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from hotline_tui.domain.errors import ValidationError
from hotline_tui.services.base import ServiceContext, audit, snapshot, writing
from hotline_tui.store.models import CalendarOverride


def _day(day: Any) -> date:
    """A plain calendar day: a `date` or pendulum `Date` (a subclass the SQLite
    driver cannot bind, hence the copy); a moment or anything else is refused."""
    if not isinstance(day, date) or isinstance(day, datetime):
        raise ValidationError("day", "Give a date like 2026-10-10")
    return date(day.year, day.month, day.day)


def set_override(ctx: ServiceContext, day: date, working: bool, note: str = "") -> CalendarOverride:
    """Mark a day as working or off for this center (beats the public calendar)."""
    day = _day(day)
    note = (note or "").strip()[:100]
    with writing(ctx, "calendar.manage"):
        existing = CalendarOverride.get_or_none(CalendarOverride.day == day)
        before = snapshot(existing)
        if existing is None:
            existing = CalendarOverride.create(day=day, working=working, note=note)
        else:
            existing.working, existing.note = working, note
            existing.save()
        audit(ctx, "calendar.override", existing, before=before)
    return existing


def clear_override(ctx: ServiceContext, day: date) -> bool:
    day = _day(day)
    with writing(ctx, "calendar.manage"):
        existing = CalendarOverride.get_or_none(CalendarOverride.day == day)
        if existing is None:
            return False
        audit(ctx, "calendar.clear", existing, before=snapshot(existing), after={})
        CalendarOverride.delete().where(CalendarOverride.id == existing.id).execute()
    return True


def list_overrides() -> list[CalendarOverride]:
    return list(CalendarOverride.select().order_by(CalendarOverride.day))
