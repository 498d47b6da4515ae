"""A database password never appears on screen, in an error, in a prompt, on a
command line or in a file the desk writes."""

from __future__ import annotations

import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from hotline_tui.cli import main
from hotline_tui.services.admin import backup as backup_svc
from hotline_tui.store.db import close_database, mask_url
from tests import conftest

SECRET = "s3cr3t-Pa55"


def _with_password(url: str) -> str:
    return url.replace("postgresql://postgres@", f"postgresql://postgres:{SECRET}@", 1)


@pytest.mark.parametrize(
    "text",
    [
        f"postgresql://desk:{SECRET}@db.example:5432/hotline",
        f"postgres://desk:{SECRET}@/hotline?host=/run/pg",
        f"cannot open postgresql://desk:{SECRET}@h/db: timeout",
        f"postgresql://desk@h/db?password={SECRET}&sslmode=require",
    ],
)
def test_mask_url_hides_the_password(text) -> None:
    masked = mask_url(text)
    assert SECRET not in masked and "***" in masked


def test_errors_never_echo_the_password(capsys, tmp_path) -> None:
    for url in (
        f"mysql://root:{SECRET}@host/db",
        f"postgresql://desk:{SECRET}@host:notaport/db",
        f"postgresql://desk:{SECRET}@host/",
    ):
        assert main(["--db", url, "--config", str(tmp_path / "s.toml"), "init"]) != 0
        out = capsys.readouterr()
        assert SECRET not in out.out + out.err


@pytest.mark.postgres
def test_init_and_backup_keep_the_password_out_of_sight(tmp_path, capsys, monkeypatch) -> None:
    if not shutil.which("pg_dump") and not list(Path("/usr/lib/postgresql").glob("*/bin/pg_dump")):
        pytest.skip("pg_dump is not installed")
    url = _with_password(conftest.new_pg_url())
    config = tmp_path / "settings.toml"
    assert main(["--db", url, "--config", str(config), "init"]) == 0
    out = capsys.readouterr()
    assert SECRET not in out.out + out.err and "***" in out.out
    assert SECRET not in config.read_text(encoding="utf-8")
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    close_database()

    seen: list[tuple[list[str], str]] = []
    real_run = backup_svc.subprocess.run

    def spy(cmd, **kwargs):
        passfile = kwargs["env"].get("PGPASSFILE", "")
        mode = stat.S_IMODE(Path(passfile).stat().st_mode) if passfile else None
        seen.append((list(cmd), Path(passfile).read_text() if passfile else ""))
        assert mode == 0o600
        assert "PGPASSWORD" not in kwargs["env"]
        return real_run(cmd, **kwargs)

    monkeypatch.setattr(backup_svc.subprocess, "run", spy)
    target = tmp_path / "desk.pgdump"
    backup_svc.backup(None, url, target)  # a real pg_dump, the password by file
    assert target.exists() and stat.S_IMODE(target.stat().st_mode) == 0o600
    cmd, passfile = seen[0]
    assert not any(SECRET in part for part in cmd)
    assert SECRET in passfile
    assert not list(Path(tempfile.gettempdir()).glob("hotline-pgpass-*"))  # removed after
