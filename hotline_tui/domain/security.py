"""The desk's security policy as pure rules: password length, lockout, idle
lock, step-up and who besides managers reads restricted customer files (S2).

The values live in the database (services/security_settings.py), changed only
by a manager; these are the defaults of a new database.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from hotline_tui.domain.errors import ValidationError
from hotline_tui.domain.permissions import ROLES

#: Longest password accepted (argon2 takes any length; a bound keeps input sane).
MAX_PASSWORD_LENGTH = 256


@dataclass(frozen=True)
class SecurityPolicy:
    min_password_length: int = 8
    lockout_failures: int = 5  # failures in a row that lock an agent number
    lockout_minutes: int = 15
    idle_minutes: int = 10  # 0: the desk never locks itself
    step_up_minutes: int = 15  # proof older than this is asked again for restricted reading
    #: Roles besides manager that may read 机密/绝密 customer files in full (S2).
    confidential_roles: tuple[str, ...] = ()


#: Each setting with its bounds (a whole number) or None (a list of roles).
LIMITS: dict[str, tuple[int, int] | None] = {
    "min_password_length": (8, 128),
    "lockout_failures": (1, 100),
    "lockout_minutes": (1, 24 * 60),
    "idle_minutes": (0, 24 * 60),
    "step_up_minutes": (1, 24 * 60),
    "confidential_roles": None,
}


def clean_value(key: str, value: Any) -> Any:
    """A setting's value checked against its bounds; refused naming the key."""
    if key not in LIMITS:
        raise ValidationError(key, "Unknown security setting {key}", key=key)
    bounds = LIMITS[key]
    if bounds is None:
        if isinstance(value, str):
            value = [v for v in value.replace(",", " ").split() if v]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ValidationError(key, "Expected a list of roles")
        bad = [v for v in value if v not in ROLES]
        if bad:
            raise ValidationError(key, "Unknown role {role}", role=bad[0])
        return tuple(dict.fromkeys(value))
    low, high = bounds
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(
            key, "Expected a whole number from {low} to {high}", low=low, high=high
        )
    return value


def policy_from(values: dict[str, Any]) -> SecurityPolicy:
    """The policy from stored values; a missing or damaged value keeps its default."""
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(SecurityPolicy):
        if f.name in values:
            try:
                kwargs[f.name] = clean_value(f.name, values[f.name])
            except ValidationError:
                continue
    return SecurityPolicy(**kwargs)


def check_new_password(password: object, policy: SecurityPolicy) -> str:
    """A new password as the rules want it, or a ValidationError saying why."""
    if not isinstance(password, str) or not password:
        raise ValidationError("password", "Enter a password")
    if len(password) < policy.min_password_length:
        raise ValidationError(
            "password", "A password has at least {n} characters", n=policy.min_password_length
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError("password", "At most {n} characters", n=MAX_PASSWORD_LENGTH)
    if any(ord(ch) < 32 for ch in password):
        raise ValidationError("password", "Control characters are not allowed")
    return password


def locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and locked_until > now


def lock_ends(now: datetime, policy: SecurityPolicy) -> datetime:
    return now + timedelta(minutes=policy.lockout_minutes)


def proof_is_fresh(proven_at: datetime | None, now: datetime, policy: SecurityPolicy) -> bool:
    """Step-up: a proof counts for restricted reading for `step_up_minutes`."""
    return proven_at is not None and now - proven_at <= timedelta(minutes=policy.step_up_minutes)
