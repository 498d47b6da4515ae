"""The complaint registration form (C1, C6), checked field by field: every
error names its field so the form shows it beside that field. Also the small
text and choice checks the workflow steps in `complaints.py` share."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pendulum

from hotline_tui.domain import complaint_flow as flow
from hotline_tui.domain.errors import ValidationError
from hotline_tui.domain.phone import InvalidPhone, normalize_phone
from hotline_tui.services.base import ServiceContext, clean_text
from hotline_tui.store.models import Call, Callback, Customer, Staff

_LIMITS = {
    "complainant_unit": 200,
    "complainant": 64,
    "phone": 64,
    "email": 120,
    "unit_address": 300,
    "department": 64,
    "product": 100,
    "version_text": 50,
    "modules": 200,
    "description": 4000,
    "responsible": 100,
    "cause": 4000,
    "measures": 4000,
    "corrective": 4000,
    "preventive": 4000,
    "note": 2000,
    "result": 4000,
    "explanation": 2000,
    "vendor_ref": 64,
}
#: C6: the form cannot be saved without these.
REQUIRED = ("complainant_unit", "complainant", "phone", "department", "description")


def text(name: str, value: Any, required: bool = False) -> str:
    """One text field, trimmed and bounded; errors name the field (shown beside it)."""
    return clean_text(name, value, _LIMITS.get(name, 200), required=required)


def _choice(name: str, value: Any, choices: dict[str, str], message: str) -> str:
    if value not in choices:
        raise ValidationError(name, message)
    return str(value)


def _staff(name: str, staff_id: Any) -> Staff | None:
    if staff_id in (None, ""):
        return None
    staff = Staff.get_or_none(Staff.id == staff_id)
    if staff is None:
        raise ValidationError(name, "No staff member {id}", id=staff_id)
    return staff


def find_staff(agent_no: str) -> Staff | None:
    """The staff member with this agent number (工号), for the form's person field."""
    agent_no = (agent_no or "").strip()
    return Staff.get_or_none(Staff.agent_no == agent_no) if agent_no else None


def check_form(ctx: ServiceContext, data: dict[str, Any]) -> dict[str, Any]:
    """C6: every field of the registration form, checked; returns model values."""
    known = set(_LIMITS) | {
        "source",
        "level",
        "category",
        "received_at",
        "person_id",
        "customer_id",
        "call_id",
        "callback_id",
    }
    unknown = set(data) - known
    if unknown:
        raise ValidationError(sorted(unknown)[0], "Unknown field")
    out: dict[str, Any] = {
        "source": _choice(
            "source", data.get("source", "direct"), flow.SOURCES, "Source must be direct or vendor"
        )
    }
    for name in ("complainant_unit", "complainant", "phone", "email", "unit_address"):
        out[name] = text(name, data.get(name), required=name in REQUIRED)
    for name in ("department", "product", "version_text", "modules", "description"):
        out[name] = text(name, data.get(name), required=name in REQUIRED)
    try:
        normalize_phone(out["phone"])
    except InvalidPhone as exc:
        raise ValidationError("phone", "Not a phone number: {why}", why=str(exc)) from None
    if out["email"] and ("@" not in out["email"] or " " in out["email"]):
        raise ValidationError("email", "Not an e-mail address")
    out["level"] = _choice(
        "level", data.get("level"), flow.LEVELS, "Level must be general, serious or major"
    )
    out["category"] = _choice(
        "category", data.get("category"), flow.CATEGORIES, "Choose one of the seven categories"
    )
    received = data.get("received_at") or ctx.now()
    if not isinstance(received, datetime) or received.tzinfo is None:
        raise ValidationError("received_at", "A time with its time zone is required")
    if pendulum.instance(received) > ctx.now().add(minutes=5):
        raise ValidationError("received_at", "The complaint time cannot be in the future")
    out["received_at"] = pendulum.instance(received).in_tz("UTC")
    out["person"] = _staff("person_id", data.get("person_id"))
    for name, model in (("customer", Customer), ("call", Call), ("callback", Callback)):
        value = data.get(f"{name}_id")
        if value not in (None, "") and model.get_or_none(model.id == value) is None:
            raise ValidationError(f"{name}_id", "No such record {id}", id=value)
        out[name] = value or None
    return out
