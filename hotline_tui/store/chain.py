"""Tamper evidence for the audit and access logs: a hash chain.

Each entry carries the hash of the entry before it and its own hash over its
content and that previous hash, computed in the write transaction. The chain's
tail (its length) is a counter row that every writer updates first, so two
desks never append onto the same tail: the row lock serializes them on
PostgreSQL, BEGIN IMMEDIATE already does on SQLite. `verify()` walks a log and
names the first entry that was deleted, altered, inserted or back-dated.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import peewee as pw
import pendulum

from hotline_tui.store.base import _json_default
from hotline_tui.store.models import AccessLog, AuditEntry, Counter

#: The content each log's hash covers, in order.
FIELDS: dict[str, tuple[str, ...]] = {
    "audit_entry": (
        "at",
        "actor_id",
        "actor_no",
        "action",
        "record_type",
        "record_id",
        "before",
        "after",
    ),
    "access_log": ("at", "actor_id", "customer_id", "level", "view", "purpose"),
}
MODELS: dict[str, Any] = {"audit_entry": AuditEntry, "access_log": AccessLog}
#: An entry may be this much older than the one before it (desks' clocks, lock
#: waits); older than that it was back-dated.
BACKDATE_TOLERANCE_S = 120


def _canon(value: Any) -> Any:
    if isinstance(value, datetime):
        return pendulum.instance(value).in_timezone("UTC").format("YYYY-MM-DDTHH:mm:ss.SSSSSS")
    if isinstance(value, pw.Model):
        return value.get_id()
    if isinstance(value, (dict, list)):
        return json.loads(json.dumps(value, default=_json_default, sort_keys=True))
    return value


def digest(table: str, prev: str, values: dict[str, Any]) -> str:
    """The hash of one entry: its content in canonical JSON and the previous hash."""
    body = {name: _canon(values.get(name)) for name in FIELDS[table]}
    text = json.dumps([prev, body], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def counter_name(table: str) -> str:
    return f"chain:{table}"


def _lock_tail(table: str) -> int:
    """Take the chain's tail (row lock until commit) and return its new length."""
    name = counter_name(table)
    if not Counter.update(value=Counter.value + 1).where(Counter.name == name).execute():
        try:
            with Counter._meta.database.atomic():
                Counter.create(name=name, value=MODELS[table].select().count() + 1)
        except pw.IntegrityError:
            Counter.update(value=Counter.value + 1).where(Counter.name == name).execute()
    return Counter.get_by_id(name).value


def append(model: Any, **values: Any) -> Any:
    """Write one log entry onto the chain (inside the caller's transaction)."""
    table = model._meta.table_name
    _lock_tail(table)
    last = model.select(model.chain_hash).order_by(model.id.desc()).first()
    prev = last.chain_hash if last is not None else ""
    data = {f"{k}_id" if isinstance(v, pw.Model) else k: v for k, v in values.items()}
    data = {k: (v.get_id() if isinstance(v, pw.Model) else v) for k, v in data.items()}
    values_for_hash = {k: _from_db(model, k, v) for k, v in data.items()}
    return model.create(**values, prev_hash=prev, chain_hash=digest(table, prev, values_for_hash))


def append_many(model: Any, rows: list[dict[str, Any]]) -> None:
    """Write several entries onto the chain at once (a bulk import's batch)."""
    if not rows:
        return
    table = model._meta.table_name
    name = counter_name(table)
    _lock_tail(table)  # +1, the rest below: the tail stays locked until commit
    Counter.update(value=Counter.value + len(rows) - 1).where(Counter.name == name).execute()
    last = model.select(model.chain_hash).order_by(model.id.desc()).first()
    prev = last.chain_hash if last is not None else ""
    out = []
    for values in rows:
        data = {f"{k}_id" if isinstance(v, pw.Model) else k: v for k, v in values.items()}
        data = {k: (v.get_id() if isinstance(v, pw.Model) else v) for k, v in data.items()}
        h = digest(table, prev, {k: _from_db(model, k, v) for k, v in data.items()})
        out.append({**values, "prev_hash": prev, "chain_hash": h})
        prev = h
    for start in range(0, len(out), 200):
        model.insert_many(out[start : start + 200]).execute()


def _from_db(model: type[pw.Model], name: str, value: Any) -> Any:
    """A value as it will read back (JSON through its text form)."""
    field = model._meta.fields.get(name) or model._meta.fields.get(name.removesuffix("_id"))
    if field is not None and isinstance(field, pw.TextField) and isinstance(value, (dict, list)):
        return field.python_value(field.db_value(value))
    return value


@dataclass(frozen=True)
class ChainProblem:
    table: str
    entry_id: int | None
    kind: str  # deleted | altered | inserted | backdated | truncated
    detail: str = ""


def _row_values(table: str, row: pw.Model) -> dict[str, Any]:
    return {name: getattr(row, name) for name in FIELDS[table]}


def verify(table: str) -> tuple[int, ChainProblem | None]:
    """Walk one log oldest first; the number of entries and the first problem."""
    model = MODELS[table]
    prev_hash, prev_at, count = "", None, 0
    for row in model.select().order_by(model.id).iterator():
        count += 1
        sound = digest(table, row.prev_hash, _row_values(table, row)) == row.chain_hash
        if row.prev_hash != prev_hash:
            # A sound entry whose predecessor is gone: something was deleted before
            # it; an unsound one, or one following an entry already there, was put in.
            known = bool(row.prev_hash) and (
                model.select().where(model.chain_hash == row.prev_hash).exists()
            )
            kind = "deleted" if sound and not known and row.prev_hash else "inserted"
            return count, ChainProblem(table, row.id, kind)
        if not sound:
            return count, ChainProblem(table, row.id, "altered")
        at = pendulum.instance(row.at)
        if prev_at is not None and at < prev_at.subtract(seconds=BACKDATE_TOLERANCE_S):
            return count, ChainProblem(table, row.id, "backdated", prev_at.isoformat())
        prev_hash, prev_at = row.chain_hash, at if prev_at is None or at > prev_at else prev_at
    tail = Counter.get_or_none(Counter.name == counter_name(table))
    if tail is not None and tail.value > count:
        return count, ChainProblem(table, None, "truncated", f"{tail.value - count}")
    return count, None


def rechain(db: pw.Database, table: str) -> int:
    """Hash every entry of a log from the start (a migration, as the owner, with the
    append-only triggers set aside by the caller). Returns the length."""
    model = MODELS[table]
    prev, count = "", 0
    for row in model.select().order_by(model.id).iterator():
        count += 1
        h = digest(table, prev, _row_values(table, row))
        model.update(prev_hash=prev, chain_hash=h).where(model.id == row.id).execute()
        prev = h
    name = counter_name(table)
    Counter.insert(name=name, value=count).on_conflict(
        conflict_target=[Counter.name], update={Counter.value: count}
    ).execute()
    return count
