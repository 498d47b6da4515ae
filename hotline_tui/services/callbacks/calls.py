"""F5: a problem found on a callback becomes a new hotline call.

Apart from `callbacks` so that module stays below `calls` (customers -> callbacks
for the S3 first visit, calls -> customers for the caller panel): no import cycle.
"""

from __future__ import annotations

from hotline_tui.domain.errors import ConflictError, ValidationError
from hotline_tui.domain.phone import InvalidPhone, normalize_phone
from hotline_tui.services.base import ServiceContext, audit, bump_version, snapshot, writing
from hotline_tui.services.callbacks.followups import MAX_SYMPTOM, _note, get_callback
from hotline_tui.services.calls.calls import event, start_call
from hotline_tui.services.calls.ownership import require_owner
from hotline_tui.store.models import Call, Contact


def open_call_from_callback(ctx: ServiceContext, callback_id: int, symptom: str) -> Call:
    """F5: a new or unsolved problem found on a callback becomes a new hotline call,
    owned by the operator who found it (H10), linked to the unit and contact."""
    symptom = _note(symptom, "symptom", MAX_SYMPTOM)
    if not symptom:
        raise ValidationError("symptom", "Describe the problem the customer reported")
    with writing(ctx, "callback.work"):
        cb = get_callback(callback_id)
        require_owner(ctx, cb, f"{cb.kind} #{cb.id}")  # H10
        if cb.new_call_id is not None:
            raise ConflictError(
                "This callback already opened hotline call {ticket}",
                ticket=Call.get_by_id(cb.new_call_id).ticket_no,
            )
        contact = Contact.get_or_none(Contact.id == cb.contact_id) if cb.contact_id else None
        phone = ""
        if contact is not None:
            for number in (contact.mobile, contact.phone):
                try:
                    if number and normalize_phone(number):
                        phone = number
                        break
                except InvalidPhone:
                    continue
        call = start_call(
            ctx,
            customer_id=cb.customer_id,
            contact_id=cb.contact_id,
            caller_name=contact.name if contact else "",
            caller_phone=phone,
            symptom=symptom,
        )
        # F5: reported to the manager's open items with a deadline like any call
        call.due_at = ctx.now().add(minutes=ctx.policy.callback_problem_minutes)
        call.due_rule = "F5"
        call.save()
        event(ctx, call, "from_callback", callback_id=cb.id, callback_kind=cb.kind)
        before = snapshot(cb)
        cb.new_call = call
        bump_version(cb, cb.version)
        audit(ctx, "callback.new_call", cb, before=before)
    return call
