"""Destroying a customer file (S2): asked for with a reason, done only with a
manager's approval (not the asker's own), and then the unit's personal data is
wiped: contacts removed, the name replaced, the address and notes cleared.
Calls and other records keep their own text and lose only the link to the people."""

from __future__ import annotations

from hotline_tui.domain.errors import InvalidTransition, NotFound, ValidationError
from hotline_tui.services.base import ServiceContext, audit, clean_text, snapshot, writing
from hotline_tui.store.models import Contact, ContactPhone, Customer


def _get(customer_id: int) -> Customer:
    c = Customer.get_or_none(Customer.id == customer_id)
    if c is None:
        raise NotFound("Customer {id} does not exist", id=customer_id)
    if c.destroyed_at is not None:
        raise InvalidTransition("This customer file has been destroyed")
    return c


def request_destruction(ctx: ServiceContext, customer_id: int, reason: str) -> Customer:
    """S2: ask for a file to be destroyed; nothing is removed yet."""
    reason = clean_text("reason", reason, 300)
    if not reason:
        raise ValidationError("reason", "Say why the file is to be destroyed")
    with writing(ctx, "customer.update"):
        c = _get(customer_id)
        before = snapshot(c)
        c.destroy_reason, c.destroy_requested_by = reason, ctx.actor
        c.updated_at = ctx.now()
        c.save()
        audit(ctx, "customer.destroy_request", c, before=before)
    return c


def approve_destruction(ctx: ServiceContext, customer_id: int) -> Customer:
    """S2: a manager other than the asker approves; the personal data goes."""
    with writing(ctx, "customer.destroy"):
        c = _get(customer_id)
        if not c.destroy_reason:
            raise ValidationError("reason", "No one has asked for this file to be destroyed")
        if c.destroy_requested_by_id == ctx.actor.id:
            raise ValidationError(
                "approver", "Another manager must approve destroying a file you asked for"
            )
        before = snapshot(c)
        ids = [k.id for k in Contact.select(Contact.id).where(Contact.customer == c.id)]
        if ids:
            ContactPhone.delete().where(ContactPhone.contact.in_(ids)).execute()
            Contact.delete().where(Contact.id.in_(ids)).execute()
        c.name = f"已销毁档案 {c.id}"
        c.short_name = c.address = c.website = c.notes = ""
        c.destroyed_at = c.updated_at = ctx.now()
        c.save()
        audit(ctx, "customer.destroy", c, before=before)
    return c
