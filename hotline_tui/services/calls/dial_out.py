"""Calling out from the desk through the PBX (AMI Originate), logged as an
attempt like one made by hand (F1, H6, the missed-call rule)."""

from __future__ import annotations

from hotline_tui.domain.errors import ValidationError
from hotline_tui.domain.phone import InvalidPhone, normalize_phone
from hotline_tui.services.base import ServiceContext, audit, require, writing
from hotline_tui.store.models import Callback, CallbackAttempt


def _dialer():
    from hotline_tui.cti.dialer import Dialer

    dialer = Dialer.from_env()
    if dialer is None:
        raise ValidationError("dial", "Dialling through the phone system is not set up")
    return dialer


def _dial(ctx: ServiceContext, number: str) -> str:
    from hotline_tui.cti.dialer import DialError

    if not ctx.actor.extension:
        raise ValidationError("dial", "Your phone extension is not recorded")
    try:
        canonical = normalize_phone(number)
    except InvalidPhone as exc:
        raise ValidationError("dial", "Not a phone number: {why}", why=str(exc)) from None
    try:
        _dialer().dial(ctx.actor.extension, canonical)
    except DialError as exc:
        raise ValidationError("dial", "Could not dial: {why}", why=str(exc)) from None
    return canonical


def dial_callback(ctx: ServiceContext, callback_id: int) -> str:
    """Dial the callback's contact; the attempt is logged on the callback."""
    require(ctx, "callback.work")
    cb = Callback.get_or_none(Callback.id == callback_id)
    if cb is None or cb.status != "open":
        raise ValidationError("callback", "This callback is no longer open")
    contact = cb.contact if cb.contact_id else None
    number = (contact.mobile or contact.phone) if contact else ""
    if not number:
        raise ValidationError("dial", "No phone number for this callback")
    dialled = _dial(ctx, number)
    with writing(ctx, "callback.work"):
        attempt = CallbackAttempt.create(
            callback=cb, at=ctx.now(), actor=ctx.actor, result="dialled", note=dialled
        )
        audit(ctx, "callback.dial", attempt)
    return dialled


def dial_number(ctx: ServiceContext, number: str) -> str:
    """Dial any number (a customer's, a missed call's) for the operator."""
    require(ctx, "call.take")
    dialled = _dial(ctx, number)
    with writing(ctx, "call.take"):
        audit(ctx, "cti.dial", record_type="phone", record_id=dialled, after={"number": dialled})
    return dialled


def dial_missed_call(ctx: ServiceContext, item_id: int) -> str:
    """Dial the number of a missed call (the item is returned by the record it opens)."""
    from hotline_tui.services.calls.missed_calls import missed_call

    return dial_number(ctx, missed_call(item_id).number)
