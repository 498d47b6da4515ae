"""`hotline serve`: loopback by default, same database and settings, TLS off loopback."""

from __future__ import annotations

import os
import shlex

import pytest

import hotline_tui.webdesk
from hotline_tui.cli import main
from hotline_tui.store.base import database


class FakeServer:
    """Records what textual-serve would be started with."""

    started: dict = {}

    def __init__(self, command: str, **kwargs: object) -> None:
        FakeServer.started = {"command": command, **kwargs}

    def serve(self) -> None:
        FakeServer.started["env"] = {k: v for k, v in os.environ.items() if k.startswith("HOTLINE")}


@pytest.fixture
def url(sqlite_staff, monkeypatch) -> str:
    monkeypatch.setattr(hotline_tui.webdesk, "DeskServer", FakeServer)
    for key in ("HOTLINE_DB", "HOTLINE_LANG", "HOTLINE_CONFIG"):
        monkeypatch.setenv(key, "")  # restored after the test; serve sets them
    return f"sqlite:///{database.obj.database}"


def test_serve_runs_the_same_app_on_loopback_with_the_same_database(url, tmp_path) -> None:
    config = tmp_path / "hotline.toml"
    config.write_text('language = "zh_CN"\n', encoding="utf-8")
    assert main(["--db", url, "--config", str(config), "serve", "--port", "8123"]) == 0
    started = FakeServer.started
    assert (started["host"], started["port"]) == ("127.0.0.1", 8123)
    assert shlex.split(started["command"])[1:] == ["-m", "hotline_tui.cli", "run"]
    assert started["env"]["HOTLINE_DB"] == url  # in the environment, not the process list
    assert started["env"]["HOTLINE_CONFIG"] == str(config)
    assert started["env"]["HOTLINE_LANG"] == "zh_CN"
    assert url not in started["command"]


def test_serve_refuses_a_port_out_of_range(url, capsys) -> None:
    FakeServer.started = {}
    assert main(["--db", url, "serve", "--port", "70000"]) != 0
    assert "65535" in capsys.readouterr().err and FakeServer.started == {}


@pytest.mark.parametrize(
    "public_url", [None, "http://desk.example.com", "desk.example.com", "https://x.example/desk"]
)
def test_serve_refuses_to_leave_loopback_without_a_tls_public_url(url, capsys, public_url) -> None:
    """A warning alone is not enough: off loopback, only behind a TLS proxy."""
    FakeServer.started = {}
    extra = ["--public-url", public_url] if public_url else []
    assert main(["--db", url, "serve", "--host", "0.0.0.0", "--port", "8124", *extra]) != 0
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "--public-url" in err and FakeServer.started == {}


def test_serve_leaves_loopback_behind_an_https_public_url(url) -> None:
    argv = ["serve", "--host", "0.0.0.0", "--port", "8124"]
    assert main(["--db", url, *argv, "--public-url", "https://desk.example.com"]) == 0
    assert FakeServer.started["public_url"] == "https://desk.example.com"


def test_serve_never_passes_hotline_as_to_the_browser_sessions(url, monkeypatch) -> None:
    """`hotline --as` / HOTLINE_AS start the desk signed in; a browser visitor
    must sign in at the box, whatever the server's shell holds."""
    monkeypatch.setenv("HOTLINE_AS", "9001")
    monkeypatch.setenv("HOTLINE_TOKEN", "hlt_not-for-browsers")
    assert main(["--db", url, "serve", "--port", "8125"]) == 0
    assert "HOTLINE_AS" not in FakeServer.started["env"]
    assert "HOTLINE_TOKEN" not in FakeServer.started["env"]
    assert "--as" not in shlex.split(FakeServer.started["command"])
