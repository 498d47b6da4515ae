"""`bench generate --calls N --entries M --customers C [--db URL] [--seed S]`:
years of desk history at scale, to measure how the desk's cost grows.

Two years of calls (each with its timeline events), customers with contacts,
phones and products, the roster, F1 callbacks, dispatches and complaints in
realistic proportions; only the last days' work is still open (a desk has a
few hundred open items whatever its history). Deterministic by seed.

Fast: rows are plain tuples with explicit ids, loaded with `executemany` in
large batches inside one transaction (SQLite: synchronous off, a big cache) or
with COPY (PostgreSQL); then the library search index is rebuilt with the
store's `reindex_all`. Generated history writes no audit entries.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import peewee as pw

#: The generated desk's "now": Monday 2026-11-23 10:00 Shanghai (02:00 UTC).
NOW = datetime(2026, 11, 23, 2, 0)
DAYS = 730
SHANGHAI = timedelta(hours=8)
BATCH = 20_000
ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIR = ROOT / "bench-data"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞平刚桂兰红玉华建国志文斌辉波宁"
CITIES = ["北京", "上海", "广州", "深圳", "杭州", "南京", "武汉", "成都", "西安", "天津", "苏州"]
TRADES = ["机械", "电子", "贸易", "建设", "食品", "医药", "物流", "纺织", "化工", "印刷"]
SUFFIX = ["有限公司", "股份有限公司", "集团有限公司", "厂", "商贸有限公司"]
CATEGORIES = ["general"] * 5 + ["operation"] * 3 + ["bug", "report", "install"]
OPEN_STATUSES = ("open", "on_hold", "consultation")


def staff_plan() -> list[tuple[int, str, str, str]]:
    """(id, agent no, name, roles): operators, managers, engineers and the rest."""
    rows = [(i, f"{1000 + i}", f"话务员{i:02d}", "operator") for i in range(1, 41)]
    rows += [(40 + i, f"{9000 + i}", f"经理{i}", "operator,manager") for i in range(1, 4)]
    rows += [(43 + i, f"{3000 + i}", f"工程师{i:02d}", "engineer") for i in range(1, 16)]
    rows += [(59, "5001", "监督员", "supervisor"), (60, "6001", "专员", "specialist")]
    return rows


OPERATORS = list(range(1, 44))  # operators and managers take calls
ENGINEERS = list(range(44, 59))


class Loader:
    """Bulk insert of tuples, SQLite executemany or PostgreSQL COPY."""

    def __init__(self, db: pw.Database) -> None:
        self.db = db
        self.pg = isinstance(db, pw.PostgresqlDatabase)
        self.counts: dict[str, int] = {}

    def load(self, model: type[pw.Model], columns: Sequence[str], rows: Iterable[tuple]) -> int:
        """Insert `rows` (tuples in `columns` order; every other column gets its default)."""
        table = model._meta.table_name
        fields = {f.column_name: f for f in model._meta.sorted_fields}
        extra = [c for c in fields if c not in columns and c != "id"]
        defaults = tuple(_default(fields[c]) for c in extra)
        cols = [*columns, *extra]
        quoted = ", ".join(f'"{c}"' for c in cols)
        n = 0
        if self.pg:
            cursor = self.db.cursor()
            sql = f'COPY "{table}" ({quoted}) FROM STDIN'
            for chunk in _chunks(rows, BATCH):
                text = "".join(_copy_line(r + defaults) for r in chunk)
                cursor.copy_expert(sql, io.StringIO(text))
                n += len(chunk)
        else:
            sql = f'INSERT INTO "{table}" ({quoted}) VALUES ({", ".join("?" * len(cols))})'
            cursor = self.db.cursor()
            for chunk in _chunks(rows, BATCH):
                cursor.executemany(sql, [_sqlite_row(r + defaults) for r in chunk])
                n += len(chunk)
        self.counts[table] = self.counts.get(table, 0) + n
        return n


def _default(field: pw.Field) -> Any:
    value = field.default() if callable(field.default) else field.default
    if value is None and not field.null:
        return "" if isinstance(field, pw.CharField | pw.TextField) else 0
    return field.db_value(value) if value is not None else None


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(v: Any) -> str:
    """One value in COPY's text format."""
    if v is None:
        return "\\N"
    if isinstance(v, bool):
        return "t" if v else "f"
    if isinstance(v, date):  # datetimes too
        return v.isoformat()
    return str(v).translate(_COPY_ESCAPES)


