"""Callbacks the rules schedule on their own: F3 after a project acceptance, F4
periodic care by customer category, and the optional birthday and holiday care
calls (客户关怀). `schedule_care_callbacks` is idempotent: run it as often as
you like (the callbacks screen runs it for managers and specialists, the CLI
`hotline callbacks schedule` from cron); it only creates what is missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pendulum
from peewee import fn

from hotline_tui.domain import deadlines
from hotline_tui.domain.calendar import HOLIDAY, BusinessCalendar
from hotline_tui.domain.errors import NotFound, ValidationError
from hotline_tui.services.base import ServiceContext, audit, writing
from hotline_tui.services.callbacks.followups import create_callback
from hotline_tui.store.models import Callback, Contact, Customer

#: How far ahead a run schedules when no horizon is given.
DEFAULT_HORIZON_DAYS = 14
CARE_CATEGORIES_FOR_HOLIDAYS = ("vip", "key")


@dataclass
class ScheduleResult:
    """What one run created, per kind (F4, birthday, holiday)."""

    created: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.created.values())


def _primary_contacts(customer_ids: Iterable[int]) -> dict[int, int]:
    """The unit's primary (else first) contact who has not left, by customer id."""
    out: dict[int, int] = {}
    query = (
        Contact.select(Contact.id, Contact.customer)
        .where(Contact.customer.in_(list(customer_ids)) & (Contact.left_company == False))  # noqa: E712
        .order_by(Contact.customer, Contact.is_primary.desc(), Contact.id)
    )
    for c in query:
        out.setdefault(c.customer_id, c.id)
    return out


def record_project_acceptance(
    ctx: ServiceContext,
    customer_id: int,
    accepted_at: datetime,
    *,
    contact_id: int | None = None,
    owner_id: int | None = None,
) -> Callback:
    """F3: an implementation project was accepted; the final callback is due by
    the end of the 7th working day after it (policy.project_callback_working_days)."""
    if not isinstance(customer_id, int) or isinstance(customer_id, bool):
        raise NotFound("Customer {id} does not exist", id=customer_id)
    if contact_id is not None and not isinstance(contact_id, int):
        raise ValidationError("contact_id", "Choose a contact of this unit")
    if not isinstance(accepted_at, datetime) or accepted_at.tzinfo is None:
        raise ValidationError("accepted_at", "A due time with its time zone is required")
    if accepted_at > ctx.now():
        raise ValidationError("accepted_at", "The acceptance cannot be in the future")
    with writing(ctx, "callback.create"):
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise NotFound("Customer {id} does not exist", id=customer_id)
        if contact_id is None:
            contact_id = _primary_contacts([customer.id]).get(customer.id)
        elif (
            not Contact.select()
            .where((Contact.id == contact_id) & (Contact.customer == customer.id))
            .exists()
        ):
            raise ValidationError("contact_id", "Choose a contact of this unit")
        due = deadlines.f3_project_callback_due(
            accepted_at, ctx.calendar(), working_days=ctx.policy.project_callback_working_days
        )
        cb = create_callback(
            ctx,
            kind="F3",
            due_at=due,
            customer_id=customer.id,
            contact_id=contact_id,
            owner_id=owner_id,
        )
        audit(
            ctx,
            "project.accepted",
            customer,
            after={"accepted_at": pendulum.instance(accepted_at).in_tz("UTC").isoformat()},
        )
    return cb


def acceptance_time(ctx: ServiceContext, accepted_on: Any) -> pendulum.DateTime:
    """F3: the typed acceptance day (YYYY-MM-DD, the center's zone) as an instant:
    the end of that day's work, or now when that is still ahead (today)."""
    try:
        day = date.fromisoformat(str(accepted_on).strip())
    except ValueError:
        raise ValidationError("accepted_on", "Type the date as YYYY-MM-DD") from None
    cal, now = ctx.calendar(), ctx.now()
    if day > cal.local_date(now):
        raise ValidationError("accepted_on", "The acceptance cannot be in the future")
    return min(cal.working_day_end(day).in_tz("UTC"), now)


def record_project_acceptance_on(
    ctx: ServiceContext, customer_id: int, accepted_on: Any
) -> Callback:
    """F3 from a typed date (the callbacks screen): checks the date, then schedules."""
    return record_project_acceptance(ctx, customer_id, acceptance_time(ctx, accepted_on))


