"""The desk in a browser (docs/DESIGN.md, the manager's review): `hotline serve` + headless Chromium.

Chromium is driven over the Chrome DevTools Protocol with aiohttp's websocket
client (already installed with textual-serve), so no browser-automation
package is needed. The terminal is drawn on a canvas, so the test reads what
the app sent to the page: the websocket frames Chromium received from
textual-serve (CDP `Network.webSocketFrameReceived`).

Skips with a reason where no Chromium is installed, unless
HOTLINE_REQUIRE_CHROMIUM=1 (set by .ci/run), where that is a failure.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from hotline_tui.store.base import database
from hotline_tui.store.models import SignInEvent
from tests import factories as f

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,800",
]
#: Every wait is bounded (seconds).
START_TIMEOUT = 30.0
SCREEN_TIMEOUT = 45.0


@pytest.fixture
def chromium() -> str:
    if CHROMIUM is None:
        if os.environ.get("HOTLINE_REQUIRE_CHROMIUM") == "1":
            pytest.fail("HOTLINE_REQUIRE_CHROMIUM=1 but no chromium is installed")
        pytest.skip("no chromium on this machine (apt-get install chromium chromium-driver)")
    return CHROMIUM


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float) -> None:
    for _ in range(int(timeout * 10)):
        if proc.poll() is not None:
            raise AssertionError(f"process exited early with {proc.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port} after {timeout} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


@pytest.fixture
def served(sqlite_staff, clock, tmp_path) -> Iterator[str]:
    """`hotline serve` on a free loopback port over a seeded temporary database."""
    now = clock.now()
    hd = f.customer("上海宏达机械有限公司", "宏达机械")
    f.call(sqlite_staff["operator"], hd, now.subtract(minutes=5), symptom="账套备份失败")
    f.handover(sqlite_staff["operator2"], now.add(hours=5), note="夜班交接")
    path = database.obj.database
    port = free_port()
    env = os.environ | {"HOTLINE_DB": f"sqlite:///{path}", "HOTLINE_LANG": "zh_CN"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "hotline_tui.cli", "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "serve.log", "wb"),
    )
    try:
        wait_for_port(port, proc, START_TIMEOUT)
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop(proc)


class Browser:
    """The little of CDP this test needs: navigate, type, watch websocket frames."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.ids = itertools.count(1)
        self.raw = b""  # the terminal output the page got from the app, in order
        self.replies: dict[int, dict[str, Any]] = {}

    async def pump(self, timeout: float) -> None:
        msg = await self.ws.receive(timeout=timeout)
        if msg.type != aiohttp.WSMsgType.TEXT:
            raise AssertionError(f"DevTools connection ended: {msg.type}")
        data = json.loads(msg.data)
        if "id" in data:
            self.replies[data["id"]] = data
        elif data.get("method") == "Network.webSocketFrameReceived":
            frame = data["params"]["response"]
            if frame.get("opcode") == 2:  # binary: the app's terminal output
                self.raw += base64.b64decode(frame["payloadData"])

    @property
    def received(self) -> str:
        return self.raw.decode("utf-8", errors="ignore")

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        n = next(self.ids)
        await self.ws.send_json({"id": n, "method": method, "params": params})
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        while n not in self.replies:
            await self.pump(max(0.1, deadline - loop.time()))
        return self.replies.pop(n)

    async def wait_for(self, *texts: str, timeout: float = SCREEN_TIMEOUT) -> None:
        """Until every text has come through since the last call (bounded)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not all(t in self.received for t in texts):
            left = deadline - loop.time()
            if left <= 0:
                raise AssertionError(
                    f"{texts} never reached the page; got {self.received[-800:]!r}"
                )
            with contextlib.suppress(asyncio.TimeoutError):
                await self.pump(min(left, 1.0))
        self.raw = b""

    async def key(self, key: str, code: str, vk: int, text: str = "") -> None:
        base = {"key": key, "code": code, "windowsVirtualKeyCode": vk}
        await self.send("Input.dispatchKeyEvent", type="keyDown", text=text, **base)
        await self.send("Input.dispatchKeyEvent", type="keyUp", **base)

    async def type(self, text: str) -> None:
        """Digits, ASCII letters and `-`, as key presses (what a password needs)."""
        for ch in text:
            if ch.isdigit():
                await self.key(ch, f"Digit{ch}", ord(ch), ch)
            elif ch.isascii() and ch.isalpha():
                await self.key(ch, f"Key{ch.upper()}", ord(ch.upper()), ch)
            elif ch == "-":
                await self.key(ch, "Minus", 189, ch)
            else:
                raise ValueError(f"no key for {ch!r}")


@contextlib.asynccontextmanager
async def browser(binary: str, profile: Path) -> AsyncIterator[Browser]:
    proc = subprocess.Popen(
        [binary, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        for _ in range(int(START_TIMEOUT * 10)):
            if port_file.exists() and port_file.read_text().strip():
                break
            if proc.poll() is not None:
                raise AssertionError(f"chromium exited with {proc.returncode}")
            await asyncio.sleep(0.1)
        else:
            raise AssertionError("chromium never opened its DevTools port")
        port = int(port_file.read_text().split()[0])
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http:
            async with http.get(f"http://127.0.0.1:{port}/json/list") as resp:
                pages = [t for t in await resp.json() if t["type"] == "page"]
            async with http.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                yield Browser(ws)
    finally:
        stop(proc)


async def test_serve_signs_in_and_shows_open_items_in_chromium(
    chromium: str, served: str, tmp_path: Path
) -> None:
    async with browser(chromium, tmp_path / "profile") as page:
        await page.send("Network.enable")
        await page.send("Page.navigate", url=served)
        await page.wait_for("登录")  # the sign-in screen came through textual-serve
        await page.send(
            "Runtime.evaluate",
            expression="document.querySelector('.xterm-helper-textarea').focus()",
        )
        await page.type("9001")
        await page.wait_for("9001")  # the box shows the number: the desk has the keys
        await page.key("Enter", "Enter", 13, "\r")  # on to the password
        await page.type("hotline-9001")
        await page.wait_for("•" * 12)  # twelve masked characters, none shown
        await page.key("Enter", "Enter", 13, "\r")
        await page.wait_for("张经理")  # signed in: the header names the manager
        # The tab signed in like a terminal, logged with the browser's address.
        event = SignInEvent.select().order_by(SignInEvent.id.desc()).first()
        assert (event.agent_no, event.event) == ("9001", "sign_in")
        assert event.terminal == "browser 127.0.0.1"
        await page.key("F11", "F11", 122)
        await page.wait_for("宏达机械", "账套备份失败", "夜班交接")
        shot = await page.send("Page.captureScreenshot", format="png")
        (tmp_path / "browser.png").write_bytes(base64.b64decode(shot["result"]["data"]))
