"""Customers and contacts (S1), caller lookup by phone (H4), and the
confidentiality rule for reading a customer file (S2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from hotline_tui.domain.errors import NotFound, ValidationError
from hotline_tui.domain.phone import InvalidPhone, lookup_keys, normalize_phone
from hotline_tui.i18n import N_
from hotline_tui.services.base import ServiceContext, audit, clean_text, snapshot, writing
from hotline_tui.services.customers.secrecy import (
    RESTRICTED_LEVELS,
    is_restricted,
    level_now,
    log_access,
    mask_contact,
    mask_customer,
    mask_product,
    may_read_full,
    require_edit,
    today_of,
)
from hotline_tui.store.models import Contact, ContactPhone, Customer, CustomerProduct

CATEGORIES = {"regular": N_("Regular"), "vip": N_("VIP"), "key": N_("Key customer")}
LEVELS = {
    "secret": N_("Secret"),
    "confidential": N_("Confidential"),
    "top_secret": N_("Top secret"),
}
__all__ = ["RESTRICTED_LEVELS", "may_read_full"]

_CUSTOMER_FIELDS = {
    "name",
    "short_name",
    "address",
    "website",
    "category",
    "confidentiality",
    "industry",
    "contract_start",
    "contract_end",
    "sold_at",
    "notes",
    "installed_on",  # S4
    "secrecy_until",  # S2
    "specialist_id",  # S1
    "specialist_no",  # S1: the same, by agent number as typed on a form
}
_CONTACT_FIELDS = {
    "name",
    "title",
    "position",
    "phone",
    "mobile",
    "email",
    "im",
    "birthday",
    "is_primary",
}


def _text(field_name: str, value: Any, limit: int, required: bool = False) -> str:
    return clean_text(field_name, value, limit, required=required)


def _check_customer(data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - _CUSTOMER_FIELDS
    if unknown:
        raise ValidationError(sorted(unknown)[0], "Unknown field")
    out = dict(data)
    if "name" in out:
        out["name"] = _text("name", out["name"], 200, required=True)
    for key, limit in (("short_name", 64), ("address", 300), ("website", 200), ("industry", 64)):
        if key in out:
            out[key] = _text(key, out[key], limit)
    if "notes" in out:
        out["notes"] = _text("notes", out["notes"], 5000)
    if "category" in out and (
        not isinstance(out["category"], str) or out["category"] not in CATEGORIES
    ):
        raise ValidationError("category", "Category must be regular, VIP or key")
    if "confidentiality" in out and (
        not isinstance(out["confidentiality"], str) or out["confidentiality"] not in LEVELS
    ):
        raise ValidationError("confidentiality", "Unknown confidentiality level")
    if "specialist_no" in out:  # S1: typed as an agent number; empty clears it
        from hotline_tui.store.models import Staff

        number = str(out.pop("specialist_no") or "").strip()
        who = Staff.get_or_none((Staff.agent_no == number) & Staff.active) if number else None
        if number and who is None:
            raise ValidationError(
                "specialist_no", "No staff member with agent number {no}", no=number
            )
        out["specialist_id"] = who.id if who else None
    for key in ("installed_on", "secrecy_until"):  # S4, S2: typed as 2026-10-10; empty clears
        if isinstance(out.get(key), str):
            text = out[key].strip()
            try:
                out[key] = date.fromisoformat(text) if text else None
            except ValueError:
                raise ValidationError(key, "Give a date like 2026-10-10") from None
    if out.get("specialist_id") is not None:  # S1: the responsible service specialist
        from hotline_tui.store.models import Staff

        sid = out["specialist_id"]
        ok = isinstance(sid, int) and not isinstance(sid, bool)
        if not ok or Staff.get_or_none((Staff.id == sid) & Staff.active) is None:
            raise ValidationError("specialist_id", "Choose an active staff member")
    for key in ("contract_start", "contract_end", "installed_on", "secrecy_until"):
        if out.get(key) is not None and (
            not isinstance(out[key], date) or isinstance(out[key], datetime)
        ):
            raise ValidationError(key, "Give a date like 2026-10-10")
    if out.get("sold_at") is not None and (
        not isinstance(out["sold_at"], datetime) or out["sold_at"].tzinfo is None
    ):
        raise ValidationError("sold_at", "A due time with its time zone is required")
    return out


def _check_contact(data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - _CONTACT_FIELDS
    if unknown:
        raise ValidationError(sorted(unknown)[0], "Unknown field")
    out = dict(data)
    if "name" in out:
        out["name"] = _text("name", out["name"], 64, required=True)
    for key, limit in (("title", 8), ("position", 64), ("email", 120), ("im", 64)):
        if key in out:
            out[key] = _text(key, out[key], limit)
    if out.get("birthday") is not None and (
        not isinstance(out["birthday"], date) or isinstance(out["birthday"], datetime)
    ):
        raise ValidationError("birthday", "Give a date like 2026-10-10")
    if "is_primary" in out:
        out["is_primary"] = bool(out["is_primary"])
    for key in ("phone", "mobile"):
        if key in out:
            out[key] = _text(key, out[key], 64)
        if out.get(key):
            try:
                normalize_phone(out[key])
            except InvalidPhone as exc:
                raise ValidationError(key, "Not a phone number: {why}", why=str(exc)) from None
    return out


def _index_phones(contact: Contact) -> None:
    ContactPhone.delete().where(ContactPhone.contact == contact).execute()
    seen = set()
    for raw in (contact.phone, contact.mobile):
        if not raw:
            continue
        number = normalize_phone(raw)
        if number in seen:
            continue
        seen.add(number)
        ContactPhone.create(contact=contact, number=number, suffix8=number[-8:])


def create_customer(
    ctx: ServiceContext,
    products: list[dict[str, str]] | None = None,
    contacts: list[dict[str, Any]] | None = None,
    **data: Any,
) -> Customer:
    """A new customer unit with its products and contacts, in one transaction."""
    data = _check_customer(data)
    if "name" not in data:
        raise ValidationError("name", "This field is required")
    checked_contacts = [_check_contact(c) for c in contacts or []]
    # S2: only a manager sets a unit's level above the default.
    require_edit(ctx, Customer(confidentiality="secret"), data.get("confidentiality"))
    with writing(ctx, "customer.create"):
        now = ctx.now()
        customer = Customer.create(created_at=now, updated_at=now, checked_at=now, **data)
        for p in products or []:
            CustomerProduct.create(customer=customer, **p)
        for c in checked_contacts:
            contact = Contact.create(customer=customer, created_at=now, **c)
            _index_phones(contact)
        audit(ctx, "customer.create", customer)
        if data.get("sold_at"):
            _schedule_first_visit(ctx, customer, data["sold_at"])  # S3
    return customer


def _schedule_first_visit(ctx: ServiceContext, customer: Customer, sold_at: Any) -> Any:
    """S3: a sale gets a first-visit call within policy.first_visit_days (inside a transaction)."""
    from hotline_tui.domain.deadlines import s3_first_visit_due
    from hotline_tui.services.callbacks.followups import create_callback

    if getattr(sold_at, "tzinfo", None) is None:
        raise ValidationError("sold_at", "A due time with its time zone is required")
    if sold_at > ctx.now().add(minutes=5):
        raise ValidationError("sold_at", "The sale date cannot be in the future")
    primary = (
        Contact.select()
        .where((Contact.customer == customer) & (Contact.left_company == False))  # noqa: E712
        .order_by(Contact.is_primary.desc(), Contact.id)
        .first()
    )
    return create_callback(
        ctx,
        kind="S3",
        due_at=s3_first_visit_due(sold_at, days=ctx.policy.first_visit_days),
        customer_id=customer.id,
        contact_id=primary.id if primary else None,
        due_rule="S3",
    )


def register_sale(ctx: ServiceContext, customer_id: int, sold_at: Any) -> Any:
    """S3: record a sale to an existing unit and schedule its first-visit call."""
    with writing(ctx, "customer.update"):
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise NotFound("Customer {id} does not exist", id=customer_id)
        require_edit(ctx, customer)
        before = snapshot(customer)
        customer.sold_at = sold_at
        customer.updated_at = ctx.now()
        customer.version += 1
        customer.save()
        audit(ctx, "customer.sale", customer, before=before)
        return _schedule_first_visit(ctx, customer, sold_at)


def update_customer(ctx: ServiceContext, customer_id: int, **data: Any) -> Customer:
    data = _check_customer(data)
    with writing(ctx, "customer.update"):
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise NotFound("Customer {id} does not exist", id=customer_id)
        require_edit(ctx, customer, data.get("confidentiality"))
        before = snapshot(customer)
        for key, value in data.items():
            setattr(customer, key, value)
        customer.updated_at = ctx.now()
        customer.version += 1
        customer.save()
        audit(ctx, "customer.update", customer, before=before)
    return customer


def add_contact(ctx: ServiceContext, customer_id: int, **data: Any) -> Contact:
    data = _check_contact(data)
    if "name" not in data:
        raise ValidationError("name", "This field is required")
    with writing(ctx, "contact.create"):
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise NotFound("Customer {id} does not exist", id=customer_id)
        require_edit(ctx, customer)
        contact = Contact.create(customer=customer, created_at=ctx.now(), **data)
        _index_phones(contact)
        audit(ctx, "contact.create", contact)
    return contact


def update_contact(ctx: ServiceContext, contact_id: int, **data: Any) -> Contact:
    data = _check_contact(data)
    with writing(ctx, "contact.update"):
        contact = Contact.get_or_none(Contact.id == contact_id)
        if contact is None:
            raise NotFound("Contact {id} does not exist", id=contact_id)
        require_edit(ctx, contact.customer)
        before = snapshot(contact)
        for key, value in data.items():
            setattr(contact, key, value)
        contact.version += 1
        contact.save()
        _index_phones(contact)
        audit(ctx, "contact.update", contact, before=before)
    return contact


def mark_contact_left(
    ctx: ServiceContext, contact_id: int, replacement_id: int | None = None
) -> Contact:
    """S1: a contact who left is marked and, where known, replaced."""
    with writing(ctx, "contact.update"):
        contact = Contact.get_or_none(Contact.id == contact_id)
        if contact is None:
            raise NotFound("Contact {id} does not exist", id=contact_id)
        require_edit(ctx, contact.customer)
        before = snapshot(contact)
        if replacement_id is not None:
            replacement = Contact.get_or_none(Contact.id == replacement_id)
            if replacement is None or replacement.customer_id != contact.customer_id:
                raise ValidationError(
                    "replaced_by", "The replacement must be a contact of the same unit"
                )
            contact.replaced_by = replacement
        contact.left_company = True
        contact.version += 1
        contact.save()
        audit(ctx, "contact.left", contact, before=before)
    return contact


@dataclass
class CallerMatch:
    """A contact whose number matched the caller's, with their unit."""

    contact: Contact
    customer: Customer
    exact: bool


