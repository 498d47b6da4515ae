"""S2 on every path: who may read or change a restricted (机密/绝密) unit, what
the others see of it, and the borrowing card (one access-log row per record).

Every service that shows or writes a unit's data comes here rather than
deciding alone, so no list, lookup, export or printout is a way around the rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pendulum

from hotline_tui.domain import permissions
from hotline_tui.domain.errors import PermissionDenied
from hotline_tui.services.base import ServiceContext, writing
from hotline_tui.store.chain import append
from hotline_tui.store.models import AccessLog, Contact, Customer, CustomerProduct

RESTRICTED_LEVELS = ("confidential", "top_secret")  # S2: 机密, 绝密


def level_now(customer: Customer, today: date | None = None) -> str:
    """S2: the file's level today; it lapses when its secrecy period has ended."""
    from hotline_tui.domain.customer_terms import effective_level

    if today is None:
        today = pendulum.now("UTC").date()
    return effective_level(customer.confidentiality, customer.secrecy_until, today)


def today_of(ctx: ServiceContext | None) -> date | None:
    """The center's date on the acting person's clock (None: no one acting)."""
    return ctx.local(ctx.now()).date() if ctx is not None else None


def is_restricted(customer: Customer, today: date | None = None) -> bool:
    return level_now(customer, today) in RESTRICTED_LEVELS


def may_read_full(ctx: ServiceContext | None, customer: Customer) -> bool:
    """S2: restricted levels are readable in full only by managers and the roles
    the database's security policy names (never a personal settings file)."""
    if not is_restricted(customer, today_of(ctx)):
        return True
    if ctx is None:
        return False
    from hotline_tui.services.auth.security_settings import security_policy

    roles = set(ctx.actor.role_list)
    return permissions.allowed(roles, "customer.view_confidential") or bool(
        roles & set(security_policy().confidential_roles)
    )


def may_edit_restricted(ctx: ServiceContext) -> bool:
    return permissions.allowed(ctx.actor.role_list, "customer.edit_restricted")


def require_edit(ctx: ServiceContext, customer: Customer, new_level: str | None = None) -> None:
    """S2: only managers edit a restricted unit or change any unit's level."""
    if may_edit_restricted(ctx):
        return
    who = f"{ctx.actor.agent_no} {ctx.actor.name}"
    if new_level is not None and new_level != customer.confidentiality:
        raise PermissionDenied(
            "{who} may not change a unit's confidentiality level: only a manager may", who=who
        )
    if is_restricted(customer, today_of(ctx)):
        raise PermissionDenied(
            "{who} may not change a confidential or top-secret unit: only a manager may",
            who=who,
        )


def require_full(ctx: ServiceContext, customer: Customer) -> None:
    """Refuse a path that would show or write this unit in full to someone not allowed."""
    if not may_read_full(ctx, customer):
        raise PermissionDenied(
            "{who} may not read the confidential unit {unit} in full: only a manager may",
            who=f"{ctx.actor.agent_no} {ctx.actor.name}",
            unit=customer.name,
        )


def log_access(
    ctx: ServiceContext, customers: Iterable[Customer], purpose: str, view: str = "full"
) -> int:
    """The borrowing card: one access-log row per restricted unit shown or written."""
    seen: dict[int, Customer] = {}
    for c in customers:
        if c is not None and is_restricted(c, today_of(ctx)):
            seen.setdefault(c.id, c)
    if not seen:
        return 0
    with writing(ctx, "customer.view"):
        now = ctx.now()
        for c in seen.values():
            append(
                AccessLog,
                at=now,
                actor=ctx.actor,
                customer=c,
                level=c.confidentiality,
                view=view,
                purpose=purpose[:64],
            )
    return len(seen)


def guard_full(
    ctx: ServiceContext, customers: Iterable[Customer | None], purpose: str
) -> list[Customer]:
    """For a path showing units in full: refuse if any is not allowed, else log them."""
    units = [c for c in customers if c is not None]
    for c in units:
        require_full(ctx, c)
    log_access(ctx, units, purpose)
    return units


def mask_customer(customer: Customer) -> Customer:
    """The minimum a call needs of the unit itself: its name (and level, category)."""
    customer.address = customer.website = customer.notes = ""
    return customer


def mask_contact(contact: Contact) -> Contact:
    """A caller on a restricted unit: their own name only, no numbers or addresses."""
    contact.phone = contact.mobile = contact.email = contact.im = ""
    contact.birthday = None
    return contact


def mask_product(product: CustomerProduct) -> CustomerProduct:
    """Product and version stay; the dongle and serial number do not."""
    product.dongle_no = product.serial_no = ""
    return product
