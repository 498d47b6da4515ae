"""What a restore must check before it replaces the live database.

A restore throws away everything written since the backup, so it is a
manager's decision taken while no other desk works (or forced, with a reason),
and a backup whose logs are shorter than the live ones, whose chains are
broken or whose append-only guards are missing is refused unless the manager
accepts it explicitly. The restore itself is the first audit entry after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

from hotline_tui.domain.errors import HotlineError, ValidationError
from hotline_tui.services.base import ServiceContext
from hotline_tui.store.models import AccessLog, AuditEntry, Counter, DutySession, Staff

LOGS = ("audit_entry", "access_log")
SQLITE_GUARDS = tuple(f"{t}_no_{op}" for t in LOGS for op in ("update", "delete"))


class RestoreRefused(HotlineError):
    """The restore was not done; the live database is untouched."""


@dataclass
class LogState:
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def other_sessions(ctx: ServiceContext) -> list[str]:
    """Other desks signed in for duty right now (agent no. and name)."""
    q = (
        DutySession.select(DutySession, Staff)
        .join(Staff)
        .where(DutySession.signed_out_at.is_null() & (DutySession.staff != ctx.actor.id))
    )
    return sorted({f"{s.staff.agent_no} {s.staff.name}" for s in q})


def live_state() -> LogState:
    from hotline_tui.store import chain

    state = LogState()
    for table in LOGS:
        count, problem = chain.verify(table)
        state.counts[table] = count
        if problem is not None:
            state.problems.append(f"{table} #{problem.entry_id} {problem.kind}")
    return state


def sqlite_backup_state(path: str | Path) -> LogState:
    """The logs of a SQLite backup, read through its own read-only connection."""
    from hotline_tui.store import chain

    db = pw.SqliteDatabase(f"file:{Path(path)}?mode=ro", uri=True)
    state = LogState()
    try:
        with db.bind_ctx([AuditEntry, AccessLog, Counter]):
            db.connect()
            names = {
                r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type='trigger'")
            }
            missing = [g for g in SQLITE_GUARDS if g not in names]
            if missing:
                state.problems.append("append-only guard missing: " + ", ".join(missing))
            for table in LOGS:
                if table not in db.get_tables():
                    state.problems.append(f"{table} missing")
                    state.counts[table] = 0
                    continue
                cols = {c.name for c in db.get_columns(table)}
                if "chain_hash" not in cols:  # a backup from before the chain
                    state.counts[table] = db.execute_sql(
                        f"SELECT count(*) FROM {table}"
                    ).fetchone()[0]
                    continue
                count, problem = chain.verify(table)
                state.counts[table] = count
                if problem is not None:
                    state.problems.append(f"{table} #{problem.entry_id} {problem.kind}")
    finally:
        db.close()
    return state


PG_GUARDS = tuple(f"{t}_{kind}" for t in LOGS for kind in ("append_only", "no_truncate"))


def pg_archive_state(path: str | Path, pg_restore: str) -> LogState:
    """The logs of a pg_dump archive: their row counts (from the archive's COPY
    data) and whether their append-only triggers are in it."""
    import subprocess

    state = LogState()
    listing = subprocess.run([pg_restore, "--list", str(path)], capture_output=True, text=True)
    missing = [g for g in PG_GUARDS if f" {g} " not in listing.stdout]
    if missing:
        state.problems.append("append-only guard missing: " + ", ".join(missing))
    for table in LOGS:
        data = subprocess.run(
            [pg_restore, "--data-only", f"--table={table}", "--file=-", str(path)],
            capture_output=True,
            text=True,
        )
        rows, inside = 0, False
        for line in data.stdout.splitlines():
            if line.startswith("COPY "):
                inside = True
            elif line == "\\.":
                inside = False
            elif inside:
                rows += 1
        state.counts[table] = rows
    return state


def check_restore(
    ctx: ServiceContext,
    backup_state: LogState | None,
    *,
    force_reason: str = "",
    accept_damaged: bool = False,
) -> dict[str, object]:
    """Refuse the restore unless it is safe or the manager took it on; the details
    go into the restore's audit entry."""
    force_reason = (force_reason or "").strip()
    others = other_sessions(ctx)
    if others and len(force_reason) < 4:
        raise RestoreRefused(
            "Other desks are working ({who}): a restore would drop their work. Wait until "
            "they sign out, or force it with a reason",
            who="、".join(others),
        )
    live = live_state()
    detail: dict[str, object] = {"live": live.counts, "sessions": others}
    if force_reason:
        detail["forced"] = force_reason
    if backup_state is None:
        return detail
    detail["backup"] = backup_state.counts
    problems = list(backup_state.problems)
    for table in LOGS:
        if backup_state.counts.get(table, 0) < live.counts.get(table, 0):
            problems.append(
                f"{table}: {backup_state.counts.get(table, 0)} < {live.counts.get(table, 0)}"
            )
    if problems and not accept_damaged:
        raise RestoreRefused(
            "The backup's logs are shorter than the live ones or were tampered with ({why}); "
            "restore it only if you accept that explicitly",
            why="; ".join(problems)[:300],
        )
    if problems:
        detail["accepted"] = problems
    return detail


def check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError("reason", "Say why the restore is forced")
    return reason
