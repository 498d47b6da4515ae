"""A report or export told to write to an empty name or a folder says so in one line
(what hypothesis found once: `hotline report daily --output ''` raised IsADirectoryError)."""

from __future__ import annotations

import pytest

from hotline_tui.domain.errors import ValidationError
from hotline_tui.services.export import output_file
from tests.cli_helpers import main_as

COMMANDS = (
    ["report", "daily"],
    ["report", "daily", "--format", "csv"],
    ["report", "daily", "--format", "xlsx"],
    ["report", "callbacks", "--month", "2026-10", "--format", "xlsx"],
    ["report", "complaints", "--month", "2026-10", "--format", "xlsx"],
)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("where", ["", "folder"])
def test_h14_report_to_an_empty_name_or_a_folder_is_one_clear_line(
    tmp_path, monkeypatch, capsys, command, where, sqlite_staff
) -> None:
    from hotline_tui.store.base import database

    monkeypatch.chdir(tmp_path)
    target = "" if where == "" else str(tmp_path)
    url = f"sqlite:///{database.obj.database}"  # a manager runs them: 9001
    code = main_as(["--db", url, *command, "--output", target])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    if where == "" and "daily" not in command:
        assert code == 0  # the monthly workbooks: no name means their default file name
    else:
        assert code == 2
        assert captured.err.strip() and "\n" not in captured.err.strip(), captured.err


def test_output_file_refuses_empty_and_folder_names(tmp_path) -> None:
    for bad in ("", "  ", str(tmp_path), str(tmp_path / "missing" / "x.csv")):
        with pytest.raises(ValidationError):
            output_file(bad)
    assert output_file(tmp_path / "x.csv") == tmp_path / "x.csv"
