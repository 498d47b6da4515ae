"""`bench search --entries N [--json] [--db-kind sqlite|postgresql]`: the
library search (H9) on N generated entries, per query kind: p50/p95 of the
ranked top-20 (`services.library.search`, snippets included), recall of the
index against a LIKE scan, the LIKE scan's p95 and the ratio of the two.

PostgreSQL runs on a throwaway cluster (tests/pgcluster.py, from a source
checkout) or on `--pg-url`; without a server it is left out of the report.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pendulum

PRODUCTS = ["用友U8", "用友T3", "用友T6", "金蝶K3", "金蝶KIS", "速达3000", "浪潮GS", "管家婆"]
MODULES = ["总账", "报表", "固定资产", "工资", "应收", "应付", "存货", "采购", "销售", "系统管理"]
TERMS2 = [
    "备份",
    "凭证",
    "报表",
    "结账",
    "账套",
    "打印",
    "科目",
    "期初",
    "折旧",
    "工资",
    "发票",
    "库存",
    "审核",
    "记账",
    "登录",
    "权限",
    "年结",
    "余额",
    "单据",
    "税率",
]
TERMS3 = [
    "资产负债表",
    "利润表",
    "现金流量表",
    "账套备份",
    "月末结账",
    "凭证打印",
    "加密锁",
    "数据库连接",
    "年度结转",
    "期初余额",
    "固定资产卡片",
    "工资条",
    "银行对账",
    "红字发票",
    "网络服务器",
    "反结账",
    "重装系统",
    "数据恢复",
    "操作员权限",
    "自定义报表",
]
VERBS = ["提示", "出现", "无法", "不能", "报错", "失败", "错位", "不平", "丢失", "卡死", "很慢"]
ENGLISH = ["SQL Server", "Oracle", "Windows", "TNS", "ODBC", "license", "timeout", "Excel"]
CODES = [f"ORA-{n:05d}" for n in (12541, 12154, 1017, 28000, 3113, 904, 942, 1555)] + [
    "0x80004005",
    "0x80070005",
    "0x800A01A8",
    "Error 1326",
    "Msg 8152",
    "HRESULT 80040E14",
    "U8-0193",
    "K3-20017",
]
NO_HIT = ["量子纠缠", "火箭发射", "zqxjv", "ORA-99999", "宇宙飞船坠毁", "0xDEADBEEF"]
KINDS = ("2-char", "3+ char", "mixed", "pinyin", "error code", "no hit")
FIELDS = ("title", "symptom", "cause", "solution", "product", "version_range", "modules", "tags")


@dataclass(frozen=True)
class BenchQuery:
    kind: str
    text: str
    like_terms: tuple[str, ...]  # every term must occur (LIKE, case-insensitive)
    like_fields: tuple[str, ...] = FIELDS


def generate(n: int, seed: int = 7) -> list[dict]:
    """N realistic entries: product + module + term + verb titles, symptoms with
    error codes and English words, numbered solution steps."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        product, module = rng.choice(PRODUCTS), rng.choice(MODULES)
        t1, t2 = rng.choice(TERMS3), rng.choice(TERMS2)
        title = f"{module}{t1}{rng.choice(VERBS)}{t2}{rng.choice(VERBS)}"
        code = rng.choice(CODES) if rng.random() < 0.3 else ""
        eng = rng.choice(ENGLISH) if rng.random() < 0.4 else ""
        symptom = (
            f"客户在{module}做{rng.choice(TERMS3)}时{rng.choice(VERBS)}{rng.choice(TERMS2)},"
            f"{eng} {code} 之后{rng.choice(TERMS2)}{rng.choice(VERBS)}。"
        )
        solution = "\n".join(
            f"{i}. 检查{rng.choice(TERMS2)}{rng.choice(TERMS3)},重新{rng.choice(TERMS2)}"
            for i in range(1, rng.randint(2, 5))
        )
        rows.append(
            {
                "title": title[:200],
                "symptom": symptom,
                "cause": f"{rng.choice(TERMS3)}{rng.choice(VERBS)}",
                "solution": solution,
                "product": product,
                "version_range": rng.choice(["V10.1", "V12.0", "V13.0", "V15.1", "13.0-15.1"]),
                "modules": module,
                "tags": rng.choice(TERMS2),
                "usage_count": rng.choice([0, 0, 0, 1, 2, 5, 20]),
                "status": "published",
            }
        )
    return rows


def queries(seed: int = 11, per_kind: int = 25) -> list[BenchQuery]:
    from hotline_tui.domain.textnorm import pinyin_of

    rng = random.Random(seed)
    out = []
    for _ in range(per_kind):
        out.append(BenchQuery("2-char", (w := rng.choice(TERMS2)), (w,)))
        out.append(BenchQuery("3+ char", (w := rng.choice(TERMS3)), (w,)))
        p, w = rng.choice(["U8", "K3", "T3", "KIS", "Oracle", "SQL"]), rng.choice(TERMS2)
        out.append(BenchQuery("mixed", f"{p} {w}", (p, w)))
        w = rng.choice(TERMS3)
        full, initials = pinyin_of(w)  # the app's readings (重装: chong)
        typed = "".join(full) if rng.random() < 0.5 else "".join(initials)
        out.append(BenchQuery("pinyin", typed, (w,), ("title",)))
        out.append(BenchQuery("error code", (c := rng.choice(CODES)), (c,)))
        out.append(BenchQuery("no hit", (w := rng.choice(NO_HIT)), (w,)))
    return out


