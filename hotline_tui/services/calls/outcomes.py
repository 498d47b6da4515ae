"""How a call ends: one function per outcome, each one transaction (H5-H11, F1).

Every outcome takes the intake form's fields, checks what that outcome needs,
writes the call, its CallEvents and the audit entry together, and creates what
the rule promises (an F1 callback, a dispatch request). Calling back an
on-hold caller logs each attempt and its result (H6).
"""

from __future__ import annotations

from typing import Any

from hotline_tui.domain.deadlines import (
    f1_hotline_callback_due,
    h6_callback_due,
    h7_consultation_due,
)
from hotline_tui.domain.errors import InvalidTransition, NotFound, ValidationError
from hotline_tui.i18n import N_
from hotline_tui.services.base import ServiceContext, audit, bump_version, snapshot, writing
from hotline_tui.services.calls.calls import (
    SENSITIVE,
    clean_fields,
    event,
    get_call,
    require_active,
)
from hotline_tui.services.calls.ownership import require_owner
from hotline_tui.store.models import Call, Staff

OUTCOMES = {
    "solved": N_("Solved on the phone"),
    "on_hold": N_("On hold, call back within 1 hour"),
    "consultation": N_("Consultation, answer within 3 hours"),
    "dispatch": N_("On-site dispatch requested"),
    "transferred": N_("Transferred"),
    "call_back_now": N_("Caller cannot hear us, call back now"),
    "suggestion": N_("Suggestion forwarded"),
    "abandoned": N_("No conversation"),
}
#: H15: what the operator says to a customer's suggestion or opinion.
SUGGESTION_PHRASE = "您的建议很好,我们会及时转给相关部门,谢谢您的支持"
ATTEMPT_RESULTS = {
    "reached": N_("Reached the caller"),
    "no_answer": N_("No answer"),
    "busy": N_("Line busy"),
    "wrong_person": N_("Wrong person / left the unit"),
}
MIN_SYMPTOM = 4  # H3: a symptom is described, not "it does not work"


def _need(call: Call, name: str, message: str) -> None:
    if not str(getattr(call, name) or "").strip():
        raise ValidationError(name, message)


def _check_record(call: Call) -> None:
    """H3/H4: what every finished call must hold."""
    if call.customer_id is None:
        raise ValidationError(
            "customer_id", "Identify the caller's unit first (look up the phone number)"
        )
    _need(call, "symptom", N_("Describe the symptom (H3)"))
    if len(call.symptom.strip()) < MIN_SYMPTOM:
        raise ValidationError("symptom", "Describe the symptom precisely, not in a word (H3)")
    if call.category == "bug":
        _need(call, "recent_ops", N_("A software error needs the steps that produce it (H3)"))
        _need(call, "error_message", N_("A software error needs the exact error message (H3)"))


def _close(
    ctx: ServiceContext,
    call_id: int,
    fields: dict[str, Any],
    expected_version: int | None,
    *,
    status: str,
    outcome: str,
    **detail: Any,
) -> tuple[Call, dict[str, Any]]:
    """Load, apply the form, set status/outcome/end; the caller is inside `writing`."""
    data = clean_fields(fields)
    call = get_call(call_id)
    require_active(call)
    require_owner(ctx, call, call.ticket_no)  # H10
    before = snapshot(call)
    for key, value in data.items():
        setattr(call, {"customer_id": "customer", "contact_id": "contact"}.get(key, key), value)
    now = ctx.now()
    call.status, call.outcome, call.updated_at = status, outcome, now
    call.ended_at = call.ended_at or now
    call.due_at, call.due_rule = None, ""
    _check_record(call)
    event(ctx, call, outcome, **detail)
    return call, before


def _save(ctx: ServiceContext, call: Call, before: dict, expected: int | None, action: str) -> Call:
    bump_version(call, expected)
    audit(ctx, action, call, before=before)
    return call