def find_caller(raw_phone: str, ctx: ServiceContext | None = None) -> list[CallerMatch]:
    """H4: identify the caller from the number in one step (exact, then by suffix).

    S2: a restricted unit shows only its name and the caller's name unless `ctx`
    may read it in full; a full match is logged on the borrowing card."""
    if not isinstance(raw_phone, str):
        raise ValidationError("phone", "Not a phone number: {why}", why=repr(raw_phone)[:20])
    try:
        keys = lookup_keys(raw_phone)
    except InvalidPhone as exc:
        raise ValidationError("phone", "Not a phone number: {why}", why=str(exc)) from None
    full, suffix = keys[0], keys[-1]
    rows = (
        ContactPhone.select(ContactPhone, Contact, Customer)
        .join(Contact)
        .join(Customer)
        .where((ContactPhone.number == full) | (ContactPhone.suffix8 == suffix))
        .limit(50)
    )
    matches: dict[int, CallerMatch] = {}
    for row in rows:
        contact = row.contact
        exact = row.number == full
        if contact.id not in matches or exact:
            matches[contact.id] = CallerMatch(contact, contact.customer, exact)
    ordered = sorted(
        matches.values(), key=lambda m: (not m.exact, m.contact.left_company, m.customer.name)
    )
    if any(m.exact for m in ordered):
        ordered = [m for m in ordered if m.exact]
    opened = [
        m.customer
        for m in ordered
        if is_restricted(m.customer, today_of(ctx)) and may_read_full(ctx, m.customer)
    ]
    for m in ordered:
        if is_restricted(m.customer, today_of(ctx)) and not may_read_full(ctx, m.customer):
            mask_contact(m.contact)
            mask_customer(m.customer)
    if ctx is not None and opened:
        log_access(ctx, opened, "lookup")
    return ordered


