"""`hotline serve`: the desk in a browser, for a manager away from a terminal.

textual-serve starts one app process per browser tab. Each runs the same
`hotline` against the same database and settings: the database URL, the
language and the settings file travel in the environment, so a password in
a PostgreSQL URL never shows in the process list.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from typing import Any

LOOPBACK = "127.0.0.1"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve the desk to a web browser (textual-serve)")
    p.add_argument("--host", default=LOOPBACK, help="address to listen on (default: loopback)")
    p.add_argument("--port", type=int, default=8000, help="TCP port (default: 8000)")
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the https:// address a TLS reverse proxy serves (required off loopback)",
    )
    p.set_defaults(handler=serve)


def app_command(env: Any) -> tuple[str, dict[str, str]]:
    """The shell command each browser session runs, and the environment it needs."""
    extra = {"HOTLINE_DB": env.settings.database_url, "HOTLINE_LANG": env.settings.language}
    if getattr(env.args, "config", None):
        extra["HOTLINE_CONFIG"] = os.path.abspath(env.args.config)
    return shlex.join([sys.executable, "-m", "hotline_tui.cli", "run"]), extra


def serve(env: Any) -> int:
    from hotline_tui.domain.errors import ValidationError
    from hotline_tui.webdesk import DeskServer, check_public_url, strip_identity

    if not 0 < env.args.port < 65536:
        raise ValidationError("port", "A port is a number from 1 to 65535")
    check_public_url(env.args.host, env.args.public_url)
    env.open_db()  # migrate once here, and fail early on a bad database
    command, extra = app_command(env)
    os.environ.update(extra)
    # Each browser tab signs in at its own box: a HOTLINE_AS or HOTLINE_TOKEN left
    # in the server's shell (for the CLI) must not sign every visitor in.
    strip_identity(os.environ)
    DeskServer(
        command,
        host=env.args.host,
        port=env.args.port,
        title=env.settings.center_name,
        public_url=env.args.public_url,
    ).serve()
    return 0