def _check_authorization(call: Call, ctx: ServiceContext) -> str | None:
    """H11: a password reset / data clearing needs the written authorization record.

    The guard follows the request: the call was once marked as one (whatever its
    category now), or its symptom asks for one and the operator did not state
    why it is not. Returns the guarded request, or None."""
    from hotline_tui.domain.authorization import (
        AuthRules,
        check_contact,
        check_doc_ref,
        check_received,
        detect_request,
    )
    from hotline_tui.store.models import Contact

    guard = call.auth_guard or (call.category if call.category in SENSITIVE else "")
    if not guard:
        detected = detect_request(call.symptom, call.error_message)
        if detected is None:
            return None
        if len(call.auth_waiver.strip()) >= 4:
            event(ctx, call, "auth_waived", request=detected, reason=call.auth_waiver.strip())
            return None
        guard = detected
    missing = [
        n for n in ("auth_doc_ref", "auth_received_on", "auth_contact") if not call.__data__.get(n)
    ]
    if missing:
        raise ValidationError(
            missing[0],
            "A password reset or data clearing needs the unit's written authorization: "
            "document reference, date received and authorizing contact; if the "
            "caller asked for no such thing, say why",
        )
    rules = AuthRules(ctx.policy.auth_doc_min_length, ctx.settings.auth_doc_pattern)
    call.auth_doc_ref = check_doc_ref(call.auth_doc_ref, rules)
    check_received(call.auth_received_on, ctx.local(ctx.now()).date())
    recorded = [
        c.name
        for c in Contact.select(Contact.name).where(
            (Contact.customer == call.customer_id) & (Contact.left_company == False)  # noqa: E712
        )
    ]
    from hotline_tui.services.calls.calls import authorizing_contacts

    shown = authorizing_contacts(call.customer_id, ctx, call.contact_id)  # S2
    call.auth_contact = check_contact(call.auth_contact, recorded, shown)
    call.auth_guard = guard
    return guard


def solve_call(
    ctx: ServiceContext,
    call_id: int,
    expected_version: int | None = None,
    *,
    remote: bool = False,
    **fields: Any,
) -> Call:
    """H5/H9: solved on the phone (or by remote help); F1 callback within 3 days."""
    from hotline_tui.services.callbacks.followups import create_callback

    with writing(ctx, "call.close"):
        call, before = _close(
            ctx, call_id, fields, expected_version, status="solved", outcome="solved", remote=remote
        )
        _need(call, "resolution", N_("Write down the cause and the solution given (H5)"))
        if _check_authorization(call, ctx):
            event(
                ctx,
                call,
                "authorization",  # H11: the record names who was told
                doc=call.auth_doc_ref,
                received=call.auth_received_on.isoformat() if call.auth_received_on else "",
                told=call.auth_contact,
            )
        create_callback(
            ctx,
            kind="F1",
            due_at=f1_hotline_callback_due(call.ended_at, days=ctx.policy.hotline_callback_days),
            customer_id=call.customer_id,
            contact_id=call.contact_id,
            call_id=call.id,
            owner_id=call.owner_id,
            channel="qq" if ctx.policy.hotline_callback_written else "phone",  # F1
        )
        return _save(ctx, call, before, expected_version, "call.solve")


def hold_call(
    ctx: ServiceContext, call_id: int, expected_version: int | None = None, **fields: Any
) -> Call:
    """H6: the caller agreed to hang up; the call back is due 1 hour after hang-up."""
    with writing(ctx, "call.update"):
        call, before = _close(
            ctx, call_id, fields, expected_version, status="on_hold", outcome="on_hold"
        )
        call.due_at = h6_callback_due(call.ended_at, minutes=ctx.policy.hold_callback_minutes)
        call.due_rule = "H6"
        return _save(ctx, call, before, expected_version, "call.hold")


def consult_call(
    ctx: ServiceContext, call_id: int, expected_version: int | None = None, **fields: Any
) -> Call:
    """H7: internal consultation; answer or on-site appointment within 3 hours."""
    with writing(ctx, "call.update"):
        call, before = _close(
            ctx, call_id, fields, expected_version, status="consultation", outcome="consultation"
        )
        call.due_at = h7_consultation_due(ctx.now(), minutes=ctx.policy.consultation_minutes)
        call.due_rule = "H7"
        return _save(ctx, call, before, expected_version, "call.consult")


