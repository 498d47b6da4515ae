"""F7: the monthly callback report, figures checked against a hand-computed month
(November 2026, center time), on both databases; the CLI on SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotline_tui.i18n import _
from hotline_tui.services.callbacks import followups as svc
from hotline_tui.services.callbacks.calls import open_call_from_callback
from hotline_tui.services.callbacks.report import monthly_callback_report, render_markdown
from tests.unit.callbacks.conftest import local

YES = {"answer": "yes"}


def _month(staff, ctx_for, units, clock):
    """Seven callbacks; six have their rule due time in November (local)."""
    op, sp = ctx_for(staff["operator"]), ctx_for(staff["specialist"])
    reg, vip = units["regular"].id, units["vip"].id

    def cb(ctx, kind, due, unit):
        return svc.create_callback(ctx, kind=kind, due_at=due, customer_id=unit)

    a = cb(op, "F1", local(2026, 11, 24, 10, 0), reg)
    b = cb(op, "F2", local(2026, 11, 25, 18, 0), vip)
    c = cb(sp, "F4", local(2026, 11, 26, 10, 0), reg)
    d = cb(sp, "F4", local(2026, 11, 27, 10, 0), vip)
    cb(op, "F1", local(2026, 12, 1, 10, 0), reg)  # e: December, not counted
    f = cb(sp, "F4", local(2026, 11, 30, 18, 0), reg)
    i = cb(op, "F1", local(2026, 11, 1, 0, 30), vip)  # 31 Oct 16:30 UTC: November locally

    clock.set(local(2026, 10, 31, 20, 0))  # i: on time; reached but busy, not asked
    svc.finish_callback(
        op, i.id, {"confirm_person": YES, "convenient": {"answer": "no", "reason": "客户在开会"}}
    )
    clock.set(local(2026, 11, 24, 9, 0))  # a: on time, solved, satisfied
    svc.finish_callback(
        op,
        a.id,
        {
            "confirm_person": YES,
            "convenient": YES,
            "solved": YES,
            "explained": YES,
            "attitude": YES,
        },
    )
    clock.set(local(2026, 11, 26, 10, 0))  # b: late, unsolved, dissatisfied, F5 call
    open_call_from_callback(op, b.id, "现场处理后仍然报错:凭证无法保存")
    svc.finish_callback(
        op,
        b.id,
        {
            "confirm_person": YES,
            "convenient": YES,
            "solved": {"answer": "no", "reason": "仍报错"},
            "attitude": {"answer": "no", "reason": "态度差"},
        },
    )
    for _try in range(3):  # c: unreachable after three tries
        svc.record_unreachable(sp, c.id, "无人接听")
    svc.record_unreachable(sp, d.id, "占线")  # d: next try 12:00 the same day
    clock.set(local(2026, 11, 30, 12, 0))
    return {"a": a, "b": b, "c": c, "d": d, "f": f, "i": i}


def test_f7_monthly_report_figures(staff, ctx_for, units, clock, settings) -> None:
    _month(staff, ctx_for, units, clock)
    r = monthly_callback_report("2026-11", settings, now=clock.now())
    t = r.totals
    assert (t.due, t.made, t.on_time, t.late, t.unreachable, t.open) == (6, 3, 2, 1, 1, 2)
    assert r.overdue_open == 1  # d (moved to 26 Nov 12:00); f is due this evening
    assert r.attempts == 1 + 1 + 3 + 1 + 1
    assert (r.solved, r.unsolved, r.new_calls) == (1, 1, 1)
    assert (r.satisfied, r.dissatisfied, r.not_asked) == (1, 1, 1)
    assert r.satisfaction_rate == 0.5 and r.on_time_rate == 2 / 3
    by_kind = {
        line.label: (line.due, line.made, line.on_time, line.late, line.unreachable, line.open)
        for line in r.by_kind
    }
    assert by_kind == {
        _(svc.KINDS["F1"]): (2, 2, 2, 0, 0, 0),
        _(svc.KINDS["F2"]): (1, 1, 0, 1, 0, 0),
        _(svc.KINDS["F4"]): (3, 0, 0, 0, 1, 2),
    }
    owners = {line.label: line.due for line in r.by_owner}
    assert owners == {"1001 王丽": 3, "6001 周专员": 3}
    assert sorted(why for *_rest, why in r.reasons) == sorted(["客户在开会", "仍报错", "态度差"])
    text = render_markdown(r, settings)
    assert "| 应回访 | 6 |" in text and "| 满意率 | 50.0% |" in text
    december = monthly_callback_report("2026-12", settings, now=clock.now())
    assert december.totals.due == 1


@pytest.mark.parametrize("fmt", ["md", "xlsx"])
def test_f7_report_cli(sqlite_staff, ctx_for, clock, tmp_path: Path, fmt: str) -> None:
    from openpyxl import load_workbook

    from tests.cli_helpers import main_as
    from tests.unit.callbacks.conftest import make_unit

    op = ctx_for(sqlite_staff["operator"])
    unit = make_unit(op, "上海宏达机械有限公司", "regular")
    cb = svc.create_callback(op, kind="F1", due_at=local(2026, 11, 24, 10, 0), customer_id=unit.id)
    svc.record_unreachable(op, cb.id)
    out = tmp_path / f"cb.{fmt}"
    db = f"sqlite:///{tmp_path / 'desk.db'}"
    args = ["--db", db, "report", "callbacks", "--month", "2026-11", "--format", fmt]
    assert main_as([*args, "--output", str(out)]) == 0
    if fmt == "md":
        assert "| 应回访 | 1 |" in out.read_text(encoding="utf-8")
    else:
        rows = list(load_workbook(out).active.iter_rows(values_only=True))
        assert ("应回访", 1) in rows and ("拨打记录", 1) in rows
    assert main_as(["--db", db, "report", "callbacks", "--month", "2026-13"]) != 0
