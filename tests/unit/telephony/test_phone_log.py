"""The call log and the day's phone figures (H1, H14), and the CLI that prints them."""

from __future__ import annotations

import json

import pendulum

from hotline_tui.domain.telephony import CallEvent
from hotline_tui.services.calls.phone_log import call_log, phone_figures
from hotline_tui.services.calls.telephony import ingest
from tests.unit.telephony.fakepbx import cli


def _call(settings, call_id: str, at, ring: int | None, ext: str = "1001", end: int = 60) -> None:
    ingest(CallEvent("newCall", call_id, at, from_number="13812345678"), "t", settings, at)
    if ring is not None:
        ingest(
            CallEvent("answer", call_id, at.add(seconds=ring), answering_number=ext),
            "t",
            settings,
            at,
        )
    ingest(CallEvent("hangup", call_id, at.add(seconds=end)), "t", settings, at)


def test_h1_figures_answered_within_three_rings_per_operator_and_hour(
    staff, ctx_for, settings, clock
) -> None:
    t = clock.now()
    _call(settings, "a", t, ring=10)  # 2 rings
    _call(settings, "b", t.add(minutes=1), ring=22)  # 5 rings: answered, not within 3
    _call(settings, "c", t.add(hours=1), ring=None, end=40)  # missed
    ctx = ctx_for(staff["manager"])
    rows = call_log(ctx, t.date())
    assert [r.status for r in rows] == ["missed", "answered", "answered"]
    assert rows[1].agent_no == "1001" and rows[1].talk_seconds == 38
    fig = phone_figures(ctx, t.date()).as_dict()
    assert fig["total"] == {
        "offered": 3,
        "answered": 2,
        "missed": 1,
        "answered_within_rings_percent": 50.0,
        "average_ring_seconds": 16.0,
    }
    assert fig["per_operator"]["1001 王丽"]["answered"] == 2
    assert fig["per_hour"]["10"]["offered"] == 2 and fig["per_hour"]["11"]["missed"] == 1


def test_calls_log_cli_json(staff, settings, clock, db_url, capsys) -> None:
    now = pendulum.now("UTC")
    _call(settings, "cli", now, ring=5)
    day = now.in_timezone("Asia/Shanghai").date().isoformat()
    assert cli(["--db", db_url, "calls", "log", "--date", day, "--json", "--as", "9001"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["calls"][0]["number"] == "13812345678" and out["calls"][0]["answered"]
    assert out["figures"]["total"]["offered"] == 1
    assert cli(["--db", db_url, "calls", "log", "--date", "2026-13-01", "--as", "9001"]) == 2


def test_h14_daily_report_adds_the_phone_figures(staff, settings, clock) -> None:
    from hotline_tui.services.calls.daily_report import daily_report, render_markdown

    t = clock.now()
    _call(settings, "d1", t, ring=10)
    _call(settings, "d2", t.add(minutes=3), ring=None, end=20)
    text = render_markdown(daily_report(t.date(), settings))
    assert "## 交换机来电" in text
    assert "| 合计 | 2 | 1 | 1 | 100% | 10 |" in text
    assert "| 1001 王丽 | 1 | 1 | 0 | 100% | 10 |" in text and "| 10:00 | 2 | 1 | 1 |" in text


def test_h14_daily_workbook_has_the_phone_sheet(staff, settings, clock, tmp_path) -> None:
    from openpyxl import load_workbook

    from hotline_tui.services.calls.daily_report import daily_report, write_report

    t = clock.now()
    _call(settings, "w1", t, ring=10)
    _call(settings, "w2", t.add(minutes=3), ring=None, end=20)
    write_report(daily_report(t.date(), settings), "xlsx", tmp_path / "d.xlsx")
    sheet = load_workbook(tmp_path / "d.xlsx")["交换机来电"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[1] == ["合计", 2, 1, 1, "100%", "10"]
    assert ["10:00", 2, 1, 1, "100%", "10"] in rows
