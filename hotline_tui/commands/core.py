"""Core commands: start the app, `init`, `demo`."""

from __future__ import annotations

import argparse

from hotline_tui.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="start the hotline desk (the default)")
    p.set_defaults(handler=run_app)
    p = sub.add_parser(
        "init", help="write a settings file with every default and create the database"
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing settings file")
    p.add_argument(
        "--name", help="the first manager's name (a new database; the agent number is --as)"
    )
    p.set_defaults(handler=init)
    p = sub.add_parser("demo", help="fill the database with realistic demo data")
    p.add_argument("--seed", type=int, default=7, help="random seed (same seed, same data)")
    p.add_argument(
        "--if-empty", action="store_true", help="only when the database has no staff yet"
    )
    p.set_defaults(handler=demo)


def _ensure_data_dir(env) -> None:
    from hotline_tui import paths
    from hotline_tui.store.db import sqlite_path

    path = sqlite_path(env.settings.database_url)
    if path is not None and path.parent == paths.data_dir():
        path.parent.mkdir(parents=True, exist_ok=True)


def run_app(env) -> int:
    from hotline_tui.store.db import open_database_in_background
    from hotline_tui.ui.app import create_app

    _ensure_data_dir(env)
    agent_no = env.acting_agent(getattr(env.args, "start_as", None))
    # Connecting, migrating and a first desk query run while the desk paints and
    # the operator types the agent number; the sign-in waits for them (docs/PERFORMANCE.md).
    # With the agent known (--as), it fetches their items, handed over only once
    # their password is proven.
    ahead = None
    if agent_no:
        from hotline_tui.services.auth.ahead import SignInAhead

        ahead = SignInAhead(agent_no)
    warm = ahead.run if ahead else _warm_desk
    open_database_in_background(env.settings.database_url, warm=warm)
    app = create_app(env.settings, agent_no=agent_no, ahead=ahead)
    app.run()
    from hotline_tui.store.db import wait_until_open

    try:  # a desk closed at once leaves no migration half-run in its opening thread
        wait_until_open(timeout=10)
    except Exception:
        pass  # a failed opening: the desk has said why already
    # A desk that crashed (an unhandled error in the app) exits non-zero, so a
    # wrapper script or service manager sees it.
    return int(getattr(app, "return_code", 0) or 0)


def _warm_desk() -> None:
    """The desk's query once, for nobody: the operator's own list then finds the
    tables read and (on PostgreSQL) the pooled connection's caches filled."""
    from hotline_tui.services.auth import hashing as auth_hashing
    from hotline_tui.services.review.open_items import open_items

    open_items(owner_id=0)
    auth_hashing.dummy_hash()  # made once here, not during someone's first sign-in


def init(env) -> int:
    from pathlib import Path

    from hotline_tui import paths
    from hotline_tui.config import default_settings_toml
    from hotline_tui.services.safe_files import write_text_private
    from hotline_tui.store.db import mask_url
    from hotline_tui.store.migrations import schema_version

    target = Path(env.args.config) if env.args.config else paths.settings_file()
    if target.exists() and not env.args.force:
        print(_("Settings file kept: {path}", path=target))
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text_private(target, default_settings_toml())  # it may name a password
        print(_("Settings file written: {path}", path=target))
    _ensure_data_dir(env)
    db = env.open_db()
    print(
        _(
            "Database ready at schema version {v}: {url}",
            v=schema_version(db),
            url=mask_url(env.settings.database_url),
        )
    )
    return first_manager(env)


def first_manager(env) -> int:
    """A new database gets its first manager: asked on a terminal, or from
    --as, --name and --password-stdin (automation). Nobody can sign in before."""
    import sys

    from hotline_tui.cli_identity import nobody_can_sign_in
    from hotline_tui.services.auth.first_manager import create_first_manager

    if not nobody_can_sign_in(env):
        return 0
    agent_no = env.args.start_as or ""
    name = env.args.name or ""
    asking = not env.args.password_stdin and sys.stdin.isatty()
    if not asking and not (agent_no and env.args.password_stdin):
        print(
            _(
                "Nobody on this database has a password yet: run hotline --as AGENT_NO "
                "--password-stdin init [--name NAME] to set up the first manager"
            ),
            file=sys.stderr,
        )
        return 0
    if asking:
        print(_("Nobody on this database has a password yet: set up the first manager."))
        agent_no = agent_no or input(_("Agent number: ")).strip()
        if not _is_staff(agent_no):
            name = name or input(_("Name: ")).strip()
    from hotline_tui.commands.staff_admin import new_password

    manager = create_first_manager(env.settings, agent_no, name, new_password(env))
    print(_("First manager created: {who}", who=f"{manager.agent_no} {manager.name}"))
    return 0


def _is_staff(agent_no: str) -> bool:
    from hotline_tui.store.models import Staff

    return Staff.select().where(Staff.agent_no == agent_no).exists()


def demo(env) -> int:
    from hotline_tui.demo.seed import demo_sign_ins, has_data, seed_demo

    _ensure_data_dir(env)
    env.open_db()
    # Needs no identity: it writes only into an empty database (seed_demo refuses
    # any other, whoever asks), so no database in use ever gets the demo passwords.
    if env.args.if_empty and has_data():
        print(_("The database already has data; demo data not added."))
        return 0
    summary = seed_demo(env.settings, seed=env.args.seed)
    print(_("Demo data added: {summary}", summary=summary))
    print(_("Demo passwords (demo data only, never on a real desk):"))
    for agent_no, name, password in demo_sign_ins():
        print(f"  {agent_no} {name}: {password}")
    return 0
