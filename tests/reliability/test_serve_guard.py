"""The browser desk's doors, tried against a real `hotline serve` on loopback.

A websocket client (aiohttp) plays the other web page: browsers send the
page's Origin with every websocket, and the server must refuse any origin but
its own, and any Host it does not serve (DNS rebinding).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from hotline_tui.store.base import database
from tests.e2e.test_browser import free_port, stop, wait_for_port

pytestmark = pytest.mark.slow


@pytest.fixture
def served(sqlite_staff, tmp_path: Path) -> Iterator[int]:
    port = free_port()
    env = os.environ | {
        "HOTLINE_DB": f"sqlite:///{database.obj.database}",
        "HOTLINE_LANG": "zh_CN",
        "HOTLINE_AS": "9001",  # left in the server's shell: must not reach a tab
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "hotline_tui.cli", "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "serve.log", "wb"),
    )
    try:
        wait_for_port(port, proc, 30.0)
        yield port
    finally:
        stop(proc)


def run(coro):
    return asyncio.run(coro)


async def _get(url: str, **headers: str) -> tuple[int, dict[str, str], str]:
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as resp:
        return resp.status, dict(resp.headers), await resp.text()


async def _ws(port: int, origin: str | None, host: str | None = None) -> tuple[str, bytes]:
    headers = {"Origin": origin} if origin else {}
    if host:
        headers["Host"] = host
    url = f"ws://127.0.0.1:{port}/ws?width=100&height=30"
    async with aiohttp.ClientSession() as http:
        try:
            async with http.ws_connect(url, headers=headers) as ws:
                got = b""
                loop = asyncio.get_running_loop()
                deadline = loop.time() + 30
                while "登录".encode() not in got and loop.time() < deadline:
                    msg = await ws.receive(timeout=deadline - loop.time())
                    if msg.type == aiohttp.WSMsgType.BINARY:
                        got += msg.data
                    elif msg.type != aiohttp.WSMsgType.TEXT:
                        break
                return "open", got
        except aiohttp.WSServerHandshakeError as exc:
            return f"refused {exc.status}", b""


@pytest.mark.parametrize(
    "origin",
    [
        "http://evil.example",
        "http://127.0.0.1:1",  # loopback, another port: another site
        "https://127.0.0.1:{port}",  # another scheme
        "null",  # a sandboxed frame or a file:// page
        None,  # no Origin at all
    ],
)
def test_websocket_refuses_a_foreign_origin(served: int, origin: str | None) -> None:
    status, _ = run(_ws(served, origin.format(port=served) if origin else None))
    assert status == "refused 403"


def test_websocket_refuses_a_host_it_does_not_serve(served: int) -> None:
    """A rebound DNS name pointing at loopback: same 'origin' to the browser, wrong Host."""
    status, _ = run(_ws(served, f"http://evil.example:{served}", host=f"evil.example:{served}"))
    assert status == "refused 421"


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost"])
def test_websocket_accepts_the_pages_own_origin_and_shows_the_sign_in_box(
    served: int, name: str
) -> None:
    status, got = run(_ws(served, f"http://{name}:{served}", host=f"{name}:{served}"))
    assert status == "open"
    text = got.decode("utf-8", errors="ignore")
    assert "登录" in text
    assert "张经理" not in text  # HOTLINE_AS in the server's shell signed no one in


def test_every_response_forbids_frames_and_foreign_content(served: int) -> None:
    for path in ["/", "/static/js/textual.js", "/desk/desk.css", "/nothing-here"]:
        status, headers, body = run(_get(f"http://127.0.0.1:{served}{path}"))
        assert headers["X-Frame-Options"] == "DENY", path
        policy = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
        assert "script-src 'self';" in policy  # no inline or foreign script
        assert headers["X-Content-Type-Options"] == "nosniff"
    status, _, page = run(_get(f"http://127.0.0.1:{served}/"))
    assert status == 200
    assert "googleapis" not in page and "https://" not in page and "<script>" not in page
    assert f"ws://127.0.0.1:{served}/ws" in page


@pytest.mark.parametrize("path", ["/static/", "/static/js/", "/desk/", "/static/fonts"])
def test_no_directory_listings(served: int, path: str) -> None:
    status, _, body = run(_get(f"http://127.0.0.1:{served}{path}"))
    assert status in (403, 404) and "textual.js" not in body and ".ttf" not in body


def test_a_page_asked_for_under_another_host_is_refused(served: int) -> None:
    status, headers, _ = run(_get(f"http://127.0.0.1:{served}/", Host="evil.example"))
    assert status == 421 and headers["X-Frame-Options"] == "DENY"
