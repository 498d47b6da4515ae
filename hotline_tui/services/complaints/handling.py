"""Complaints: the registration form (C1, C6) and every step of their handling
(C2-C5, C7), each a ComplaintEvent plus an audit entry.

`Complaint.due_at`/`due_rule`/`owner` always name the next deadline and who owes
it, so the desk and the manager's open-items list show complaints by time to
breach without knowing this workflow. Reading (lists, the timeline, C8, the
prefill from a call or callback) is in `complaint_queries.py`; the form's field
checks are in `complaint_form.py`.
"""

from __future__ import annotations

from typing import Any

from hotline_tui.domain import complaint_flow as flow
from hotline_tui.domain import deadlines
from hotline_tui.domain.errors import NotFound, ValidationError
from hotline_tui.services.base import (
    ServiceContext,
    audit,
    bump_version,
    next_number,
    snapshot,
    writing,
)
from hotline_tui.services.complaints.form import (  # noqa: F401 - re-exported for callers
    REQUIRED,
    _choice,
    _staff,
    check_form,
    find_staff,
    text,
)
from hotline_tui.store.models import Complaint, ComplaintEvent, Customer


def _event(ctx: ServiceContext, c: Complaint, kind: str, **detail: Any) -> ComplaintEvent:
    return ComplaintEvent.create(
        complaint=c, at=ctx.now(), actor=ctx.actor, kind=kind, detail=detail
    )


def register_complaint(ctx: ServiceContext, **data: Any) -> Complaint:
    """C1, C6: register the form. Until the supervisor confirms it (C2) it waits
    for that check, on the response clock from the complaint time so it is not
    buried; the C3 clock itself starts at the confirmation."""
    values = check_form(ctx, data)
    with writing(ctx, "complaint.register"):
        received = values["received_at"]
        c = Complaint.create(
            ref_no=next_number("TS", ctx.local(ctx.now()).date()),
            receiver=ctx.actor,
            owner=ctx.actor,
            status=flow.REGISTERED,
            due_at=deadlines.c3_complaint_response_due(
                received, minutes=ctx.policy.complaint_response_minutes
            ),
            due_rule="C2",
            **values,
        )
        _event(ctx, c, "register", source=c.source, gm_call=is_key_customer(c))
        audit(ctx, "complaint.register", c)
    return c


def is_key_customer(c: Complaint) -> bool:
    """C3: for a key customer the general manager calls."""
    if not c.customer_id:
        return False
    customer = Customer.get_or_none(Customer.id == c.customer_id)
    return customer is not None and customer.category == "key"


def _load(complaint_id: int) -> Complaint:
    c = Complaint.get_or_none(Complaint.id == complaint_id)
    if c is None:
        raise NotFound("Complaint {id} does not exist", id=complaint_id)
    return c


def _step(
    ctx: ServiceContext,
    complaint_id: int,
    action: str,
    expected_version: int | None,
    apply: Any,
    **detail: Any,
) -> Complaint:
    """One workflow step: table check, the change, version bump, event, audit."""
    row = next(t for t in flow.TRANSITIONS if t.action == action)
    with writing(ctx, row.permission):
        c = _load(complaint_id)
        step = flow.transition(c.status, action, ctx.actor.role_list)
        if step.permission == "complaint.respond" and not (
            c.owner_id == ctx.actor.id or ctx.can("complaint.handle")
        ):
            raise ValidationError(
                "owner", "Only the responsible person or a supervisor may do this step"
            )
        before = snapshot(c)
        source_state = c.status
        target = apply(c) or step.target
        if target:
            c.status = target
        bump_version(c, expected_version, ctx.actor.agent_no)
        _event(ctx, c, action, from_state=source_state, to_state=c.status, **detail)
        audit(ctx, f"complaint.{action}", c, before=before)
    return c


