"""A fake PBX for the tests: a real `hotline cti serve` on loopback and posts to it."""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

LOOPBACK = "127.0.0.1"
#: Whether this build's command line wants the runner's password (--password-stdin).
PROVES = importlib.util.find_spec("hotline_tui.cli_identity") is not None


def cli(argv: list[str]) -> int:
    """`main(argv)` in this process, proven the way this build asks for."""
    if PROVES:
        from tests.cli_helpers import main_as

        return main_as(argv)
    from hotline_tui.cli import main

    return main(argv)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def hotline(db_url: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "hotline_tui.cli", "--db", db_url, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def run(db_url: str, *args: str) -> subprocess.CompletedProcess:
    """A command as a real process; with `--as NO`, proven by that person's test
    password on standard input where this build asks for one."""
    head: list[str] = []
    stdin = None
    if PROVES and "--as" in args:
        who = args[args.index("--as") + 1]
        head, stdin = ["--password-stdin"], f"hotline-{who}\n"
    proc = subprocess.Popen(
        [sys.executable, "-m", "hotline_tui.cli", *head, "--db", db_url, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = proc.communicate(stdin, timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@contextmanager
def cti_server(db_url: str, *extra: str) -> Iterator[str]:
    """`hotline cti serve` in a child process; yields its base URL once it listens."""
    port = free_port()
    proc = hotline(db_url, "cti", "serve", "--host", LOOPBACK, "--port", str(port), *extra)
    deadline = time.monotonic() + 30
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"cti serve exited: {proc.stderr.read()}")
            try:
                socket.create_connection((LOOPBACK, port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("cti serve did not start") from None
                time.sleep(0.05)
        yield f"http://{LOOPBACK}:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def post(base: str, token: str, fields: dict[str, Any], as_json: bool = False) -> tuple[int, dict]:
    """POST one event as a PBX bridge would (form-encoded with user[], or JSON)."""
    url = f"{base}/api/v1/cti/{token}"
    if as_json:
        body, ctype = json.dumps(fields).encode(), "application/json"
    else:
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        ctype = "application/x-www-form-urlencoded"
    req = urllib.request.Request(url, data=body, headers={"Content-Type": ctype}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")