def _load(rows: list[dict]) -> None:
    from hotline_tui.store.base import database
    from hotline_tui.store.models import LibraryEntry
    from hotline_tui.store.search import reindex_all

    now = pendulum.datetime(2026, 11, 23, 2, tz="UTC")
    with database.atomic():
        for i in range(0, len(rows), 500):
            chunk = rows[i : i + 500]
            LibraryEntry.insert_many(
                [{**r, "created_at": now, "updated_at": now} for r in chunk]
            ).execute()
    reindex_all()
    if database.obj.__class__.__name__.startswith("Postgres"):
        database.execute_sql("ANALYZE library_search")
        database.execute_sql("ANALYZE library_entry")
    else:
        database.execute_sql("ANALYZE")


def _like_ids(q: BenchQuery, pg: bool) -> set[int]:
    from hotline_tui.store.base import database

    op = "ILIKE" if pg else "LIKE"
    ph = "%s" if pg else "?"
    clauses, params = [], []
    for term in q.like_terms:
        clauses.append("(" + " OR ".join(f"{f} {op} {ph}" for f in q.like_fields) + ")")
        params += [f"%{term}%"] * len(q.like_fields)
    sql = f"SELECT id FROM library_entry WHERE {' AND '.join(clauses)}"
    return {r[0] for r in database.execute_sql(sql, params).fetchall()}


def measure(pg: bool, repeat: int = 3) -> dict[str, dict[str, float]]:
    from hotline_tui.bench._measures import p95 as percentile_95
    from hotline_tui.bench._measures import timed
    from hotline_tui.services.library.entries import search
    from hotline_tui.store.search import matching_ids

    qs = queries()
    for q in qs[:12]:  # warm caches
        search(q.text)
    report = {}
    for kind in KINDS:
        mine = [q for q in qs if q.kind == kind]
        times: list[float] = []
        like_times: list[float] = []
        found = expected = 0
        for q in mine:
            times += timed(lambda q=q: search(q.text, limit=20), repeat, warm=0)
            like_times += timed(lambda q=q: _like_ids(q, pg), 1, warm=0)
            like = _like_ids(q, pg)
            found += len(like & matching_ids(q.text))
            expected += len(like)
        p95, like_p95 = percentile_95(times), percentile_95(like_times)
        report[kind] = {
            "p50_ms": round(statistics.median(times), 3),
            "p95_ms": round(p95, 3),
            "recall": round(found / expected, 4) if expected else 1.0,
            "like_p95_ms": round(like_p95, 3),
            "ratio_to_like": round(p95 / like_p95, 4) if like_p95 else 0.0,
        }
    return report


def run_sqlite(entries: int, rows: list[dict]) -> dict:
    from hotline_tui.store.db import close_database, open_database

    with tempfile.TemporaryDirectory(prefix="hotline-bench-") as tmp:
        open_database(f"sqlite:///{Path(tmp) / 'bench.db'}")
        try:
            _load(rows)
            return measure(pg=False)
        finally:
            close_database()


def run_postgres(rows: list[dict], url: str | None) -> dict | None:
    from hotline_tui.store.db import close_database, open_database

    cluster = None
    if url is None:
        try:
            sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
            from tests.pgcluster import Cluster, PgUnavailable
        except ImportError:
            print("bench: no PostgreSQL (tests/pgcluster.py not found)", file=sys.stderr)
            return None
        try:
            cluster = Cluster().start()
            cluster.admin("CREATE DATABASE bench")
            url = cluster.url("bench")
        except PgUnavailable as exc:
            print(f"bench: no PostgreSQL: {exc}", file=sys.stderr)
            return None
    try:
        open_database(url)
        try:
            _load(rows)
            return measure(pg=True)
        finally:
            close_database()
    finally:
        if cluster is not None:
            cluster.stop()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench search", description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--db-kind", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument("--pg-url", help="an existing PostgreSQL database (UTF-8, empty)")
    args = parser.parse_args(argv)
    if args.entries < 1:
        parser.error("--entries must be at least 1")
    kinds = args.db_kind or ["sqlite", "postgresql"]
    t = time.perf_counter()
    rows = generate(args.entries)
    report: dict[str, dict] = {}
    if "sqlite" in kinds:
        report["sqlite"] = run_sqlite(args.entries, rows)
    if "postgresql" in kinds:
        pg = run_postgres(rows, args.pg_url)
        if pg is not None:
            report["postgresql"] = pg
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    print(f"library search, {args.entries} entries ({time.perf_counter() - t:.0f} s in all)")
    for engine, kinds_report in report.items():
        print(f"\n{engine}")
        print(f"  {'kind':<12}{'p50 ms':>9}{'p95 ms':>9}{'recall':>8}{'LIKE p95':>10}{'ratio':>8}")
        for kind, r in kinds_report.items():
            print(
                f"  {kind:<12}{r['p50_ms']:>9.2f}{r['p95_ms']:>9.2f}{r['recall']:>8.3f}"
                f"{r['like_p95_ms']:>10.2f}{r['ratio_to_like']:>8.3f}"
            )
    return 0