def _copy_line(row: tuple) -> str:
    return "\t".join(_copy_value(v) for v in row) + "\n"


def _sqlite_row(row: tuple) -> tuple:
    return tuple(v.isoformat() if type(v) is date else v for v in row)


def _chunks(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


class Generator:
    def __init__(self, loader: Loader, seed: int, calls: int, entries: int, customers: int):
        self.load = loader.load
        self.rng = random.Random(seed)
        self.seed, self.calls, self.entries, self.customers = seed, calls, entries, customers
        self.contacts: list[tuple[int, int, str]] = []  # (contact id, customer id, phone)

    def run(self) -> None:
        from hotline_tui.store import models as m

        self.staff(m)
        self.people(m)
        self.roster(m)
        self.library(m)
        self.work(m)

    def staff(self, m: Any) -> None:
        t = NOW - timedelta(days=DAYS + 30)
        self.load(
            m.Staff,
            ("id", "agent_no", "name", "roles", "created_at"),
            ((i, no, name, roles, t) for i, no, name, roles in staff_plan()),
        )
        from hotline_tui.services.auth.hashing import hash_password

        self.load(  # each signs in with `hotline-<agent no.>`, like the demo desk
            m.Credential,
            ("staff_id", "password_hash", "must_change", "failed_count", "changed_at"),
            ((i, hash_password(f"hotline-{no}"), False, 0, t) for i, no, _n, _r in staff_plan()),
        )

    def people(self, m: Any) -> None:
        rng = self.rng
        t = NOW - timedelta(days=DAYS + 30)
        units, contacts, phones, products = [], [], [], []
        pid = 0
        for cid in range(1, self.customers + 1):
            city, trade = rng.choice(CITIES), rng.choice(TRADES)
            name = f"{city}{rng.choice(SURNAMES)}{rng.choice(GIVEN)}{trade}{rng.choice(SUFFIX)}"
            cat = rng.choices(["regular", "vip", "key"], [85, 12, 3])[0]
            conf = rng.choices(["secret", "confidential", "top_secret"], [90, 8, 2])[0]
            units.append((cid, f"{name}#{cid}", f"{city}{trade}{cid}", cat, conf, t, t))
            for k in range(rng.choice([1, 2, 2, 3])):
                kid = len(self.contacts) + 1
                mobile = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
                contacts.append(
                    (kid, cid, _name(rng), rng.choice(["先生", "女士"]), mobile, k == 0, t)
                )
                self.contacts.append((kid, cid, mobile))
                pid += 1
                phones.append((pid, kid, mobile, mobile[-8:]))
            products.append(
                (cid, cid, "用友U8", "V13.0", "总账,报表", f"D{cid:07d}", f"S{cid:08d}")
            )
        self.load(
            m.Customer,
            ("id", "name", "short_name", "category", "confidentiality", "created_at", "updated_at"),
            units,
        )
        self.load(
            m.Contact,
            ("id", "customer_id", "name", "title", "mobile", "is_primary", "created_at"),
            contacts,
        )
        self.load(m.ContactPhone, ("id", "contact_id", "number", "suffix8"), phones)
        self.load(
            m.CustomerProduct,
            ("id", "customer_id", "product", "version", "modules", "dongle_no", "serial_no"),
            products,
        )

    def roster(self, m: Any) -> None:
        """R1: two operators on each of two shifts, every day for two years."""
        rows, rid = [], 0
        first = (NOW + SHANGHAI).date() - timedelta(days=DAYS)
        for d in range(DAYS + 14):
            day = first + timedelta(days=d)
            start = datetime(day.year, day.month, day.day) - SHANGHAI
            for code, hours in (("day", (8, 17)), ("evening", (17, 22))):
                for staff_id in self.rng.sample(OPERATORS[:40], 2):
                    rid += 1
                    rows.append(
                        (
                            rid,
                            day,
                            code,
                            start + timedelta(hours=hours[0]),
                            start + timedelta(hours=hours[1]),
                            staff_id,
                            41,
                            start,
                        )
                    )
        cols = ("id", "day", "shift_code", "starts_at", "ends_at", "staff_id", "created_by_id")
        self.load(m.RosterShift, (*cols, "created_at"), rows)

    def library(self, m: Any) -> None:
        from hotline_tui.bench.search import generate

        t = NOW - timedelta(days=30)
        cols = (
            "id",
            "title",
            "symptom",
            "cause",
            "solution",
            "product",
            "version_range",
            "modules",
            "tags",
            "usage_count",
            "status",
            "created_at",
            "updated_at",
        )
        rows = (
            (i, *(r[c] for c in cols[1:11]), t, t)
            for i, r in enumerate(generate(self.entries, self.seed), start=1)
        )
        self.load(m.LibraryEntry, cols, rows)

    def work(self, m: Any) -> None:
        """Calls spread over two years, events, callbacks, dispatches, complaints."""
        rng = self.rng
        n = self.calls
        span = DAYS * 86400
        starts = sorted(rng.random() * span for _ in range(n))
        open_from = n - min(300, max(n // 20, 1))  # only the last days' work is open
        calls, events, callbacks, dispatches, dispatch_events, complaints = [], [], [], [], [], []
        counters: dict[str, int] = {}
        ev = cb = dp = cp = 0
        first = NOW - timedelta(seconds=span)
        for cid in range(1, n + 1):
            at = first + timedelta(seconds=starts[cid - 1])
            local_day = (at + SHANGHAI).strftime("%Y%m%d")
            counters[local_day] = counters.get(local_day, 0) + 1
            ticket = f"HL{local_day}-{counters[local_day]:04d}"
            contact_id, customer_id, phone = rng.choice(self.contacts)
            owner = rng.choice(OPERATORS)
            ended = at + timedelta(seconds=rng.randint(120, 1500))
            if cid > open_from:
                status = rng.choice(OPEN_STATUSES)
                rule = {"open": "", "on_hold": "H6", "consultation": "H7"}[status]
                due = ended + timedelta(hours=1 if status == "on_hold" else 3) if rule else None
                outcome = "" if status == "open" else status
            else:
                status = rng.choices(
                    ["solved", "closed", "dispatch", "transferred"], [80, 10, 6, 4]
                )[0]
                due, rule = None, ""
                outcome = "solved" if status == "closed" else status
            symptom = f"{rng.choice(['总账', '报表', '工资', '存货'])}模块{rng.choice(['结账', '打印', '登录', '备份'])}时报错"
            calls.append(
                (cid, ticket, owner, owner, customer_id, contact_id, phone, phone, "用友U8")
                + (rng.choice(CATEGORIES), symptom, status, outcome, at)
                + (None if status == "open" else ended, due, rule, ended)
            )
            ev += 1
            events.append((ev, cid, at, owner, "started", '{"late_pickup": false}'))
            ev += 1
            events.append(
                (ev, cid, at + timedelta(seconds=60), owner, "updated", '{"fields": ["symptom"]}')
            )
            if status != "open":
                ev += 1
                events.append((ev, cid, ended, owner, "outcome", json.dumps({"outcome": outcome})))
            if status in ("solved", "closed"):  # F1: a callback within 3 days
                cb += 1
                cb_due = ended + timedelta(days=3)
                done = cid <= open_from
                callbacks.append(
                    (cb, "F1", customer_id, contact_id, cid, owner)
                    + (
                        "done" if done else "open",
                        cb_due,
                        "F1",
                        ended,
                        ended + timedelta(days=1) if done else None,
                    )
                )
            if status == "dispatch" or (cid > open_from and rng.random() < 0.05):
                dp += 1
                is_open = cid > open_from
                state = rng.choice(["requested", "assigned"]) if is_open else "closed"
                eng = rng.choice(ENGINEERS) if state != "requested" else None
                dispatches.append(
                    (dp, f"FW{local_day}-{dp:05d}", cid, customer_id, contact_id, symptom, state)
                    + (owner, eng, at, ended, ended + timedelta(days=1) if is_open else None)
                    + ("D2" if is_open else "",)
                )
                dispatch_events.append((dp, dp, at, owner, "", "requested"))
            if rng.random() < 0.002 or (cid > open_from and rng.random() < 0.02):
                cp += 1
                is_open = cid > open_from
                complaints.append(
                    (cp, f"TS{local_day}-{cp:04d}", customer_id, cid, f"单位{customer_id}")
                    + (_name(rng), phone, at, owner, rng.choice(["delay", "quality", "attitude"]))
                    + (symptom, "in_progress" if is_open else "closed", rng.choice(OPERATORS))
                    + (ended + timedelta(days=1) if is_open else None, "C3" if is_open else "")
                )
        self.load(
            m.Call,
            ("id", "ticket_no", "owner_id", "taken_by_id", "customer_id", "contact_id")
            + ("caller_phone", "caller_phone_norm", "product", "category", "symptom")
            + ("status", "outcome", "started_at", "ended_at", "due_at", "due_rule", "updated_at"),
            calls,
        )
        del calls
        self.load(m.CallEvent, ("id", "call_id", "at", "actor_id", "kind", "detail"), events)
        del events
        self.load(
            m.DispatchRequest,
            ("id", "order_no", "call_id", "customer_id", "contact_id", "problem", "state")
            + ("requested_by_id", "engineer_id", "created_at", "updated_at", "due_at", "due_rule"),
            dispatches,
        )
        self.load(
            m.DispatchEvent,
            ("id", "request_id", "at", "actor_id", "from_state", "to_state"),
            dispatch_events,
        )
        self.load(
            m.Callback,
            ("id", "kind", "customer_id", "contact_id", "call_id", "owner_id", "status", "due_at")
            + ("due_rule", "created_at", "done_at"),
            callbacks,
        )
        self.load(
            m.Complaint,
            ("id", "ref_no", "customer_id", "call_id", "complainant_unit", "complainant", "phone")
            + ("received_at", "receiver_id", "category", "description", "status", "owner_id")
            + ("due_at", "due_rule"),
            complaints,
        )
        self.load(m.Counter, ("name", "value"), ((f"HL{d}", v) for d, v in counters.items()))


SEQUENCED = (
    "staff",
    "customer",
    "contact",
    "contact_phone",
    "customer_product",
    "roster_shift",
    "library_entry",
    "call",
    "call_event",
    "dispatch_request",
    "dispatch_event",
    "callback",
    "complaint",
)


def generate_into(url: str, calls: int, entries: int, customers: int, seed: int = 7) -> dict:
    """Fill the (empty) database at `url`; return row counts and seconds taken."""
    from hotline_tui.store.db import close_database, open_database
    from hotline_tui.store.models import Staff
    from hotline_tui.store.search import reindex_all

    t0 = time.perf_counter()
    db = open_database(url)
    try:
        if Staff.select().exists():
            raise SystemExit(f"bench generate: {url} already holds data; give an empty database")
        loader = Loader(db)
        pg = loader.pg
        if not pg:  # bulk load: no journal, no syncs; WAL again afterwards
            db.execute_sql("PRAGMA journal_mode = OFF")
            db.execute_sql("PRAGMA synchronous = OFF")
            db.execute_sql("PRAGMA cache_size = -1000000")
        with db.atomic():
            Generator(loader, seed, calls, entries, customers).run()
            if pg:
                for table in SEQUENCED:
                    db.execute_sql(
                        f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'),"
                        f' GREATEST((SELECT MAX(id) FROM "{table}"), 1))'
                    )
        t_load = time.perf_counter()
        reindex_all()
        t_index = time.perf_counter()
        if pg:  # autovacuum would do this soon; SQLite desks never run ANALYZE
            db.execute_sql("VACUUM ANALYZE")
        else:
            db.execute_sql("PRAGMA synchronous = NORMAL")
            db.execute_sql("PRAGMA journal_mode = WAL")
        return {
            "rows": loader.counts,
            "load_s": round(t_load - t0, 1),
            "index_s": round(t_index - t_load, 1),
            "total_s": round(time.perf_counter() - t0, 1),
        }
    finally:
        close_database()


def sqlite_url(calls: int, folder: Path = DEFAULT_DIR) -> str:
    """Where `bench run` keeps the database for a size: bench-data/calls-N.db."""
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / f'calls-{calls}.db'}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench generate", description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", metavar="URL", help="default: bench-data/calls-N.db (SQLite)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    for name in ("calls", "entries", "customers"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    url = args.db or sqlite_url(args.calls)
    report = generate_into(url, args.calls, args.entries, args.customers, args.seed)
    if args.json:
        print(json.dumps({"db": url, **report}))
    else:
        rows = ", ".join(f"{k} {v:,}" for k, v in report["rows"].items())
        print(f"{url}: {rows}", file=sys.stderr)
        print(
            f"load {report['load_s']} s, search index {report['index_s']} s,"
            f" total {report['total_s']} s"
        )
    return 0
