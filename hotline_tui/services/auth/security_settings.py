"""The security settings kept in the database (lockout, idle lock, passwords,
step-up, who reads restricted files): read by everyone, changed by managers.

A personal settings file cannot widen anyone's access: its `confidential_roles`
is at most the starting value of a new database (`seed_from_settings`).
"""

from __future__ import annotations

from typing import Any

from hotline_tui.config import Settings
from hotline_tui.domain.clock import Clock, SystemClock
from hotline_tui.domain.security import SecurityPolicy, clean_value, policy_from
from hotline_tui.services.base import ServiceContext, audit, transaction, writing
from hotline_tui.store.models import SecuritySetting


def security_policy() -> SecurityPolicy:
    """Today's policy: the stored values over the defaults."""
    return policy_from({row.key: row.value for row in SecuritySetting.select()})


def _stored(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def update_security_settings(ctx: ServiceContext, **changes: Any) -> SecurityPolicy:
    """Change security settings (managers only); each change is audited."""
    cleaned = {key: clean_value(key, value) for key, value in changes.items()}
    with writing(ctx, "security.manage"):
        for key, value in cleaned.items():
            row = SecuritySetting.get_or_none(SecuritySetting.key == key)
            before = None if row is None else {"value": row.value}
            if row is None:
                row = SecuritySetting.create(
                    key=key,
                    value=_stored(value),
                    changed_at=ctx.now(),
                    changed_by=ctx.actor.agent_no,
                )
            else:
                row.value, row.changed_at = _stored(value), ctx.now()
                row.changed_by = ctx.actor.agent_no
                row.save()
            audit(
                ctx,
                "security.change",
                record_type="security_setting",
                record_id=key,
                before=before,
                after={"value": _stored(value)},
            )
    return security_policy()


def seed_from_settings(settings: Settings, clock: Clock | None = None) -> bool:
    """On a database with no security settings yet, start from the settings
    file's `confidential_roles`; afterwards only a manager changes them."""
    roles = clean_value("confidential_roles", list(settings.confidential_roles))
    with transaction():
        if SecuritySetting.select().exists():
            return False
        SecuritySetting.create(
            key="confidential_roles",
            value=list(roles),
            changed_at=(clock or SystemClock()).now(),
            changed_by="",
        )
    return True
