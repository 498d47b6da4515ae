"""Staff's PBX extensions (or PBX user ids): where a call rings decides whose
desk it pops on, and where the operator's own phone rings when dialling out."""

from __future__ import annotations

import re

from hotline_tui.domain.errors import ValidationError
from hotline_tui.services.auth.staff import find_by_agent_no
from hotline_tui.services.base import ServiceContext, audit, require, snapshot, writing
from hotline_tui.store.models import Staff

_EXTENSION = re.compile(r"^[\w.@\-]{1,32}$")


def set_extension(ctx: ServiceContext, agent_no: str, extension: str) -> Staff:
    """Give a staff member their extension ("" clears it); one extension, one person."""
    extension = (extension or "").strip()
    if extension and not _EXTENSION.match(extension):
        raise ValidationError(
            "extension", "An extension is 1-32 letters, digits, '.', '@', '-' or '_'"
        )
    with writing(ctx, "staff.manage"):
        staff = find_by_agent_no(agent_no)
        if extension:
            other = Staff.get_or_none((Staff.extension == extension) & (Staff.id != staff.id))
            if other is not None:
                raise ValidationError(
                    "extension",
                    "Extension {ext} belongs to {no} {name}",
                    ext=extension,
                    no=other.agent_no,
                    name=other.name,
                )
        before = snapshot(staff, ["extension"])
        staff.extension = extension
        staff.save()
        audit(ctx, "staff.extension", staff, before=before, after=snapshot(staff, ["extension"]))
    return staff


def extensions(ctx: ServiceContext) -> list[Staff]:
    require(ctx, "staff.manage")
    return list(Staff.select().where(Staff.extension != "").order_by(Staff.extension))
