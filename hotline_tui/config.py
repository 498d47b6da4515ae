"""Settings: a TOML file in the user config directory plus environment overrides.

Every policy number of RULES.md is a setting with the rule's default, so a
service center can change "call back within 1 hour" without touching code.
A bad file is reported by key (`SettingsError`), never as a traceback.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

from hotline_tui import paths
from hotline_tui.i18n import LANGUAGES


class SettingsError(Exception):
    """A settings file or environment value that cannot be used; names the key."""

    def __init__(self, key: str, problem: str, source: str = "") -> None:
        self.key, self.problem, self.source = key, problem, source
        where = f" in {source}" if source else ""
        super().__init__(f"setting '{key}'{where}: {problem}")


@dataclass(frozen=True)
class Policy:
    """The policy numbers of RULES.md; each default is the rule's."""

    answer_within_rings: int = 3  # H1
    apology_after_rings: int = 5  # H1
    hold_callback_minutes: int = 60  # H6
    consultation_minutes: int = 180  # H7
    ready_minutes: int = 10  # R2
    handover_minutes: int = 30  # R3
    hotline_callback_days: int = 3  # F1
    hotline_callback_written: int = 1  # F1: 1 = by QQ/e-mail (written template), 0 = by phone
    project_callback_working_days: int = 7  # F3
    care_regular_months: int = 3  # F4
    care_vip_months: int = 1  # F4
    inspections_per_year: int = 1  # F4: on-site inspections of key/VIP units (1-2 a year); 0 = none
    callback_problem_minutes: int = 60  # F5: a problem found on a callback, answered like a hold
    complaint_response_minutes: int = 180  # C3
    complaint_verify_working_days: int = 1  # C4
    vendor_report_working_days: int = 1  # C5
    complaint_report_working_day: int = 3  # C7
    complaints_per_person_threshold: int = 3  # C8
    complaints_window_months: int = 6  # C8
    customer_review_months: int = 3  # S1
    first_visit_days: int = 7  # S3
    qa_sample_percent: int = 20  # D6
    sheet_return_next_day: int = (
        0  # D4: 0 = before the next Monday's start, 1 = the next working day's start
    )
    change_late_notice_days: int = 1  # H17: ask "will it be late?" this many days before the date
    repeat_caller_days: int = 7  # intake: repeat-caller flag
    silence_seconds: int = 5  # H13
    max_weekly_hours: int = 40  # R1 roster check
    auth_doc_min_length: int = 6  # H11: a written request's reference, at least
    seconds_per_ring: int = 5  # H1: a ring cycle of the PBX, to count rings from ring time
    missed_call_minutes: int = 30  # the center's own rule: a missed call is returned within
    cti_lost_minutes: int = 120  # a PBX call with no hang-up after this is closed as lost


@dataclass(frozen=True)
class ShiftTime:
    code: str
    start: time
    end: time  # an end before the start runs past midnight


DEFAULT_SHIFTS = (
    ShiftTime("day", time(8, 30), time(17, 0)),
    ShiftTime("evening", time(17, 0), time(22, 0)),
)


