"""`hotline handover show` and `hotline roster export` (R1, R3)."""

from __future__ import annotations

from datetime import date

import pytest

from hotline_tui.services.duty import handover as svc
from hotline_tui.services.duty import roster
from hotline_tui.services.duty import sessions as duty
from hotline_tui.services.export import read_table
from hotline_tui.store.base import database
from tests.cli_helpers import main_as
from tests.unit.duty.conftest import local, make_work


@pytest.fixture
def url(sqlite_staff) -> str:
    return f"sqlite:///{database.obj.database}"


def test_r3_handover_show_prints_who_handed_what_to_whom(
    sqlite_staff, url, ctx_for, clock, capsys
) -> None:
    mgr = ctx_for(sqlite_staff["manager"])
    roster.assign(mgr, date(2026, 11, 23), "day", sqlite_staff["operator2"].id)
    roster.assign(mgr, date(2026, 11, 23), "evening", sqlite_staff["operator"].id)
    make_work(sqlite_staff["operator2"], clock.now())
    clock.set(local(2026, 11, 23, 16, 58))
    ctx = ctx_for(sqlite_staff["operator"])
    start = svc.sign_in_for_duty(ctx)
    first = start.handovers[0].items[0]
    svc.flag_item(ctx, first.id, "几点回电?")
    duty.answer_question(ctx_for(sqlite_staff["operator2"]), first.id, "18:00前")
    clock.set(local(2026, 11, 23, 17, 12))
    for item in start.handovers[0].items:
        svc.accept_item(ctx, item.id)
    assert main_as(["--db", url, "handover", "show", "--as", "9001", "--date", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    assert "1002 李强 → 1001 王丽" in out
    assert "2026-11-23 17:12" in out and "准时" in out
    assert out.count("1001 王丽") >= 5  # the handover line and each accepted item
    assert "疑问: 几点回电?  答复: 18:00前" in out
    assert main_as(["--db", url, "handover", "show", "--as", "9001", "--date", "2026-11-24"]) == 0
    assert "没有交接记录" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_r1_roster_export_command(sqlite_staff, url, ctx_for, tmp_path, capsys, fmt) -> None:
    roster.assign(
        ctx_for(sqlite_staff["manager"]), date(2026, 10, 1), "day", sqlite_staff["operator"].id
    )
    out = tmp_path / f"w40.{fmt}"
    assert (
        main_as(["--db", url, "roster", "export", "--week", "2026-W40", "--output", str(out)]) == 0
    )
    _headers, rows = read_table(out)
    first = next(r for r in rows if r[0] == "2026-10-01")
    assert first[2:4] == ["节假日", "国庆节"] and first[8] == "王丽"
    assert "14 行" in capsys.readouterr().out or len(rows) == 14


def test_roster_export_bad_week_is_one_line(sqlite_staff, url, tmp_path, capsys) -> None:
    code = main_as(
        ["--db", url, "roster", "export", "--week", "48", "--output", str(tmp_path / "x.csv")]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "2026-W48" in err and "Traceback" not in err