def check_complaint(
    ctx: ServiceContext,
    complaint_id: int,
    *,
    responsible: str,
    owner_id: int | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Complaint:
    """C2: a true complaint goes, registered in full, to the responsible department/person."""
    responsible = text("responsible", responsible, required=True)
    note = text("note", note)
    owner = _staff("owner_id", owner_id) or ctx.actor

    def apply(c: Complaint) -> None:
        c.valid = True
        c.responsible = responsible
        c.owner = owner
        # C3: the responsible person's clock starts now, at the confirmation
        c.due_at = deadlines.c3_complaint_response_due(
            ctx.now(), minutes=ctx.policy.complaint_response_minutes
        )
        c.due_rule = "C3"

    return _step(
        ctx,
        complaint_id,
        flow.CHECK,
        expected_version,
        apply,
        responsible=responsible,
        owner=owner.agent_no,
        note=note,
    )


def archive_complaint(
    ctx: ServiceContext, complaint_id: int, *, explanation: str, expected_version: int | None = None
) -> Complaint:
    """C2: outside the service contract: explained to the customer, archived, not counted."""
    explanation = text("explanation", explanation, required=True)

    def apply(c: Complaint) -> None:
        c.valid = False
        c.due_at, c.due_rule, c.closed_at = None, "", ctx.now()

    return _step(ctx, complaint_id, flow.ARCHIVE, expected_version, apply, explanation=explanation)


def handle_complaint(
    ctx: ServiceContext,
    complaint_id: int,
    *,
    responsible: str | None = None,
    owner_id: int | None = None,
    cause: str | None = None,
    measures: str | None = None,
    expected_version: int | None = None,
) -> Complaint:
    """C3: who is responsible, the cause, the measures; may hand it to another person."""
    changes: dict[str, Any] = {}
    for name, value in (("responsible", responsible), ("cause", cause), ("measures", measures)):
        if value is not None:
            changes[name] = text(name, value, required=name == "responsible")
    owner = _staff("owner_id", owner_id)
    if not changes and owner is None:
        raise ValidationError("cause", "Nothing to record")

    def apply(c: Complaint) -> None:
        for name, value in changes.items():
            setattr(c, name, value)
        if owner is not None:
            c.owner = owner

    detail = dict(changes, **({"owner": owner.agent_no} if owner else {}))
    return _step(ctx, complaint_id, flow.HANDLE, expected_version, apply, **detail)


def respond_complaint(
    ctx: ServiceContext,
    complaint_id: int,
    *,
    response: str,
    note: str = "",
    cause: str | None = None,
    measures: str | None = None,
    expected_version: int | None = None,
) -> Complaint:
    """C3: the customer is contacted (new service, apology or compensation)."""
    response = _choice(
        "response", response, flow.RESPONSES, "Choose new service, apology or compensation"
    )
    note = text("note", note)
    cause = None if cause is None else text("cause", cause)
    measures = None if measures is None else text("measures", measures)

    def apply(c: Complaint) -> None:
        c.cause = cause if cause else c.cause
        c.measures = measures if measures else c.measures
        if not c.cause:
            raise ValidationError("cause", "Find the cause before contacting the customer (C3)")
        if not c.measures:
            raise ValidationError("measures", "Decide the measures before contacting the customer")
        c.responded_at = ctx.now()
        c.due_at, c.due_rule = None, ""  # waiting for the result of the measures

    return _step(
        ctx,
        complaint_id,
        flow.RESPOND,
        expected_version,
        apply,
        response=response,
        note=note,
        on_time=_on_time(ctx, complaint_id),
    )


def _on_time(ctx: ServiceContext, complaint_id: int) -> bool | None:
    c = Complaint.get_or_none(Complaint.id == complaint_id)
    if c is None or c.due_at is None:
        return None
    return not deadlines.is_overdue(c.due_at, ctx.now())


def _supervisor_of(c: Complaint) -> int | None:
    """Who checked it (C2) verifies it (C4)."""
    ev = (
        ComplaintEvent.select()
        .where((ComplaintEvent.complaint == c) & (ComplaintEvent.kind == flow.CHECK))
        .order_by(ComplaintEvent.at.desc())
        .first()
    )
    return ev.actor_id if ev else None


def result_returned(
    ctx: ServiceContext, complaint_id: int, *, result: str, expected_version: int | None = None
) -> Complaint:
    """C4: the result is back; the supervisor verifies within 1 working day."""
    result = text("result", result, required=True)

    def apply(c: Complaint) -> None:
        c.result_at = ctx.now()
        c.due_at = deadlines.c4_verification_due(
            c.result_at, ctx.calendar(), working_days=ctx.policy.complaint_verify_working_days
        )
        c.due_rule = "C4"
        c.owner = _supervisor_of(c) or c.owner_id  # type: ignore[assignment]  # an id is a key

    return _step(ctx, complaint_id, flow.RESULT, expected_version, apply, result=result)


def verify_complaint(
    ctx: ServiceContext,
    complaint_id: int,
    *,
    resolved: bool,
    note: str = "",
    expected_version: int | None = None,
) -> Complaint:
    """C4: the supervisor asks the customer; an unresolved complaint goes to the vendor."""
    note = text("note", note, required=not resolved)

    def apply(c: Complaint) -> str:
        c.verified_at, c.resolved = ctx.now(), bool(resolved)
        if resolved:
            c.due_at, c.due_rule = None, ""
        # unresolved: the C4 clock stands until it is escalated
        return flow.verify_target(bool(resolved))

    return _step(
        ctx,
        complaint_id,
        flow.VERIFY,
        expected_version,
        apply,
        resolved=bool(resolved),
        note=note,
        on_time=_on_time(ctx, complaint_id),
    )


def escalate_complaint(
    ctx: ServiceContext,
    complaint_id: int,
    *,
    note: str,
    vendor_ref: str = "",
    expected_version: int | None = None,
) -> Complaint:
    """C4: unresolved: escalated to the vendor; its result comes back as a new result."""
    note = text("note", note, required=True)
    vendor_ref = text("vendor_ref", vendor_ref)

    def apply(c: Complaint) -> None:
        c.escalated_at = ctx.now()
        c.due_at, c.due_rule = None, ""

    return _step(
        ctx, complaint_id, flow.ESCALATE, expected_version, apply, note=note, vendor_ref=vendor_ref
    )


def close_complaint(
    ctx: ServiceContext,
    complaint_id: int,
    *,
    corrective: str,
    preventive: str,
    expected_version: int | None = None,
) -> Complaint:
    """C7: closed only with corrective and preventive measures; C5 clock for the vendor."""
    corrective = text("corrective", corrective, required=True)
    preventive = text("preventive", preventive, required=True)

    def apply(c: Complaint) -> str:
        c.corrective, c.preventive, c.closed_at = corrective, preventive, ctx.now()
        target = flow.close_target(c.source)
        if target == flow.VENDOR_REPORT:
            c.due_at = deadlines.c5_vendor_report_due(
                c.closed_at, ctx.calendar(), working_days=ctx.policy.vendor_report_working_days
            )
            c.due_rule = "C5"
        else:
            c.due_at, c.due_rule = None, ""
        return target

    return _step(
        ctx,
        complaint_id,
        flow.CLOSE,
        expected_version,
        apply,
        corrective=corrective,
        preventive=preventive,
    )


def report_to_vendor(
    ctx: ServiceContext, complaint_id: int, *, note: str, expected_version: int | None = None
) -> Complaint:
    """C5: the result of a vendor-forwarded complaint is reported back to the vendor."""
    note = text("note", note, required=True)

    def apply(c: Complaint) -> None:
        c.vendor_reported_at = ctx.now()
        c.due_at, c.due_rule = None, ""

    return _step(
        ctx,
        complaint_id,
        flow.REPORT,
        expected_version,
        apply,
        note=note,
        on_time=_on_time(ctx, complaint_id),
    )
