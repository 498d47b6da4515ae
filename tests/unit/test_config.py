"""Settings: defaults are the rules' numbers; bad files name the key."""

from __future__ import annotations

import tomllib

import pytest

from hotline_tui.config import (
    Settings,
    SettingsError,
    default_settings_toml,
    load_settings,
    settings_from_mapping,
)


def test_policy_defaults_are_the_rules_numbers() -> None:
    p = Settings().policy
    assert (p.answer_within_rings, p.apology_after_rings) == (3, 5)  # H1
    assert p.hold_callback_minutes == 60  # H6
    assert p.consultation_minutes == 180  # H7
    assert (p.ready_minutes, p.handover_minutes) == (10, 30)  # R2, R3
    assert p.hotline_callback_days == 3  # F1
    assert p.project_callback_working_days == 7  # F3
    assert p.complaint_response_minutes == 180  # C3
    assert p.complaint_verify_working_days == 1  # C4
    assert p.complaint_report_working_day == 3  # C7
    assert Settings().timezone == "Asia/Shanghai"


def test_default_file_round_trips() -> None:
    assert settings_from_mapping(tomllib.loads(default_settings_toml())) == Settings()


@pytest.mark.parametrize(
    "text, key",
    [
        ("colour = 'red'", "colour"),
        ("timezone = 'Mars/Olympus'", "timezone"),
        ("language = 'fr'", "language"),
        ("[policy]\nhold_callback_minutes = -1", "policy.hold_callback_minutes"),
        ("[policy]\nwhatever = 1", "policy.whatever"),
        ("[shifts]\nday = ['8h', '17:00']", "shifts.day"),
        ("workday_start = 'nine'", "workday_start"),
        ("this is not toml", "(file)"),
    ],
)
def test_bad_settings_name_the_key(tmp_path, text: str, key: str) -> None:
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as exc:
        load_settings(path, env={})
    assert exc.value.key == key
    assert key in str(exc.value)


def test_environment_overrides_file(tmp_path) -> None:
    path = tmp_path / "s.toml"
    path.write_text("center_name = 'A'\nlanguage = 'zh_CN'\n", encoding="utf-8")
    s = load_settings(
        path, env={"HOTLINE_CENTER": "B", "HOTLINE_LANG": "en", "HOTLINE_DB": "sqlite:///x.db"}
    )
    assert (s.center_name, s.language, s.database_url) == ("B", "en", "sqlite:///x.db")


def test_policy_change_is_read(tmp_path) -> None:
    path = tmp_path / "s.toml"
    path.write_text("[policy]\nhold_callback_minutes = 45\n", encoding="utf-8")
    assert load_settings(path, env={}).policy.hold_callback_minutes == 45
