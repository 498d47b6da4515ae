"""Run the `hotline` command as a proven staff member, as a user or a script would.

`cli_as(url, "9001", "audit", "--json")` runs
`hotline --db URL --as 9001 --password-stdin audit --json` in this process with
the password on standard input (the demo password `hotline-<agent no.>`, the
one the test fixtures give every staff member); `hotline_as(...)` runs the
same as a real process. `with_token(...)` runs with HOTLINE_TOKEN instead.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from hotline_tui.cli import main


def demo_password(agent_no: str) -> str:
    """The password the demo data and the test fixtures give `agent_no`."""
    return f"hotline-{agent_no}"


@contextmanager
def stdin_text(text: str) -> Iterator[None]:
    """Standard input holding `text` for an in-process `main()`."""
    saved = sys.stdin
    sys.stdin = io.StringIO(text)
    try:
        yield
    finally:
        sys.stdin = saved


def cli_as(
    url: str | None, agent_no: str, *argv: str, password: str | None = None, more: str = ""
) -> int:
    """`main()` as `agent_no`, proven with a password through --password-stdin.

    `more` is standard input after the password (e.g. `hotline passwd`'s new one).
    """
    pw = demo_password(agent_no) if password is None else password
    head = ["--db", url] if url else []
    with stdin_text(pw + "\n" + more):
        return main([*head, "--as", agent_no, "--password-stdin", *argv])


def cli_token(url: str | None, token: str, *argv: str) -> int:
    """`main()` proven by an access token in HOTLINE_TOKEN."""
    saved = os.environ.get("HOTLINE_TOKEN")
    os.environ["HOTLINE_TOKEN"] = token
    try:
        head = ["--db", url] if url else []
        with stdin_text(""):
            return main([*head, *argv])
    finally:
        if saved is None:
            os.environ.pop("HOTLINE_TOKEN", None)
        else:
            os.environ["HOTLINE_TOKEN"] = saved


def hotline_as(
    url: str,
    agent_no: str,
    argv: Sequence[str],
    password: str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """`hotline --db URL --as AGENT_NO --password-stdin ...` as a real process."""
    pw = demo_password(agent_no) if password is None else password
    return subprocess.run(
        [sys.executable, "-m", "hotline_tui.cli", "--db", url, "--as", agent_no]
        + ["--password-stdin", *argv],
        input=pw + "\n",
        capture_output=True,
        text=True,
        timeout=timeout,
        env=(env if env is not None else os.environ.copy()),
    )


def main_as(argv: Sequence[str], agent_no: str = "9001", password: str | None = None) -> int:
    """`main(argv)` proven with a password on standard input (--password-stdin).

    Whoever `argv` names with a command's own `--as` signs in; otherwise
    `agent_no` (default 9001, the fixtures' manager) is added as the global --as.
    """
    argv = list(argv)
    if "--as" in argv:
        who = argv[argv.index("--as") + 1]
        head = ["--password-stdin"]
    else:
        who = agent_no
        head = ["--as", agent_no, "--password-stdin"]
    pw = demo_password(who) if password is None else password
    with stdin_text(pw + "\n"):
        return main([*head, *argv])