def dispatch_call(
    ctx: ServiceContext, call_id: int, expected_version: int | None = None, **fields: Any
) -> Call:
    """H8: on-site dispatch requested with the call's data; marked "suggest on-site"."""
    from hotline_tui.services.dispatch.orders import request_dispatch

    with writing(ctx, "call.update"):
        call, before = _close(
            ctx, call_id, fields, expected_version, status="dispatch", outcome="dispatch"
        )
        call.suggest_onsite = True
        problem = "\n".join(
            line
            for line in (
                call.symptom,
                f"{call.product} {call.version_text} {call.modules}".strip(),
                call.error_message,
                call.recent_ops,
                call.ticket_no,
            )
            if line
        )
        req = request_dispatch(
            ctx,
            customer_id=call.customer_id,
            problem=problem,
            call_id=call.id,
            contact_id=call.contact_id,
        )
        event(ctx, call, "dispatch_requested", order_no=req.order_no, request_id=req.id)
        return _save(ctx, call, before, expected_version, "call.dispatch")


def transfer_call(
    ctx: ServiceContext,
    call_id: int,
    expected_version: int | None = None,
    *,
    to_staff_id: int | None = None,
    to_department: str = "",
    note: str = "",
    **fields: Any,
) -> Call:
    """H10: ownership moves only to a named person or department, and is logged.

    To a person, the call stays open and becomes theirs; to a department it
    leaves the desk as "transferred", naming the department."""
    to_department = (to_department or "").strip()[:100]
    if (to_staff_id is None) == (not to_department):
        raise ValidationError(
            "transfer_to", "Name one person or one department to transfer the call to (H10)"
        )
    with writing(ctx, "call.transfer"):
        target = None
        if to_staff_id is not None:
            target = Staff.get_or_none((Staff.id == to_staff_id) & (Staff.active == True))  # noqa: E712
            if target is None:
                raise NotFound("No active staff member {id}", id=to_staff_id)
        call = get_call(call_id)
        require_owner(ctx, call, call.ticket_no)  # H10: the refusal names the owner
        if target is not None and target.id == call.owner_id:
            raise ValidationError("transfer_to", "{who} already owns this call", who=target.name)
        kept = (call.status, call.due_at, call.due_rule, call.ended_at)
        status = call.status if target is not None else "transferred"
        call, before = _close(
            ctx,
            call_id,
            fields,
            expected_version,
            status=status,
            outcome="transferred",
            from_owner=call.owner_id,
            to_staff=target.id if target else None,
            to_name=f"{target.agent_no} {target.name}" if target else to_department,
            note=note.strip()[:500],
        )
        if target is not None:  # still open, with its promise, now the colleague's
            call.owner = target
            call.status, call.due_at, call.due_rule, call.ended_at = kept
        call.transferred_to = f"{target.agent_no} {target.name}" if target else to_department
        return _save(ctx, call, before, expected_version, "call.transfer")


def call_back_now(
    ctx: ServiceContext, call_id: int, expected_version: int | None = None, **fields: Any
) -> Call:
    """H12: the caller cannot hear us: end the call, record it and call back at once.
    Only the number is needed; the call back runs on the hold clock (H6)."""
    with writing(ctx, "call.update"):
        call = get_call(call_id)
        require_active(call)
        before = snapshot(call)
        for key, value in clean_fields(fields).items():
            setattr(call, {"customer_id": "customer", "contact_id": "contact"}.get(key, key), value)
        if not str(call.caller_phone or "").strip():
            raise ValidationError("caller_phone", "Write down the number to call back")
        now = ctx.now()
        call.status, call.outcome, call.updated_at = "on_hold", "call_back_now", now
        call.ended_at = call.ended_at or now
        call.due_at = h6_callback_due(call.ended_at, minutes=ctx.policy.hold_callback_minutes)
        call.due_rule = "H6"
        event(ctx, call, "call_back_now")
        return _save(ctx, call, before, expected_version, "call.hold")


