"""New units of an import written a batch at a time (S1): the same rows, phone
index and audit entries as `create_customer`, in a handful of statements per
batch instead of a dozen per unit (docs/PERFORMANCE.md: imports)."""

from __future__ import annotations

from typing import Any

from hotline_tui.domain.phone import normalize_phone
from hotline_tui.services.base import ServiceContext, snapshot
from hotline_tui.store.chain import append_many
from hotline_tui.store.models import AuditEntry, Contact, ContactPhone, Customer, CustomerProduct


def bulk_eligible(unit: dict[str, Any]) -> bool:
    """A sale date schedules a first visit (S3): such units take the slow path."""
    return not unit.get("sold_at")


def create_units(ctx: ServiceContext, groups: list[Any]) -> tuple[int, int]:
    """Insert new units with their contacts and products (inside the caller's
    transaction); one `customer.create` audit entry per unit. Returns the
    numbers of contacts and products written."""
    if not groups:
        return 0, 0
    now = ctx.now()
    Customer.insert_many(
        [{**g.unit, "created_at": now, "updated_at": now, "checked_at": now} for g in groups]
    ).execute()
    names = [g.unit["name"] for g in groups]
    ids = {
        c.name: c.id
        for c in Customer.select(Customer.id, Customer.name).where(Customer.name.in_(names))
    }
    contact_rows = [
        {**c, "customer": ids[g.unit["name"]], "created_at": now}
        for g in groups
        for c in g.contacts
    ]
    if contact_rows:
        Contact.insert_many(contact_rows).execute()
        made = (
            Contact.select(Contact.id, Contact.phone, Contact.mobile)
            .where(Contact.customer.in_(list(ids.values())))
            .order_by(Contact.id)
        )
        phones = []
        for contact in made:
            seen: set[str] = set()
            for raw in (contact.phone, contact.mobile):
                if raw:
                    number = normalize_phone(raw)
                    if number not in seen:
                        seen.add(number)
                        phones.append(
                            {"contact": contact.id, "number": number, "suffix8": number[-8:]}
                        )
        if phones:
            ContactPhone.insert_many(phones).execute()
    product_rows = [{**p, "customer": ids[g.unit["name"]]} for g in groups for p in g.products]
    if product_rows:
        CustomerProduct.insert_many(product_rows).execute()
    entries = []
    for g in groups:
        unit = Customer(
            id=ids[g.unit["name"]], created_at=now, updated_at=now, checked_at=now, **g.unit
        )
        entries.append(
            {
                "at": now,
                "actor": ctx.actor,
                "actor_no": ctx.actor.agent_no,
                "action": "customer.create",
                "record_type": "customer",
                "record_id": str(unit.id),
                "before": None,
                "after": snapshot(unit),
            }
        )
    append_many(AuditEntry, entries)
    return len(contact_rows), len(product_rows)
