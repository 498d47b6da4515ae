"""On-site dispatch requests (H8, D1-D6).

`request_dispatch` is the entry point used by call intake and by other
departments; the verify/assign/visit flow builds on it."""

from __future__ import annotations

from hotline_tui.domain.errors import NotFound, ValidationError
from hotline_tui.services.base import ServiceContext, audit, next_number, writing
from hotline_tui.store.models import Call, Customer, DispatchEvent, DispatchRequest


def request_dispatch(
    ctx: ServiceContext,
    *,
    customer_id: int,
    problem: str,
    call_id: int | None = None,
    contact_id: int | None = None,
    source: str = "hotline",
) -> DispatchRequest:
    """H8: a request for on-site service goes to the manager for checking (D1)."""
    problem = (problem or "").strip()
    if not problem:
        raise ValidationError("problem", "Describe the problem for the on-site engineer")
    if len(problem) > 5000:
        raise ValidationError("problem", "At most {n} characters", n=5000)
    with writing(ctx, "dispatch.request"):
        if Customer.get_or_none(Customer.id == customer_id) is None:
            raise NotFound("Customer {id} does not exist", id=customer_id)
        if call_id is not None and Call.get_or_none(Call.id == call_id) is None:
            raise NotFound("Call {id} does not exist", id=call_id)
        now = ctx.now()
        req = DispatchRequest.create(
            order_no=next_number("PD", ctx.local(now).date()),
            call=call_id,
            customer=customer_id,
            contact=contact_id,
            source=source,
            problem=problem,
            state="requested",
            requested_by=ctx.actor,
            created_at=now,
            updated_at=now,
        )
        DispatchEvent.create(
            request=req, at=now, actor=ctx.actor, from_state="", to_state="requested"
        )
        audit(ctx, "dispatch.request", req)
    return req
