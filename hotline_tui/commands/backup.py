"""`hotline backup PATH` and `hotline restore PATH`."""

from __future__ import annotations

import argparse

from hotline_tui.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="make a consistent online backup of the database")
    p.add_argument("path")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(handler=do_backup)
    p = sub.add_parser("restore", help="check a backup, then replace the database with it")
    p.add_argument("path")
    p.add_argument("--check-only", action="store_true", help="only check the backup")
    p.add_argument("--yes", action="store_true", help="do not ask before replacing")
    p.set_defaults(handler=do_restore)


def do_backup(env) -> int:
    from hotline_tui.services.backup import backup

    env.open_db()
    path = backup(None, env.settings.database_url, env.args.path, force=env.args.force)
    print(_("Backup written: {path}", path=path))
    return 0


def do_restore(env) -> int:
    import sys

    from hotline_tui.services.backup import check_backup, restore

    check = check_backup(env.args.path)
    if not check.ok:
        print(_("The backup was not restored: {why}", why=check.detail), file=sys.stderr)
        return 1
    if env.args.check_only:
        print(_("The backup is usable (schema version {v})", v=check.schema_version))
        return 0
    if not env.args.yes:
        if not sys.stdin.isatty():
            print(_("Give --yes to replace the database without a question"), file=sys.stderr)
            return 2
        answer = input(
            _(
                "Replace {url} with {path}? [y/N] ",
                url=env.settings.database_url,
                path=env.args.path,
            )
        )
        if answer.strip().lower() not in ("y", "yes", "是"):
            return 1
    restore(None, env.settings.database_url, env.args.path)
    env.open_db()  # bring a restored older schema up to date
    print(_("Database restored from {path}", path=env.args.path))
    return 0