def _horizon(ctx: ServiceContext, upto: Any) -> pendulum.DateTime:
    now = ctx.now()
    if upto is None:
        return now.add(days=DEFAULT_HORIZON_DAYS)
    if isinstance(upto, datetime):
        if upto.tzinfo is None:
            raise ValidationError("upto", "A due time with its time zone is required")
        return pendulum.instance(upto)
    if isinstance(upto, date):
        return ctx.calendar().at_local(upto, datetime.max.time()).in_tz("UTC")
    raise ValidationError("upto", "Give a date like 2026-10-10")


def _end_of_work(ctx: ServiceContext) -> pendulum.DateTime:
    cal, now = ctx.calendar(), ctx.now()
    today = cal.local_date(now)
    end = cal.working_day_end(today)
    if not cal.is_working_day(today) or now >= end:
        end = cal.working_day_end(cal.next_working_day(today))
    return end.in_tz("UTC")


def _schedule_f4(
    ctx: ServiceContext, upto: pendulum.DateTime, owner: int, res: ScheduleResult
) -> None:
    """F4: one open care callback at a time per unit, a period after the last one."""
    has_open = {
        r.customer_id
        for r in Callback.select(Callback.customer).where(
            (Callback.kind == "F4") & (Callback.status == "open")
        )
    }
    last_due = fn.MAX(fn.COALESCE(Callback.first_due_at, Callback.due_at))
    last: dict[int, Any] = {
        r.customer_id: r.last
        for r in Callback.select(Callback.customer, last_due.alias("last"))
        .where(Callback.kind == "F4")
        .group_by(Callback.customer)
    }
    due: dict[int, pendulum.DateTime] = {}
    # A period already missed (a new install, a long gap) is owed now, by the end
    # of this (or the next) working day, not "months late" in the F7 report.
    soonest = _end_of_work(ctx)
    for c in Customer.select(Customer.id, Customer.category, Customer.sold_at, Customer.created_at):
        if c.id in has_open:
            continue
        base = last.get(c.id) or c.sold_at or c.created_at
        base = Callback.due_at.python_value(base)  # an aggregate comes back raw (UTC)
        category = c.category if c.category in ("regular", "vip", "key") else "regular"
        when = deadlines.f4_care_callback_due(
            base,
            category,
            regular_months=ctx.policy.care_regular_months,
            vip_months=ctx.policy.care_vip_months,
            tz=ctx.tz,
        )
        if when <= upto:
            due[c.id] = max(when, soonest)
    contacts = _primary_contacts(due)
    for customer_id, when in sorted(due.items()):
        create_callback(
            ctx,
            kind="F4",
            due_at=when,
            customer_id=customer_id,
            contact_id=contacts.get(customer_id),
            owner_id=owner,
        )
        res.add("F4")


def _schedule_inspections(
    ctx: ServiceContext, upto: pendulum.DateTime, owner: int, res: ScheduleResult
) -> None:
    """F4: key/VIP units get 1-2 on-site inspections a year, scheduled like any
    promise: one open at a time, 12 / inspections_per_year months after the last."""
    per_year = ctx.policy.inspections_per_year
    if per_year <= 0:
        return
    months = max(1, 12 // per_year)
    has_open = {
        r.customer_id
        for r in Callback.select(Callback.customer).where(
            (Callback.kind == "inspection") & (Callback.status == "open")
        )
    }
    last_due = fn.MAX(fn.COALESCE(Callback.first_due_at, Callback.due_at))
    last = {
        r.customer_id: r.last
        for r in Callback.select(Callback.customer, last_due.alias("last"))
        .where(Callback.kind == "inspection")
        .group_by(Callback.customer)
    }
    soonest = _end_of_work(ctx)
    due: dict[int, pendulum.DateTime] = {}
    units = Customer.select(Customer.id, Customer.sold_at, Customer.created_at).where(
        Customer.category.in_(CARE_CATEGORIES_FOR_HOLIDAYS)
    )
    for c in units:
        if c.id in has_open:
            continue
        base = Callback.due_at.python_value(last.get(c.id) or c.sold_at or c.created_at)
        when = pendulum.instance(base).in_tz(ctx.tz).add(months=months).in_tz("UTC")
        if when <= upto:
            due[c.id] = max(when, soonest)
    contacts = _primary_contacts(due)
    for customer_id, when in sorted(due.items()):
        create_callback(
            ctx,
            kind="inspection",
            due_at=when,
            customer_id=customer_id,
            contact_id=contacts.get(customer_id),
            owner_id=owner,
            due_rule="F4",
        )
        res.add("inspection")


def _exists(kind: str, start: datetime, end: datetime, **link: int) -> bool:
    q = Callback.select(Callback.id).where(
        (Callback.kind == kind) & (Callback.due_at >= start) & (Callback.due_at < end)
    )
    for name, value in link.items():
        q = q.where(getattr(Callback, name) == value)
    return q.exists()


def _birthday_in(born: date, year: int) -> date:
    try:
        return born.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 2, 28)


