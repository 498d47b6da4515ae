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
    p.add_argument("--as", dest="agent_no", help="your agent number (a manager)")
    p.add_argument("--force", action="store_true", help="restore while other desks work")
    p.add_argument("--reason", default="", help="why the restore is forced (logged)")
    p.add_argument(
        "--accept-damaged",
        action="store_true",
        help="restore a backup whose logs are shorter or broken (logged)",
    )
    p.set_defaults(handler=do_restore)


def do_backup(env) -> int:
    from hotline_tui.services.admin.backup import backup

    ctx = env.context()  # managers (backup.run)
    path = backup(ctx, env.settings.database_url, env.args.path, force=env.args.force)
    print(_("Backup written: {path}", path=path))
    return 0


def do_restore(env) -> int:
    import sys

    from hotline_tui.cli_identity import database_is_new
    from hotline_tui.services.admin.backup import check_backup, restore
    from hotline_tui.services.admin.restore_guard import check_reason
    from hotline_tui.store.db import mask_url

    reason = check_reason(env.args.reason) if env.args.force else ""
    # A manager of this database restores over it; a new, empty one has none.
    ctx = None if database_is_new(env) else env.context(env.args.agent_no)
    if ctx is not None:
        from hotline_tui.services.base import require

        require(ctx, "backup.run")  # before the file: nothing is read for the wrong person
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
                url=mask_url(env.settings.database_url),
                path=env.args.path,
            )
        )
        if answer.strip().lower() not in ("y", "yes", "是"):
            return 1
    restore(
        ctx,
        env.settings.database_url,
        env.args.path,
        force_reason=reason,
        accept_damaged=env.args.accept_damaged,
    )
    env.open_db()  # bring a restored older schema up to date
    print(_("Database restored from {path}", path=env.args.path))
    return 0
