"""The call log and the phone figures of a day (H1, H14): every PBX call with
its ring and talk time, and offered / answered / missed / within 3 rings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

import pendulum
from peewee import JOIN

from hotline_tui.config import Settings
from hotline_tui.domain import telephony as tel
from hotline_tui.services.base import ServiceContext, require
from hotline_tui.services.calls.telephony import state_of
from hotline_tui.store.models import Call, Contact, Customer, PhoneCall, Staff


@dataclass(frozen=True)
class LogRow:
    id: int
    at: pendulum.DateTime  # local time the call started
    direction: str
    number: str
    caller: str  # unit / contact, or "" when unknown
    ring_seconds: float | None
    talk_seconds: float | None
    agent_no: str
    agent: str
    status: str  # ringing | talking | answered | missed | lost
    ticket_no: str
    queue: str

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "direction": self.direction,
            "number": self.number,
            "caller": self.caller,
            "ring_seconds": self.ring_seconds,
            "talk_seconds": self.talk_seconds,
            "agent_no": self.agent_no,
            "agent": self.agent,
            "answered": self.status in ("answered", "talking"),
            "status": self.status,
            "ticket_no": self.ticket_no,
            "queue": self.queue,
        }


def call_log(ctx: ServiceContext, day: date, limit: int = 5000) -> list[LogRow]:
    """Every PBX call that started on `day` (the center's local day), newest first."""
    require(ctx, "cti.view")
    return _rows(ctx.settings, day, limit)


def _rows(settings: Settings, day: date, limit: int = 5000) -> list[LogRow]:
    first = pendulum.datetime(day.year, day.month, day.day, tz=settings.timezone)
    return _between(settings, first.in_timezone("UTC"), first.add(days=1).in_timezone("UTC"), limit)


def _between(settings: Settings, start: datetime, end: datetime, limit: int) -> list[LogRow]:
    tz = settings.timezone
    q = (
        PhoneCall.select(PhoneCall, Staff, Customer, Contact, Call)
        .join(Staff, JOIN.LEFT_OUTER, on=(PhoneCall.agent == Staff.id))
        .switch(PhoneCall)
        .join(Customer, JOIN.LEFT_OUTER, on=(PhoneCall.customer == Customer.id))
        .switch(PhoneCall)
        .join(Contact, JOIN.LEFT_OUTER, on=(PhoneCall.contact == Contact.id))
        .switch(PhoneCall)
        .join(Call, JOIN.LEFT_OUTER, on=(PhoneCall.hotline_call == Call.id))
        .where((PhoneCall.first_heard >= start) & (PhoneCall.first_heard < end))
        .order_by(PhoneCall.first_heard.desc(), PhoneCall.id.desc())
        .limit(limit)
    )
    out = []
    for row in q:
        s = state_of(row)
        agent = row.agent if row.agent_id else None
        cust = row.customer if row.customer_id else None
        contact = row.contact if row.contact_id else None
        caller = " ".join(
            x
            for x in (
                (cust.short_name or cust.name) if cust else "",
                contact.name if contact else "",
            )
            if x
        )
        out.append(
            LogRow(
                row.id,
                pendulum.instance(s.start or row.first_heard).in_timezone(tz),
                row.direction,
                s.caller,
                caller,
                s.ring_seconds(),
                s.talk_seconds(),
                agent.agent_no if agent else "",
                agent.name if agent else "",
                row.status,
                row.hotline_call.ticket_no if row.hotline_call is not None else "",
                row.queue,
            )
        )
    return out


@dataclass
class Figures:
    """Offered, answered, missed, answered within the H1 rings, average ring time."""

    offered: int = 0
    answered: int = 0
    missed: int = 0
    within: int = 0
    ring_total: float = 0.0
    ring_count: int = 0

    @property
    def within_percent(self) -> float | None:
        return round(100.0 * self.within / self.answered, 1) if self.answered else None

    @property
    def average_ring(self) -> float | None:
        return round(self.ring_total / self.ring_count, 1) if self.ring_count else None

    def as_dict(self) -> dict:
        return {
            "offered": self.offered,
            "answered": self.answered,
            "missed": self.missed,
            "answered_within_rings_percent": self.within_percent,
            "average_ring_seconds": self.average_ring,
        }


@dataclass
class PhoneFigures:
    total: Figures = field(default_factory=Figures)
    per_operator: dict[str, Figures] = field(default_factory=lambda: defaultdict(Figures))
    per_hour: dict[int, Figures] = field(default_factory=lambda: defaultdict(Figures))

    def as_dict(self) -> dict:
        return {
            "total": self.total.as_dict(),
            "per_operator": {k: v.as_dict() for k, v in sorted(self.per_operator.items())},
            "per_hour": {f"{h:02d}": v.as_dict() for h, v in sorted(self.per_hour.items())},
        }


def phone_figures(ctx: ServiceContext, day: date) -> PhoneFigures:
    """H1/H14 figures of incoming PBX calls on `day`, in total, per operator, per hour."""
    require(ctx, "cti.view")
    return day_figures(day, ctx.settings)


def window_figures(ctx: ServiceContext, start: datetime, end: datetime) -> PhoneFigures:
    """The figures of a window of days (the statistics screen)."""
    require(ctx, "stats.view")
    return _figures(_between(ctx.settings, start, end, 200_000), ctx.settings)


def day_figures(day: date, settings: Settings) -> PhoneFigures:
    """The same figures for the daily report (H14), which reads the day as a whole."""
    return _figures(_rows(settings, day), settings)


def _figures(rows: list[LogRow], settings: Settings) -> PhoneFigures:
    p = settings.policy
    out = PhoneFigures()
    for row in rows:
        if row.direction != "in" or row.status in ("ringing", "talking"):
            continue
        answered = row.status == "answered"
        buckets = [out.total, out.per_hour[row.at.hour]]
        if answered and row.agent_no:
            buckets.append(out.per_operator[f"{row.agent_no} {row.agent}"])
        for f in buckets:
            f.offered += 1
            if answered:
                f.answered += 1
                if tel.within_rings(row.ring_seconds, p.seconds_per_ring, p.answer_within_rings):
                    f.within += 1
                if row.ring_seconds is not None:
                    f.ring_total += row.ring_seconds
                    f.ring_count += 1
            else:
                f.missed += 1
    return out


def figures_table(fig: PhoneFigures, rings: int) -> tuple[list[str], list[list[object]]]:
    """The daily report's phone section (H1, H14) as a table: the totals, then
    per operator, then per hour; the Markdown and the workbook both show it."""
    from hotline_tui.i18n import _

    def row(name: str, f: Figures) -> list[object]:
        within = "—" if f.within_percent is None else f"{f.within_percent:.0f}%"
        ring = "—" if f.average_ring is None else f"{f.average_ring:.0f}"
        return [name, f.offered, f.answered, f.missed, within, ring]

    heads = [
        "",
        _("Offered"),
        _("Answered"),
        _("Missed"),
        _("Within {n} rings", n=rings),
        _("Average ring (s)"),
    ]
    rows = [row(_("Total"), fig.total)]
    rows += [row(name, f) for name, f in sorted(fig.per_operator.items())]
    rows += [row(f"{h:02d}:00", f) for h, f in sorted(fig.per_hour.items())]
    return heads, rows


def figures_markdown(fig: PhoneFigures, rings: int) -> list[str]:
    """The phone section's table in Markdown."""
    heads, rows = figures_table(fig, rings)
    out = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    return out + ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]


def figures_line(fig: PhoneFigures, rings: int) -> str:
    """One line of the totals, for a screen."""
    from hotline_tui.i18n import _

    t = fig.total
    within = "—" if t.within_percent is None else f"{t.within_percent:.0f}%"
    ring = "—" if t.average_ring is None else f"{t.average_ring:.0f}"
    return _(
        "Offered {offered} · answered {answered} · missed {missed} · "
        "within {rings} rings {within} · average ring {ring} s",
        offered=t.offered,
        answered=t.answered,
        missed=t.missed,
        rings=rings,
        within=within,
        ring=ring,
    )
