"""`scripts/bench imports --rows 30000`: a customer import while another desk saves.

One process imports a generated CSV (each row a unit with a contact and a
product); this process meanwhile saves a draft every 50 ms, as a desk does
while an operator types, and records how long each save waited. Reports the
import's time and rate and the saves' median / p95 / max (docs/PERFORMANCE.md).
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing as mp
import statistics
import tempfile
import time
from pathlib import Path


def _write_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["单位名称", "联系人", "手机", "产品", "版本", "加密锁号"])
        for i in range(rows):
            out.writerow(
                [f"测试单位{i:07d}有限公司", f"联系人{i}", f"139{i:08d}", "U8", "13.0", f"D{i:07d}"]
            )


def _import(url: str, path: str, done: mp.Queue) -> None:
    from hotline_tui.services.base import ServiceContext
    from hotline_tui.services.customers.transfer import import_customers
    from hotline_tui.store.db import open_database
    from hotline_tui.store.models import Staff

    open_database(url)
    ctx = ServiceContext(actor=Staff.get(Staff.agent_no == "9001"))
    start = time.perf_counter()
    result = import_customers(ctx, path)
    done.put((time.perf_counter() - start, result.units_created))


def run(rows: int) -> dict[str, float]:
    import pendulum

    from hotline_tui.services.base import ServiceContext
    from hotline_tui.services.calls.drafts import save_draft
    from hotline_tui.store.db import close_database, open_database
    from hotline_tui.store.models import Staff

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        open_database(url)
        now = pendulum.now("UTC")
        Staff.create(agent_no="9001", name="经理", roles="manager", created_at=now)
        desk = Staff.create(agent_no="1001", name="王丽", roles="operator", created_at=now)
        ctx = ServiceContext(actor=desk)
        path = Path(tmp) / "units.csv"
        _write_csv(path, rows)
        done: mp.Queue = mp.get_context("spawn").Queue()
        proc = mp.get_context("spawn").Process(target=_import, args=(url, str(path), done))
        proc.start()
        waits: list[float] = []
        while proc.is_alive() and done.empty():
            t = time.perf_counter()
            save_draft(ctx, {"symptom": f"正在输入 {len(waits)}"})
            waits.append(time.perf_counter() - t)
            time.sleep(0.05)  # the next keystroke batch of the other desk
        seconds, created = done.get()
        proc.join()
        close_database()
    waits.sort()
    p95 = waits[int(0.95 * (len(waits) - 1))] if waits else 0.0
    return {
        "rows": rows,
        "created": created,
        "import_s": round(seconds, 1),
        "rows_per_s": round(rows / seconds, 0),
        "saves": len(waits),
        "save_p50_ms": round(statistics.median(waits) * 1000, 1) if waits else 0.0,
        "save_p95_ms": round(p95 * 1000, 1),
        "save_max_ms": round(max(waits) * 1000, 1) if waits else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench imports")
    p.add_argument("--rows", type=int, default=30000)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    figures = run(args.rows)
    print(json.dumps(figures, ensure_ascii=False) if args.json else figures)
    return 0
