"""The first manager of a new database (`hotline init`): nobody can prove
anything before someone has a password, so this one person is made (or, on a
database from before passwords, given the first password) without a proof,
and only while nobody on the staff has a password."""

from __future__ import annotations

from hotline_tui.config import Settings
from hotline_tui.domain.clock import Clock, SystemClock
from hotline_tui.domain.errors import ValidationError
from hotline_tui.domain.security import check_new_password
from hotline_tui.services.auth.security_settings import security_policy
from hotline_tui.services.base import ServiceContext, audit, transaction
from hotline_tui.store.models import Credential, Staff


def create_first_manager(
    settings: Settings, agent_no: str, name: str, password: str, clock: Clock | None = None
) -> Staff:
    """Staff member `agent_no` with the manager role and this password, in one
    transaction, or ValidationError when the database already has staff."""
    from hotline_tui.services.auth.sign_in import set_password

    clock = clock or SystemClock()
    agent_no = agent_no.strip() if isinstance(agent_no, str) else ""
    name = name.strip() if isinstance(name, str) else ""
    if not agent_no or not agent_no.isalnum() or len(agent_no) > 16:
        raise ValidationError("agent_no", "An agent number is 1 to 16 letters or digits")
    check_new_password(password, security_policy())
    with transaction():
        if Credential.select().exists():
            raise ValidationError(
                "agent_no",
                "This database already has staff: a manager adds people with hotline staff add",
            )
        existing = Staff.get_or_none(Staff.agent_no == agent_no)
        if existing is not None:  # upgraded from before passwords: that manager's first one
            if not existing.active or "manager" not in existing.role_list:
                raise ValidationError("agent_no", "Only an active manager gets the first password")
            ctx = ServiceContext(actor=existing, settings=settings, clock=clock)
            set_password(ctx, agent_no, password)
            audit(ctx, "staff.first_password", existing)
            return existing
        if not name or len(name) > 64:
            raise ValidationError("name", "A name is 1 to 64 characters")
        manager = Staff.create(
            agent_no=agent_no, name=name, roles="manager,operator", created_at=clock.now()
        )
        ctx = ServiceContext(actor=manager, settings=settings, clock=clock)
        audit(ctx, "staff.create", manager)
        set_password(ctx, agent_no, password)
    return manager