def _schedule_birthdays(
    ctx: ServiceContext, upto: pendulum.DateTime, owner: int, res: ScheduleResult
) -> None:
    cal = ctx.calendar()
    today, last = cal.local_date(ctx.now()), cal.local_date(upto)
    contacts = Contact.select().where(
        Contact.birthday.is_null(False) & (Contact.left_company == False)  # noqa: E712
    )
    for contact in contacts:
        for year in {today.year, last.year}:
            day = _birthday_in(contact.birthday, year)  # type: ignore[arg-type]  # the query keeps birthdays set
            if not today <= day <= last:
                continue
            start = cal.at_local(day, datetime.min.time())
            if _exists("birthday", start, start.add(days=1), contact=contact.id):
                continue
            create_callback(
                ctx,
                kind="birthday",
                due_at=cal.working_day_end(day),
                customer_id=contact.customer_id,
                contact_id=contact.id,
                owner_id=owner,
            )
            res.add("birthday")


def holidays_ahead(cal: BusinessCalendar, start: date, end: date) -> list[tuple[date, str]]:
    """First days of the public holidays starting in (start, end], with their names."""
    out = []
    day = start + timedelta(days=1)
    while day <= end:
        name = cal.holiday_name(day)
        if name and cal.day_kind(day) == HOLIDAY:
            before = day - timedelta(days=1)
            if cal.holiday_name(before) != name or cal.is_working_day(before):
                out.append((day, name))
        day += timedelta(days=1)
    return out


def _schedule_holidays(
    ctx: ServiceContext, upto: pendulum.DateTime, owner: int, res: ScheduleResult
) -> None:
    """Holiday greetings to VIP and key units, due by the end of the last working
    day before the holiday ("节即将到来")."""
    cal = ctx.calendar()
    now = ctx.now()
    today = cal.local_date(now)
    units = [
        c.id
        for c in Customer.select(Customer.id).where(
            Customer.category.in_(CARE_CATEGORIES_FOR_HOLIDAYS)
        )
    ]
    if not units:
        return
    contacts = _primary_contacts(units)
    for first_day, _name in holidays_ahead(cal, today, cal.local_date(upto)):
        due = cal.working_day_end(cal.previous_working_day(first_day))
        if due < now:
            continue
        for customer_id in units:
            if _exists(
                "holiday", due.subtract(minutes=1), due.add(minutes=1), customer=customer_id
            ):
                continue
            create_callback(
                ctx,
                kind="holiday",
                due_at=due,
                customer_id=customer_id,
                contact_id=contacts.get(customer_id),
                owner_id=owner,
            )
            res.add("holiday")


def _care_owner(ctx: ServiceContext) -> int:
    """Care calls are the service specialist's work (回访专员), not whoever happened
    to open the list: the first active specialist, else the person scheduling."""
    from hotline_tui.store.models import Staff

    for person in Staff.select().where(Staff.active).order_by(Staff.agent_no):
        if person.has_role("specialist"):
            return person.id
    return ctx.actor.id


def schedule_care_callbacks(
    ctx: ServiceContext,
    upto: Any = None,
    *,
    birthdays: bool = True,
    holidays: bool = True,
    owner_id: int | None = None,
) -> ScheduleResult:
    """F4 (and the optional birthday and holiday care calls): create every care
    callback due by `upto` (default: two weeks ahead) that does not exist yet."""
    horizon = _horizon(ctx, upto)
    owner = owner_id if owner_id is not None else _care_owner(ctx)
    res = ScheduleResult()
    with writing(ctx, "callback.schedule"):
        _schedule_f4(ctx, horizon, owner, res)
        _schedule_inspections(ctx, horizon, owner, res)
        if birthdays:
            _schedule_birthdays(ctx, horizon, owner, res)
        if holidays:
            _schedule_holidays(ctx, horizon, owner, res)
    return res