@dataclass(frozen=True)
class Settings:
    database_url: str = ""
    center_name: str = "华信软件售后服务中心"
    timezone: str = "Asia/Shanghai"
    language: str = "zh_CN"
    greeting: str = "您好,我是{agent_no}号客服代表,很高兴为您服务,有什么可以帮助您!"
    workday_start: time = time(9, 0)
    shifts: tuple[ShiftTime, ...] = DEFAULT_SHIFTS
    #: Roles besides manager that may read 机密/绝密 customer files in full (S2).
    confidential_roles: tuple[str, ...] = ()
    #: H11: a regular expression every authorization document reference must match.
    auth_doc_pattern: str = ""
    policy: Policy = field(default_factory=Policy)
    #: `[keymap]`: binding id = key(s), e.g. "nav.dispatch" = "f9" (docs/DEVELOPING.md, Keys).
    keymap: tuple[tuple[str, str], ...] = ()

    def with_overrides(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


_TOP_KEYS = {
    "database_url": str,
    "center_name": str,
    "timezone": str,
    "language": str,
    "greeting": str,
    "auth_doc_pattern": str,
}
_ENV = {
    "HOTLINE_DB": "database_url",
    "HOTLINE_CENTER": "center_name",
    "HOTLINE_TZ": "timezone",
    "HOTLINE_LANG": "language",
    "HOTLINE_GREETING": "greeting",
}


def _parse_time(key: str, value: Any, source: str) -> time:
    if isinstance(value, time):
        return value
    try:
        hh, mm = str(value).split(":")
        return time(int(hh), int(mm))
    except (ValueError, TypeError):
        raise SettingsError(key, f"expected a time like 08:30, got {value!r}", source) from None


def _check_timezone(key: str, value: str, source: str) -> None:
    import pendulum

    try:
        pendulum.timezone(value)
    except Exception:
        raise SettingsError(key, f"unknown time zone {value!r}", source) from None


def settings_from_mapping(data: Mapping[str, Any], source: str = "") -> Settings:
    """Build settings from a parsed TOML mapping, naming any bad key."""
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key in _TOP_KEYS:
            if not isinstance(value, str):
                raise SettingsError(key, f"expected text, got {value!r}", source)
            kwargs[key] = value
        elif key == "workday_start":
            kwargs[key] = _parse_time(key, value, source)
        elif key == "confidential_roles":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise SettingsError(key, "expected a list of role names", source)
            kwargs[key] = tuple(value)
        elif key == "shifts":
            kwargs[key] = _parse_shifts(value, source)
        elif key == "policy":
            kwargs[key] = _parse_policy(value, source)
        elif key == "keymap":
            kwargs[key] = _parse_keymap(value, source)
        else:
            raise SettingsError(key, "unknown setting", source)
    settings = Settings(**kwargs)
    _validate(settings, source)
    return settings


def _parse_keymap(value: Any, source: str) -> tuple[tuple[str, str], ...]:
    """`[keymap]`: each binding id (as shown by F1's ids) to a key or "key1,key2"."""
    if not isinstance(value, dict):
        raise SettingsError("keymap", 'expected a table like "nav.dispatch" = "f9"', source)
    for binding_id, keys in value.items():
        if not isinstance(keys, str) or not keys.strip():
            raise SettingsError(f"keymap.{binding_id}", "expected a key like 'f9'", source)
    return tuple((str(k), v.strip()) for k, v in value.items())


def _parse_shifts(value: Any, source: str) -> tuple[ShiftTime, ...]:
    if not isinstance(value, dict) or not value:
        raise SettingsError("shifts", "expected a table like day = ['08:30', '17:00']", source)
    out = []
    for code, span in value.items():
        key = f"shifts.{code}"
        if not isinstance(span, list) or len(span) != 2:
            raise SettingsError(key, "expected [start, end] like ['08:30', '17:00']", source)
        start, end = _parse_time(key, span[0], source), _parse_time(key, span[1], source)
        if start == end:
            raise SettingsError(key, "a shift cannot end when it starts", source)
        out.append(ShiftTime(code, start, end))
    return tuple(out)


#: The sensible range of each policy number (default: 1..10,000): a 0 or a
#: 1e20 would silently switch a rule off or overflow a date.
POLICY_RANGES: dict[str, tuple[int, int]] = {
    "qa_sample_percent": (0, 100),
    "complaint_report_working_day": (1, 23),
    "complaints_per_person_threshold": (1, 1000),
    "max_weekly_hours": (1, 168),
    "auth_doc_min_length": (1, 100),
    "silence_seconds": (1, 600),
    "answer_within_rings": (1, 50),
    "apology_after_rings": (1, 50),
    # switches and counts where 0 means "no" or "none"
    "hotline_callback_written": (0, 1),
    "sheet_return_next_day": (0, 1),
    "inspections_per_year": (0, 12),
    "change_late_notice_days": (0, 365),
}


def _parse_policy(value: Any, source: str) -> Policy:
    if not isinstance(value, dict):
        raise SettingsError("policy", "expected a table", source)
    names = {f.name for f in dataclasses.fields(Policy)}
    kwargs = {}
    for key, number in value.items():
        if key not in names:
            raise SettingsError(f"policy.{key}", "unknown policy setting", source)
        low, high = POLICY_RANGES.get(key, (1, 10_000))
        if isinstance(number, bool) or not isinstance(number, int) or not low <= number <= high:
            raise SettingsError(
                f"policy.{key}",
                f"expected a whole number from {low} to {high}, got {number!r}",
                source,
            )
        kwargs[key] = number
    return Policy(**kwargs)


def _validate(settings: Settings, source: str) -> None:
    if settings.language not in LANGUAGES:
        raise SettingsError("language", f"expected one of {', '.join(LANGUAGES)}", source)
    _check_timezone("timezone", settings.timezone, source)
    if settings.auth_doc_pattern:
        import re

        try:
            re.compile(settings.auth_doc_pattern)
        except re.error as exc:
            raise SettingsError("auth_doc_pattern", f"not a valid pattern: {exc}", source) from None


def load_settings(path: Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Read the settings file (if any), then apply environment overrides."""
    env = os.environ if env is None else env
    path = path or paths.settings_file()
    data: dict[str, Any] = {}
    if path.exists():
        import tomllib  # only with a file: a start without one skips the parser

        try:
            with path.open("rb") as fh:
                data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError("(file)", f"not valid TOML: {exc}", str(path)) from None
        except OSError as exc:
            raise SettingsError("(file)", f"cannot be read: {exc.strerror}", str(path)) from None
    for var, key in _ENV.items():
        if env.get(var):
            data[key] = env[var]
    settings = settings_from_mapping(data, str(path))
    if not settings.database_url:
        settings = settings.with_overrides(database_url=paths.default_database_url())
    return settings


def default_settings_toml() -> str:
    """The settings file `hotline init` writes: every key with its default."""
    s = Settings()
    lines = [
        "# hotline-tui settings. Environment overrides: "
        + ", ".join(f"{v} ({k})" for v, k in _ENV.items()),
        f'center_name = "{s.center_name}"',
        f'timezone = "{s.timezone}"',
        f'language = "{s.language}"',
        f'greeting = "{s.greeting}"',
        f'workday_start = "{s.workday_start:%H:%M}"',
        "confidential_roles = []",
        "",
        "[shifts]",
    ]
    lines += [f'{sh.code} = ["{sh.start:%H:%M}", "{sh.end:%H:%M}"]' for sh in s.shifts]
    lines += ["", "[policy]"]
    lines += [f"{f.name} = {getattr(s.policy, f.name)}" for f in dataclasses.fields(Policy)]
    lines += ["", "[keymap]", '# binding id = key, e.g. "nav.dispatch" = "f9"']
    return "\n".join(lines) + "\n"
