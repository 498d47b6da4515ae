"""The security policy's pure rules: bounds, roles, passwords, step-up."""

from __future__ import annotations

from datetime import timedelta

import pendulum
import pytest

from hotline_tui.domain.errors import ValidationError
from hotline_tui.domain.security import (
    SecurityPolicy,
    check_new_password,
    clean_value,
    locked,
    policy_from,
    proof_is_fresh,
)

NOW = pendulum.datetime(2026, 11, 23, 2, 0, tz="UTC")


def test_defaults_are_the_documented_ones() -> None:
    p = SecurityPolicy()
    assert (p.min_password_length, p.lockout_failures, p.lockout_minutes) == (8, 5, 15)
    assert (p.idle_minutes, p.step_up_minutes, p.confidential_roles) == (10, 15, ())


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("min_password_length", 7),  # never below 8
        ("lockout_failures", 0),
        ("idle_minutes", -1),
        ("step_up_minutes", True),
        ("confidential_roles", ["janitor"]),
        ("no_such_setting", 1),
    ],
)
def test_values_outside_the_rules_are_refused_naming_the_key(key: str, value: object) -> None:
    with pytest.raises(ValidationError) as err:
        clean_value(key, value)
    assert err.value.field == key


def test_typed_values_are_read_as_numbers_and_role_lists() -> None:
    assert clean_value("idle_minutes", " 0 ") == 0
    assert clean_value("confidential_roles", "supervisor, supervisor") == ("supervisor",)


def test_a_damaged_stored_value_keeps_its_default() -> None:
    p = policy_from({"lockout_failures": "many", "idle_minutes": 3})
    assert (p.lockout_failures, p.idle_minutes) == (5, 3)


def test_new_passwords_follow_the_length_rule() -> None:
    with pytest.raises(ValidationError):
        check_new_password("short", SecurityPolicy())
    with pytest.raises(ValidationError):
        check_new_password("long\x00enough", SecurityPolicy())
    assert check_new_password("long-enough", SecurityPolicy()) == "long-enough"


def test_lock_and_step_up_windows() -> None:
    p = SecurityPolicy()
    assert locked(NOW + timedelta(minutes=1), NOW) and not locked(NOW, NOW)
    assert not locked(None, NOW)
    assert proof_is_fresh(NOW - timedelta(minutes=15), NOW, p)
    assert not proof_is_fresh(NOW - timedelta(minutes=16), NOW, p)
    assert not proof_is_fresh(None, NOW, p)
