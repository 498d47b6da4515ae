"""Keeping customer records current (S1) and a unit's history for the customers screen.

S1: customer data is checked and updated every `policy.customer_review_months`
months; the review list shows the records past that, oldest first, and
`mark_checked` records that a record was gone through with the customer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pendulum

from hotline_tui.domain.errors import NotFound
from hotline_tui.services.base import ServiceContext, audit, snapshot, writing
from hotline_tui.store.models import Call, Callback, Complaint, Customer, DispatchRequest


def review_cutoff(ctx: ServiceContext) -> pendulum.DateTime:
    """S1: a record last checked before this instant is due for review."""
    return ctx.now().subtract(months=ctx.policy.customer_review_months)


def due_for_review(ctx: ServiceContext, limit: int = 500) -> list[Customer]:
    """S1: units not checked for the review period (never checked first, then oldest)."""
    cutoff = review_cutoff(ctx)
    query = (
        Customer.select()
        .where(Customer.checked_at.is_null() | (Customer.checked_at < cutoff))
        .order_by(Customer.checked_at.asc(nulls="FIRST"), Customer.id)
        .limit(limit)
    )
    return list(query)


def mark_checked(ctx: ServiceContext, customer_id: int, note: str = "") -> Customer:
    """S1: the record was checked with the customer today; it leaves the review list."""
    note = (note or "").strip()[:200]
    with writing(ctx, "customer.update"):
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise NotFound("Customer {id} does not exist", id=customer_id)
        before = snapshot(customer)
        customer.checked_at = ctx.now()
        customer.updated_at = ctx.now()
        customer.version += 1
        customer.save()
        after = snapshot(customer)
        if note:
            after["check_note"] = note
        audit(ctx, "customer.checked", customer, before=before, after=after)
    return customer


@dataclass(frozen=True)
class HistoryRow:
    """One line of a unit's history: a call, dispatch, callback or complaint."""

    kind: str  # call | dispatch | callback | complaint
    id: int
    at: datetime
    ref: str
    status: str
    text: str
    due_at: datetime | None = None


@dataclass
class CustomerHistory:
    customer_id: int
    rows: list[HistoryRow] = field(default_factory=list)

    def of(self, kind: str) -> list[HistoryRow]:
        return [r for r in self.rows if r.kind == kind]


def customer_history(customer_id: int, limit: int = 200) -> CustomerHistory:
    """Calls, dispatches, callbacks and complaints of one unit, newest first."""
    if Customer.get_or_none(Customer.id == customer_id) is None:
        raise NotFound("Customer {id} does not exist", id=customer_id)
    rows: list[HistoryRow] = []
    for c in (
        Call.select()
        .where(Call.customer == customer_id)
        .order_by(Call.started_at.desc())
        .limit(limit)
    ):
        text = c.symptom or c.error_message
        rows.append(
            HistoryRow("call", c.id, c.started_at, c.ticket_no, c.status, text[:60], c.due_at)
        )
    for d in (
        DispatchRequest.select()
        .where(DispatchRequest.customer == customer_id)
        .order_by(DispatchRequest.created_at.desc())
        .limit(limit)
    ):
        rows.append(
            HistoryRow(
                "dispatch", d.id, d.created_at, d.order_no, d.state, d.problem[:60], d.due_at
            )
        )
    for cb in (
        Callback.select()
        .where(Callback.customer == customer_id)
        .order_by(Callback.due_at.desc())
        .limit(limit)
    ):
        rows.append(
            HistoryRow(
                "callback", cb.id, cb.created_at, cb.kind, cb.status, cb.result[:60], cb.due_at
            )
        )
    for cp in (
        Complaint.select()
        .where(Complaint.customer == customer_id)
        .order_by(Complaint.received_at.desc())
        .limit(limit)
    ):
        rows.append(
            HistoryRow(
                "complaint",
                cp.id,
                cp.received_at,
                cp.ref_no,
                cp.status,
                cp.description[:60],
                cp.due_at,
            )
        )
    rows.sort(key=lambda r: r.at, reverse=True)
    return CustomerHistory(customer_id, rows)


@dataclass
class CustomerFile:
    """What the customers screen shows of one unit, read in one go off the UI thread."""

    view: Any  # services.customers.CustomerView
    history: CustomerHistory
    replaced_names: dict[int, str] = field(default_factory=dict)  # contact id -> successor
    due_for_review: bool = False
    first_visit: Any = None  # the open S3 task (a Callback), if any


def open_customer_file(ctx: ServiceContext, customer_id: int) -> CustomerFile:
    """Open a unit for the customers screen: S2 view (logged when restricted) and history."""
    from hotline_tui.services.customers.contacts import view_customer
    from hotline_tui.services.customers.first_visit import first_visit_task

    view = view_customer(ctx, customer_id, purpose="view")  # "Opened the file" (S2 log)
    names = {c.id: c.name for c in view.contacts}
    replaced = {c.id: names.get(c.replaced_by_id, "") for c in view.contacts if c.replaced_by_id}
    checked = view.customer.checked_at
    return CustomerFile(
        view=view,
        history=customer_history(customer_id),
        replaced_names=replaced,
        due_for_review=checked is None or checked < review_cutoff(ctx),
        first_visit=first_visit_task(customer_id),
    )


def replace_contact(
    ctx: ServiceContext,
    contact_id: int,
    replacement_id: int | None = None,
    new_contact: dict[str, Any] | None = None,
) -> Any:
    """S1: mark a contact who left and name the successor (an existing or a new contact),
    in one transaction."""
    from hotline_tui.services.customers.contacts import add_contact, mark_contact_left
    from hotline_tui.store.models import Contact

    new_contact = {k: v for k, v in (new_contact or {}).items() if v}
    with writing(ctx, "contact.update"):
        leaving = Contact.get_or_none(Contact.id == contact_id)
        if leaving is None:
            raise NotFound("Contact {id} does not exist", id=contact_id)
        if replacement_id is None and new_contact:
            new_contact.setdefault("is_primary", leaving.is_primary)
            replacement_id = add_contact(ctx, leaving.customer_id, **new_contact).id
        return mark_contact_left(ctx, contact_id, replacement_id)
