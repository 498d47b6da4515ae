"""The `hotline` command: help, version, init, demo, and clear errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from hotline_tui import __version__
from hotline_tui.cli import main


def test_help_lists_commands(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for cmd in ("init", "demo", "run"):
        assert cmd in out


def test_version(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert __version__ in capsys.readouterr().out


def test_init_writes_settings_and_database(tmp_path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    assert main(["--db", url, "init"]) == 0
    assert (tmp_path / "desk.db").exists()
    assert (tmp_path / "config" / "settings.toml").exists()


def test_bad_url_is_one_clear_line(capsys) -> None:
    assert main(["--db", "mysql://nope/db", "init"]) == 2
    err = capsys.readouterr().err
    assert "unsupported" in err and "Traceback" not in err


def test_missing_folder_is_reported(tmp_path, capsys) -> None:
    assert main(["--db", f"sqlite:///{tmp_path}/no/such/desk.db", "init"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_hotline_db_env_is_used(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HOTLINE_DB", f"sqlite:///{tmp_path / 'env.db'}")
    assert main(["init"]) == 0
    assert (tmp_path / "env.db").exists()


def test_bad_settings_file_names_the_key(tmp_path, capsys) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[policy]\nhold_callback_minutes = 'soon'\n", encoding="utf-8")
    assert main(["--config", str(cfg), "--db", f"sqlite:///{tmp_path / 'x.db'}", "init"]) == 2
    err = capsys.readouterr().err
    assert "policy.hold_callback_minutes" in err and "Traceback" not in err


def test_unknown_command_exits_2() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "hotline_tui.cli", "frobnicate"], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
