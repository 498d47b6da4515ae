"""What keeps the desk's start short (docs/PERFORMANCE.md, cold start): a plain start parses
only the global options, the collector is quiet until the desk has shown its
items, and the merged translation catalog is read from the cache."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from hotline_tui import i18n, launch
from hotline_tui.cli import main, parse_args


def _child(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_plain_start_parses_without_importing_any_subcommand() -> None:
    code = (
        "import sys\n"
        "from hotline_tui.cli import parse_args\n"
        "a = parse_args(['--db', 'sqlite:///x.db', '--lang', 'en'])\n"
        "print(a.db, a.lang, a.command,"
        " sorted(m for m in sys.modules if m.startswith('hotline_tui.commands.')))\n"
    )
    assert _child(code) == "sqlite:///x.db en None []"


def test_a_subcommand_or_a_mistake_gets_the_full_parser(capsys) -> None:
    assert parse_args(["--db", "sqlite:///x.db", "init"]).command == "init"
    with pytest.raises(SystemExit) as exc:
        main(["--lang", "xx"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "COMMAND" in err and "invalid choice: 'xx'" in err and "Traceback" not in err


def test_quiet_start_then_settle_freezes_what_lives_and_collects_again() -> None:
    code = (
        "import gc\n"
        "from hotline_tui.launch import quiet_start, settle\n"
        "quiet_start(); off = gc.isenabled()\n"
        "settle(); print(off, gc.isenabled(), gc.get_freeze_count() > 0)\n"
    )
    assert _child(code) == "False True True"


def test_settle_leaves_a_collector_it_did_not_stop_alone() -> None:
    frozen = gc.get_freeze_count()
    launch.settle()
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_a_command_other_than_the_app_runs_with_the_collector_on(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    code = (
        "import gc\n"
        "import hotline_tui.commands.core as core\n"
        "seen = []\n"
        "real = core.init\n"
        "def init(env):\n"
        "    seen.append(gc.isenabled())\n"
        "    return real(env)\n"
        "core.init = init\n"
        "from hotline_tui.launch import main\n"
        f"rc = main(['--db', {url!r}, 'init'])\n"
        "print(rc, seen, gc.isenabled())\n"
    )
    assert _child(code).endswith("0 [True] True")


def test_fake_gc_follows_quiet_start_and_settle(fake_gc) -> None:
    launch.quiet_start()
    assert not fake_gc.enabled
    launch.settle()
    launch.settle()
    assert fake_gc.enabled and fake_gc.frozen == 1


# -- the merged catalog's cache ---------------------------------------------------------


@pytest.fixture
def locale_dir(tmp_path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "locale" / "xx"
    folder.mkdir(parents=True)
    (folder / "a.toml").write_text('"Desk" = "工作台"\n', encoding="utf-8")
    (folder / "b.toml").write_text('"Refresh" = "刷新"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    return folder


def _merged(lang: str) -> dict[str, str]:
    return i18n.catalog.__wrapped__(lang)  # past the per-process memo


def test_catalog_is_cached_and_read_back_without_the_toml_parser(locale_dir, monkeypatch) -> None:
    assert _merged("xx") == {"Desk": "工作台", "Refresh": "刷新"}
    cached = i18n._cache_file("xx")
    assert cached.exists()
    monkeypatch.setitem(sys.modules, "tomllib", None)  # any parse now fails
    assert _merged("xx") == {"Desk": "工作台", "Refresh": "刷新"}


def test_an_edited_catalog_file_replaces_the_cache(locale_dir) -> None:
    _merged("xx")
    (locale_dir / "b.toml").write_text('"Refresh" = "重新载入"\n', encoding="utf-8")
    assert _merged("xx")["Refresh"] == "重新载入"
    (locale_dir / "c.toml").write_text('"Open" = "打开"\n', encoding="utf-8")
    assert _merged("xx")["Open"] == "打开"


def test_a_damaged_cache_is_rebuilt_from_the_files(locale_dir) -> None:
    _merged("xx")
    i18n._cache_file("xx").write_bytes(b"\x00not marshal")
    assert _merged("xx") == {"Desk": "工作台", "Refresh": "刷新"}
    assert _merged("xx") == {"Desk": "工作台", "Refresh": "刷新"}