@dataclass
class CustomerView:
    """What the operator may see of a unit: everything, or the minimum a call needs."""

    customer: Customer
    full: bool
    contacts: list[Contact] = field(default_factory=list)
    products: list[CustomerProduct] = field(default_factory=list)


def view_customer(
    ctx: ServiceContext, customer_id: int, purpose: str = "view", contact_id: int | None = None
) -> CustomerView:
    """Open a customer file; restricted files are logged (S2, the borrowing card).

    Someone not allowed the full file of a restricted unit sees the minimum a
    call needs: the unit's name, the caller's own name (`contact_id`), product
    and version; no other contact, number, address or dongle."""
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFound("Customer {id} does not exist", id=customer_id)
    full = may_read_full(ctx, customer)
    level = level_now(customer, today_of(ctx))
    if full and level == "top_secret":
        from hotline_tui.services.auth.sign_in import require_fresh_proof

        require_fresh_proof(ctx)  # a 绝密 file in full: a recent password proof
    if level in RESTRICTED_LEVELS:
        log_access(ctx, [customer], purpose, view="full" if full else "minimum")
    contacts = list(customer.contacts.order_by(Contact.is_primary.desc(), Contact.id))
    products = list(customer.products)
    if not full:
        mask_customer(customer)
        contacts = [mask_contact(c) for c in contacts if c.id == contact_id]
        products = [mask_product(p) for p in products]
    return CustomerView(customer, full, contacts, products)


def search_customers(
    text: str, limit: int = 50, ctx: ServiceContext | None = None
) -> list[Customer]:
    """Find units by name, dongle or serial number, or a contact's phone.

    S2: the list holds the unit itself; a restricted unit's address and notes
    are left out for anyone who may not read it in full (and for a caller
    without a context); a full row of a restricted unit is logged."""
    text = (text or "").strip()
    if not text:
        return []
    query = Customer.select().where(Customer.name.contains(text)).limit(limit)
    found = {c.id: c for c in query}
    for p in CustomerProduct.select().where(
        (CustomerProduct.dongle_no == text) | (CustomerProduct.serial_no == text)
    ):
        found.setdefault(p.customer_id, p.customer)
    try:
        for m in find_caller(text):
            found.setdefault(m.customer.id, m.customer)
    except ValidationError:
        pass
    units = list(found.values())[:limit]
    shown_full = []
    for c in units:
        if not is_restricted(c, today_of(ctx)):
            continue
        if may_read_full(ctx, c):
            shown_full.append(c)
        else:
            mask_customer(c)
    if ctx is not None and shown_full:
        log_access(ctx, shown_full, "search")
    return units
