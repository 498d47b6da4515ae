"""W1: the center's own overrides beat the public calendar, on both databases."""

from __future__ import annotations

from datetime import date

import pytest

from hotline_tui.domain.errors import PermissionDenied
from hotline_tui.services.admin.calendar import clear_override, set_override
from hotline_tui.services.base import business_calendar
from hotline_tui.store.base import database
from tests.cli_helpers import main_as


def test_w1_center_override_makes_a_holiday_a_working_day(staff, ctx_for, settings) -> None:
    day = date(2026, 10, 5)  # National Day week
    assert not business_calendar(settings).is_working_day(day)
    set_override(ctx_for(staff["manager"]), day, True, "年结加班")
    assert business_calendar(settings).is_working_day(day)
    clear_override(ctx_for(staff["manager"]), day)
    assert not business_calendar(settings).is_working_day(day)


def test_w1_only_managers_set_overrides(staff, ctx_for) -> None:
    with pytest.raises(PermissionDenied):
        set_override(ctx_for(staff["operator"]), date(2026, 12, 1), False)


def test_calendar_show_marks_adjusted_saturday(sqlite_staff, capsys) -> None:
    url = f"sqlite:///{database.obj.database}"
    assert main_as(["--db", url, "--as", "1001", "calendar", "show", "--month", "2026-10"]) == 0
    out = capsys.readouterr().out
    assert "2026-10-10  调休上班日" in out
    assert "2026-10-01  法定节假日" in out


def test_calendar_bad_month_is_one_line(sqlite_staff, capsys) -> None:
    url = f"sqlite:///{database.obj.database}"
    assert main_as(["--db", url, "calendar", "show", "--month", "13-2026"]) == 2
    assert "Traceback" not in capsys.readouterr().err
