"""The `hotline` command: global options, then a subcommand (default: start the app).

Subcommands live in `hotline_tui/commands/*.py`, each with `register(sub)`, so
features add theirs without touching this file. Every error a user can cause
ends in one clear line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hotline_tui import __version__, commands
from hotline_tui.config import Settings, SettingsError, load_settings
from hotline_tui.domain.errors import HotlineError
from hotline_tui.i18n import _, set_language
from hotline_tui.quietgc import settle
from hotline_tui.store.db import DatabaseUrlError, mask_url

EXIT_USAGE = 2


@dataclass
class CliEnv:
    """What a subcommand gets: the parsed options and the effective settings."""

    args: argparse.Namespace
    settings: Settings
    _secrets: Any = field(default=None, repr=False)
    _context: Any = field(default=None, repr=False)

    def acting_agent(self, given: str | None) -> str:
        """The agent number a command or the desk runs as: `--as`, else HOTLINE_AS."""
        return given or os.environ.get("HOTLINE_AS", "")

    def open_db(self, migrate: bool = True):
        from hotline_tui.store.db import open_database

        return open_database(self.settings.database_url, migrate=migrate)

    @property
    def secrets(self):
        """Passwords this command reads (--password-stdin or a no-echo prompt), once."""
        if self._secrets is None:
            from hotline_tui.cli_identity import Secrets

            self._secrets = Secrets(bool(getattr(self.args, "password_stdin", False)))
        return self._secrets

    def context(self, agent_no: str | None = None, *, changing_password: bool = False):
        """Open the database and return the context every desk-data command acts in.

        The one place a command learns who runs it, and the proof of it:
        HOTLINE_TOKEN, else the password of `agent_no` (a command's own --as),
        else of the global --as or HOTLINE_AS (cli_identity.py). Proven once
        per command; the services check the roles. A one-time password
        proves only `hotline passwd` (changing_password).
        """
        if self._context is None:
            from hotline_tui.cli_identity import prove

            self._context = prove(self, agent_no, changing_password)
        return self._context


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, as argparse does, no trace
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


class _NotPlain(Exception):
    """The command line names more than the global options."""


class _GlobalsOnly(_Parser):
    def error(self, message: str) -> None:
        raise _NotPlain(message)


def _add_globals(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (also HOTLINE_DB): sqlite:///PATH or postgresql://...",
    )
    parser.add_argument("--lang", choices=["zh_CN", "en"], help="UI language (also HOTLINE_LANG)")
    parser.add_argument("--config", metavar="PATH", help="settings file (also HOTLINE_CONFIG)")
    parser.add_argument(
        "--as",
        dest="start_as",
        metavar="AGENT_NO",
        help="who runs the command (also HOTLINE_AS); the desk asks this agent's password",
    )
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input (first line) instead of asking",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="hotline", description="The hotline desk of a software service center.")
    parser.add_argument("--version", action="version", version=f"hotline-tui {__version__}")
    _add_globals(parser)
    import importlib
    import pkgutil

    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub)
    return parser


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Plain `hotline [--db URL] [--lang L] [--config PATH]` starts the desk without
    importing every subcommand's module (about 30 ms of each start, docs/PERFORMANCE.md);
    anything else (a subcommand, --help, --version, a mistake) gets the full parser."""
    argv = list(sys.argv[1:] if argv is None else argv)
    plain = _GlobalsOnly(prog="hotline", add_help=False)
    _add_globals(plain)
    try:
        args, rest = plain.parse_known_args(argv)
    except _NotPlain:
        rest = ["?"]
    if rest:
        return build_parser().parse_args(argv)
    args.command = None
    return args


def _init():
    from hotline_tui.commands.core import init

    return init


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        env = dict(os.environ)
        if args.db:
            env["HOTLINE_DB"] = args.db
        if args.lang:
            env["HOTLINE_LANG"] = args.lang
        from pathlib import Path

        config = Path(args.config) if args.config else None
        if (
            config is not None
            and not config.is_file()
            and getattr(args, "handler", None) is not _init()
        ):
            raise SettingsError("--config", f"no settings file at {config}")
        settings = load_settings(config, env)
        set_language(settings.language)
        from hotline_tui.commands.core import run_app

        handler = getattr(args, "handler", None) or run_app
        if handler is not run_app:
            settle()  # only the app's start runs with the collector quiet (launch.py)
        return int(handler(CliEnv(args, settings)) or 0)
    except SettingsError as exc:
        print(_("hotline: bad settings: {error}", error=mask_url(str(exc))), file=sys.stderr)
    except DatabaseUrlError as exc:
        print(_("hotline: database: {error}", error=mask_url(str(exc))), file=sys.stderr)
    except HotlineError as exc:
        print(f"hotline: {mask_url(str(exc))}", file=sys.stderr)
    except OverflowError:  # a date or number past what the database or calendar holds
        print(_("hotline: a date or number is out of range"), file=sys.stderr)
    except KeyboardInterrupt:
        return 130
    except EOFError:  # Ctrl-D at a prompt (agent number, password)
        print(_("hotline: the input ended before the answer"), file=sys.stderr)
    except BrokenPipeError:
        return 0
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