def record_clarity(ctx: ServiceContext, call_id: int, understood: bool) -> Call:
    """H5: whether the customer fully understood the explanation, on the call's timeline
    (a "no" means the operator explained again)."""
    with writing(ctx, "call.update"):
        call = get_call(call_id)
        require_active(call)
        event(ctx, call, "understood" if understood else "not_understood")
    return call


def record_suggestion(
    ctx: ServiceContext,
    call_id: int,
    expected_version: int | None = None,
    *,
    department: str = "",
    **fields: Any,
) -> Call:
    """H15: a suggestion or opinion is recorded at once, thanked with the set phrase
    and forwarded to the department concerned; it is a call category of its own."""
    department = (department or "").strip()[:100]
    if not department:
        raise ValidationError("department", "Name the department the suggestion goes to")
    with writing(ctx, "call.close"):
        fields = {**fields, "category": "suggestion"}
        call, before = _close(
            ctx, call_id, fields, expected_version, status="closed", outcome="suggestion"
        )
        call.transferred_to = department
        event(ctx, call, "suggestion_forwarded", department=department)
        return _save(ctx, call, before, expected_version, "call.suggestion")


def abandon_call(ctx: ServiceContext, call_id: int, reason: str = "") -> Call:
    """No conversation (silent line, wrong number): written down, not left open (H14)."""
    with writing(ctx, "call.close"):
        call = get_call(call_id)
        if call.status != "open":
            raise InvalidTransition("Only a call still in progress can be ended without a record")
        require_owner(ctx, call, call.ticket_no)  # H10
        before = snapshot(call)
        now = ctx.now()
        call.status, call.outcome, call.ended_at, call.updated_at = "closed", "abandoned", now, now
        event(ctx, call, "abandoned", reason=(reason or "").strip()[:200])
        return _save(ctx, call, before, None, "call.abandon")


def record_attempt(
    ctx: ServiceContext,
    call_id: int,
    *,
    result: str,
    note: str = "",
    answers: dict[str, Any] | None = None,
) -> Call:
    """H6: each call-back attempt and its result is logged on the call."""
    # Wrong types (a list from a form, a number from a script) get the field named,
    # not a raw TypeError/AttributeError.
    if not isinstance(result, str) or result not in ATTEMPT_RESULTS:
        raise ValidationError("result", "Choose how the call-back went")
    if note is not None and not isinstance(note, str):
        raise ValidationError("note", "Expected text")
    note = (note or "").strip()
    if result == "wrong_person" and not note:
        raise ValidationError("note", "Record the reason for this answer")
    with writing(ctx, "call.update"):
        call = get_call(call_id)
        if call.status not in ("on_hold", "consultation"):
            raise InvalidTransition("Only an on-hold or consultation call is called back")
        require_owner(ctx, call, call.ticket_no)  # H10
        before = snapshot(call)
        event(ctx, call, "callback_attempt", result=result, note=note[:500], answers=answers or {})
        call.updated_at = ctx.now()
        return _save(ctx, call, before, None, "call.callback_attempt")


def attempts(call_id: int) -> list[dict[str, Any]]:
    """The call-back attempts logged on a call, oldest first."""
    from hotline_tui.services.calls.calls import call_events

    return [
        {"at": e.at, "actor_id": e.actor_id, **(e.detail or {})}
        for e in call_events(call_id)
        if e.kind == "callback_attempt"
    ]


def transfer_to(
    ctx: ServiceContext,
    call_id: int,
    expected_version: int | None = None,
    *,
    target: str,
    note: str = "",
    **fields: Any,
) -> Call:
    """H10 from one typed line: an active agent number names a person, anything
    else names a department."""
    target = (target or "").strip()
    if not target:
        raise ValidationError(
            "transfer_to", "Name one person or one department to transfer the call to (H10)"
        )
    person = Staff.get_or_none((Staff.agent_no == target) & (Staff.active == True))  # noqa: E712
    if person is not None:
        return transfer_call(
            ctx, call_id, expected_version, to_staff_id=person.id, note=note, **fields
        )
    return transfer_call(ctx, call_id, expected_version, to_department=target, note=note, **fields)
