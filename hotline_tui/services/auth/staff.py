"""Staff: sign-in by agent number and the manager's staff management."""

from __future__ import annotations

from hotline_tui.domain.errors import NotFound, ValidationError
from hotline_tui.domain.permissions import ROLES
from hotline_tui.services.base import ServiceContext, audit, snapshot, writing
from hotline_tui.store.models import Staff


def find_by_agent_no(agent_no: str) -> Staff:
    """The active staff member with this agent number (工号), for sign-in."""
    agent_no = (agent_no or "").strip() if isinstance(agent_no, str | None) else ""
    if not agent_no or len(agent_no) > 16:
        raise ValidationError("agent_no", "Enter your agent number")
    staff = Staff.get_or_none((Staff.agent_no == agent_no) & (Staff.active == True))  # noqa: E712
    if staff is None:
        raise NotFound("No active staff member has agent number {no}", no=agent_no)
    return staff


def _clean_roles(roles: list[str] | str) -> str:
    items = roles.split(",") if isinstance(roles, str) else list(roles)
    items = [r.strip() for r in items if r.strip()]
    bad = [r for r in items if r not in ROLES]
    if bad:
        raise ValidationError("roles", "Unknown role {role}", role=bad[0])
    if not items:
        raise ValidationError("roles", "Give at least one role")
    return ",".join(dict.fromkeys(items))


def create_staff(
    ctx: ServiceContext, agent_no: str, name: str, roles: list[str] | str, **extra: str
) -> Staff:
    if not isinstance(agent_no, str) or not isinstance(name, str):
        raise ValidationError("agent_no", "An agent number is 1 to 16 letters or digits")
    agent_no, name = agent_no.strip(), name.strip()
    if not agent_no or not agent_no.isalnum() or len(agent_no) > 16:
        raise ValidationError("agent_no", "An agent number is 1 to 16 letters or digits")
    if not name or len(name) > 64:
        raise ValidationError("name", "A name is 1 to 64 characters")
    role_text = _clean_roles(roles)
    with writing(ctx, "staff.manage"):
        if Staff.select().where(Staff.agent_no == agent_no).exists():
            raise ValidationError("agent_no", "Agent number {no} is taken", no=agent_no)
        staff = Staff.create(
            agent_no=agent_no, name=name, roles=role_text, created_at=ctx.now(), **extra
        )
        audit(ctx, "staff.create", staff)
    return staff


def update_staff(ctx: ServiceContext, staff_id: int, **changes: object) -> Staff:
    allowed = {"name", "roles", "phone", "department", "active"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(sorted(unknown)[0], "This field cannot be changed here")
    if "roles" in changes:
        changes["roles"] = _clean_roles(changes["roles"])  # type: ignore[arg-type]
    with writing(ctx, "staff.manage"):
        staff = Staff.get_or_none(Staff.id == staff_id)
        if staff is None:
            raise NotFound("Staff member {id} does not exist", id=staff_id)
        before = snapshot(staff)
        for key, value in changes.items():
            setattr(staff, key, value)
        staff.save()
        after = snapshot(staff)
        audit(ctx, "staff.update", staff, before=before, after=after)
    return staff


def list_staff(role: str | None = None, active_only: bool = True) -> list[Staff]:
    query = Staff.select().order_by(Staff.agent_no)
    if active_only:
        query = query.where(Staff.active == True)  # noqa: E712
    staff = list(query)
    return [s for s in staff if role is None or s.has_role(role)]
