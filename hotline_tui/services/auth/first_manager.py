"""The first manager of a new database (`hotline init`): nobody can prove
anything before someone exists, so this one person is made without a proof,
and only while the staff table is empty."""

from __future__ import annotations

from hotline_tui.config import Settings
from hotline_tui.domain.clock import Clock, SystemClock
from hotline_tui.domain.errors import ValidationError
from hotline_tui.domain.security import check_new_password
from hotline_tui.services.auth.security_settings import security_policy
from hotline_tui.services.base import ServiceContext, audit, transaction
from hotline_tui.store.models import Staff


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
    if not name or len(name) > 64:
        raise ValidationError("name", "A name is 1 to 64 characters")
    check_new_password(password, security_policy())
    with transaction():
        if Staff.select().exists():
            raise ValidationError(
                "agent_no",
                "This database already has staff: a manager adds people with hotline staff add",
            )
        manager = Staff.create(
            agent_no=agent_no, name=name, roles="manager,operator", created_at=clock.now()
        )
        ctx = ServiceContext(actor=manager, settings=settings, clock=clock)
        audit(ctx, "staff.create", manager)
        set_password(ctx, agent_no, password)
    return manager
