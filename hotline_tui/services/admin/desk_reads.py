"""Reads the command line once ran for anyone on the server, each now behind
the role that may read it (domain/permissions.py): a monthly report or the
audit trail shows customers' and staff members' data like any screen does."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from hotline_tui.services.base import ServiceContext, require


def audit_trail(ctx: ServiceContext, **filters: Any) -> Iterator[Any]:
    """The audit entries (before/after of every change): managers."""
    from hotline_tui.services.admin.audit_log import audit_entries

    require(ctx, "audit.view")
    return audit_entries(**filters)


def daily_summary(ctx: ServiceContext, day: date) -> Any:
    """The day's calls by outcome (H14)."""
    from hotline_tui.services.calls.daily_report import daily_report

    require(ctx, "report.daily")
    return daily_report(day, ctx.settings, ctx)  # S2: restricted units named are logged


def callback_month(ctx: ServiceContext, first: date) -> Any:
    """The month's callback figures (F7)."""
    from hotline_tui.services.callbacks.report import monthly_callback_report

    require(ctx, "report.callbacks")
    return monthly_callback_report(first, ctx.settings, now=ctx.now())


def complaint_month(ctx: ServiceContext, month: str) -> Any:
    """The month's complaint analysis (C7)."""
    from hotline_tui.services.complaints.report import monthly_report

    require(ctx, "complaint.report")
    return monthly_report(month, ctx.settings)


def roster_export(ctx: ServiceContext, monday: date, path: str, fmt: str | None) -> int:
    """A week's roster to a file (R1): names and phones of the people on duty."""
    from hotline_tui.services.duty.roster import export_week

    require(ctx, "roster.view")
    return export_week(ctx.settings, monday, path, fmt)


def library_search(ctx: ServiceContext, query: str, **kw: Any) -> list[Any]:
    from hotline_tui.services.library import entries as library

    require(ctx, "library.read")
    return library.search(query, **kw)


def library_reindex(ctx: ServiceContext) -> int:
    from hotline_tui.store.search import reindex_all

    require(ctx, "library.reindex")
    return reindex_all()


def calendar_month(ctx: ServiceContext) -> Any:
    """The business calendar with the center's overrides (W1)."""
    from hotline_tui.services.base import business_calendar

    require(ctx, "calendar.view")
    return business_calendar(ctx.settings)
