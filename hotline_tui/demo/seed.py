"""Demo data (`hotline demo`): a realistic desk in Chinese, the same for the same seed.

The sources are hand-written TOML files in `data/demo/` (staff, word lists for
units, the problem library). Everything is written through the services where
they exist, so audit entries and phone indexes are right, and everything is
placed relative to the clock's "now", so the desk shows live countdowns on any
day. Each bulk step is one transaction, so the whole seed takes a few seconds.
"""

from __future__ import annotations

import random
import tomllib
from datetime import date, timedelta
from typing import Any

from hotline_tui import paths
from hotline_tui.config import Settings
from hotline_tui.demo.work import seed_work
from hotline_tui.domain.clock import Clock, FixedClock, SystemClock
from hotline_tui.domain.errors import ValidationError
from hotline_tui.i18n import N_, _
from hotline_tui.services.base import ServiceContext, audit, business_calendar, transaction
from hotline_tui.store.models import Customer, Staff

DEMO_DIR = paths.DATA_DIR / "demo"


def load_source(name: str) -> dict[str, Any]:
    """One of the hand-written demo sources in data/demo/."""
    with (DEMO_DIR / f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


def has_data() -> bool:
    """True once anybody is on the staff: `hotline demo --if-empty` leaves it alone."""
    return Staff.select().exists()


def seed_demo(
    settings: Settings, seed: int = 7, clock: Clock | None = None, *, units: int = 200
) -> str:
    """Fill an empty database with the demo desk; returns a one-line summary."""
    if has_data():
        raise ValidationError(
            "database", "The database already has staff; demo data goes into an empty database"
        )
    clock = clock or SystemClock()
    rng = random.Random(seed)
    manager = _bootstrap_manager(settings, clock)
    ctx = ServiceContext(actor=manager, settings=settings, clock=clock)
    staff = _seed_staff(ctx)
    _seed_passwords(ctx, staff)
    shifts = _seed_roster(ctx, staff)
    customers = _seed_customers(ctx, staff, rng, units)
    entries = _seed_library(ctx)
    work = seed_work(ctx, staff, customers, rng)
    counts = {
        N_("{n} staff"): len(staff),
        N_("{n} roster shifts"): shifts,
        N_("{n} customer units"): len(customers),
        N_("{n} library entries"): entries,
        **work,
    }
    return _(", ").join(_(what, n=n) for what, n in counts.items())


# -- staff and roster ------------------------------------------------------------


def _bootstrap_manager(settings: Settings, clock: Clock) -> Staff:
    """The "system" bootstrap: the first manager is created directly, then acts."""
    first = next(s for s in load_source("staff")["staff"] if "manager" in s["roles"])
    with transaction():
        manager = Staff.create(
            agent_no=first["agent_no"],
            name=first["name"],
            roles=first["roles"],
            department=first.get("department", ""),
            phone=first.get("phone", ""),
            created_at=clock.now(),
        )
        ctx = ServiceContext(actor=manager, settings=settings, clock=clock)
        audit(ctx, "staff.create", manager)
    return manager


def _seed_staff(ctx: ServiceContext) -> dict[str, Staff]:
    from hotline_tui.services.auth.staff import create_staff

    out = {ctx.actor.agent_no: ctx.actor}
    with transaction():
        for s in load_source("staff")["staff"]:
            if s["agent_no"] in out:
                continue
            out[s["agent_no"]] = create_staff(
                ctx,
                s["agent_no"],
                s["name"],
                s["roles"],
                department=s.get("department", ""),
                phone=s.get("phone", ""),
            )
    return out


def demo_password(agent_no: str) -> str:
    """A demo staff member's password: public, so never on a real database."""
    return f"hotline-{agent_no}"


def _seed_passwords(ctx: ServiceContext, staff: dict[str, Staff]) -> None:
    from hotline_tui.services.auth.sign_in import set_password

    for no in sorted(staff):
        set_password(ctx, no, demo_password(no))


def demo_sign_ins() -> list[tuple[str, str, str]]:
    """(agent no., name, password) of each demo staff member, for `hotline demo`."""
    return [
        (s.agent_no, s.name, demo_password(s.agent_no))
        for s in Staff.select().order_by(Staff.agent_no)
    ]


def operators(staff: dict[str, Staff]) -> list[Staff]:
    """The people who take hotline duty, by agent number."""
    return [s for no, s in sorted(staff.items()) if s.has_role("operator")]


def _seed_roster(ctx: ServiceContext, staff: dict[str, Staff]) -> int:
    """R1: this week's duty, Monday to Sunday, weekends and holidays included."""
    from hotline_tui.services.duty.roster import assign  # through the service: R1 checks, audit

    cal = business_calendar(ctx.settings)
    local = ctx.local(ctx.now())
    today = date(local.year, local.month, local.day)  # a plain date: drivers refuse pendulum's
    monday = today - timedelta(days=today.weekday())
    ops = operators(staff)
    count, turn = 0, 0
    with transaction():
        for offset in range(7):
            day = monday + timedelta(days=offset)
            working = cal.is_working_day(day)
            for shift in ctx.settings.shifts:
                # Working days: two on the day shift; otherwise one per shift.
                need = 2 if working and shift == ctx.settings.shifts[0] else 1
                for _ in range(need):
                    person = ops[turn % len(ops)]
                    turn += 1
                    assign(ctx, day, shift.code, person.id)
                    count += 1
    return count


def _weighted(rng: random.Random, table: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


# Mobile number segments in real use (H4 lookups must cope with all of them).
MOBILE_PREFIXES = (
    *(f"13{d}" for d in range(10)),
    *(f"15{d}" for d in (0, 1, 2, 3, 5, 6, 7, 8, 9)),
    *(f"18{d}" for d in range(10)),
    "147",
    "166",
    "173",
    "176",
    "177",
    "178",
    "191",
    "198",
    "199",
)


def mobile(rng: random.Random) -> str:
    digits = rng.choice(MOBILE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(8))
    return f"{digits[:3]} {digits[3:7]} {digits[7:]}" if rng.random() < 0.5 else digits


def landline(rng: random.Random, area: str) -> str:
    number = rng.choice("2345678") + "".join(rng.choice("0123456789") for _ in range(7))
    ext = f" 转 {rng.randint(801, 899)}" if rng.random() < 0.15 else ""
    return f"{area}-{number[:4]} {number[4:]}{ext}"


def _unit_data(rng: random.Random, src: dict[str, Any], used: set[str]) -> dict[str, Any]:
    names, people = src["names"], src["people"]
    while True:
        city = rng.choice(src["city"])
        firm = rng.choice(names["firm"])
        industry, industry_en = rng.choice(names["industry"])
        name = f"{city['name']}{firm}{industry}{rng.choice(names['suffix'])}"
        if name not in used:
            used.add(name)
            break
    street = rng.choice(city["streets"])
    address = f"{city['province']}{city['name']}市{street}{rng.randint(1, 399)}号"
    contacts = []
    for i in range(rng.choice((1, 1, 2, 2, 3))):
        male = rng.random() < 0.45
        given = rng.choice(people["male"] if male else people["female"])
        contacts.append(
            {
                "name": rng.choice(people["surnames"]) + given,
                "title": "先生" if male else "女士",
                "position": rng.choice(people["positions"]),
                "mobile": mobile(rng),
                "phone": landline(rng, city["area"]) if rng.random() < 0.7 else "",
                "email": f"fin{rng.randint(100, 999)}@{industry_en.replace(' ', '')}{rng.randint(1, 99)}.cn",
                "im": f"QQ {rng.randint(10_000_000, 2_999_999_999)}" if rng.random() < 0.6 else "",
                "is_primary": i == 0,
            }
        )
    products = []
    for prod in rng.sample(src["product"], k=rng.choice((1, 1, 1, 2))):
        k = rng.randint(2, min(5, len(prod["modules"])))
        products.append(
            {
                "product": prod["name"],
                "version": rng.choice(prod["versions"]),
                "modules": ",".join(rng.sample(prod["modules"], k=k)),
                "dongle_no": f"HX{rng.randint(10_000_000, 99_999_999)}",
                "serial_no": f"SN{rng.randint(2015, 2026)}{rng.randint(100_000, 999_999)}",
            }
        )
    return {
        "name": name,
        "short_name": f"{city['name']}{firm}",
        "address": address,
        "website": f"www.{industry_en.replace(' ', '')}{rng.randint(1, 999)}.com.cn",
        "industry": industry,
        "category": _weighted(rng, [("regular", 75), ("vip", 20), ("key", 5)]),
        "confidentiality": _weighted(
            rng, [("secret", 85), ("confidential", 12), ("top_secret", 3)]
        ),
        "contacts": contacts,
        "products": products,
    }


def _seed_customers(
    ctx: ServiceContext, staff: dict[str, Staff], rng: random.Random, count: int = 200
) -> list[Customer]:
    """~200 units; most checked in the last 3 months, some overdue for review (S1),
    a few sold this week with their first-visit task (S3)."""
    from hotline_tui.services.customers.contacts import create_customer

    src = load_source("units")
    used: set[str] = set()
    specialist = next((s for s in staff.values() if s.has_role("specialist")), ctx.actor)
    now = ctx.now()
    units = []
    with transaction():
        for i in range(count):
            data = _unit_data(rng, src, used)
            if i % 40 == 5:  # sold this week: the specialist makes the first visit (S3)
                at = now.subtract(days=rng.randint(0, 4), hours=rng.randint(1, 8))
                actor, data["sold_at"] = specialist, at
            elif rng.random() < 0.12:  # not checked for longer than the review period (S1)
                at, actor = now.subtract(days=rng.randint(100, 500)), ctx.actor
            else:
                at, actor = (
                    now.subtract(days=rng.randint(5, 85), hours=rng.randint(0, 9)),
                    ctx.actor,
                )
            start = date(at.year, at.month, at.day) - timedelta(days=rng.randint(0, 300))
            data["contract_start"] = start
            data["contract_end"] = start + timedelta(days=365)
            when = ServiceContext(actor=actor, settings=ctx.settings, clock=FixedClock(at))
            units.append(create_customer(when, **data))
    return units


# -- problem library -------------------------------------------------------------------


def _seed_library(ctx: ServiceContext) -> int:
    """The hand-written library (H9), written through the library service."""
    from hotline_tui.services.library.entries import create_entry

    entries = load_source("library")["entry"]
    with transaction():
        for e in entries:
            create_entry(ctx, status="published", **e)
    return len(entries)
