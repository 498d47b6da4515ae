"""Bad input gets a clear, one-line error naming where, and loses nothing."""

from __future__ import annotations

import pytest

from hotline_tui.cli import main
from hotline_tui.config import SettingsError, settings_from_mapping
from hotline_tui.domain.errors import ValidationError
from hotline_tui.services.customers.transfer import import_customers
from hotline_tui.services.export import read_table
from hotline_tui.store.models import Customer

HEADER = "单位名称,联系人,手机\n"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_csv_from_excel_on_chinese_windows_is_read(tmp_path, encoding) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes((HEADER + "上海宏达机械有限公司,王建国,13812345678\n").encode(encoding))
    headers, rows = read_table(path)
    assert headers[0] == "单位名称" and rows[0][0] == "上海宏达机械有限公司"


@pytest.mark.parametrize(
    "content, where",
    [
        (HEADER + '上海宏达,"王建国,13812345678\n另一家,李,139\n', "Line"),
        ("单位名称,联系人,联系人\n上海宏达,王,李\n", "column 3"),
        (HEADER + "上海宏达,王建国,13812345678,多出来的\n", "Line 2, column 4"),
        ("单位名称,,手机\n上海宏达,王,138\n", "column 2"),
    ],
)
def test_malformed_csv_is_refused_naming_row_and_column(
    staff, ctx_for, tmp_path, content, where
) -> None:
    path = tmp_path / "units.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        import_customers(ctx_for(staff["manager"]), path)
    assert where in err.value.message.format(**err.value.params)
    assert Customer.select().count() == 0


def test_malformed_workbook_and_wrong_header_write_nothing(staff, ctx_for, tmp_path) -> None:
    from hotline_tui.services.customers.transfer import ImportRejected

    bad = tmp_path / "units.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ValidationError):
        import_customers(ctx_for(staff["manager"]), bad)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("名字,电话号码\n上海宏达,138\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as err:
        import_customers(ctx_for(staff["manager"]), wrong)
    assert err.value.problems[0].line == 1
    assert Customer.select().count() == 0


@pytest.mark.parametrize(
    "policy",
    [
        {"hold_callback_minutes": 0},
        {"hold_callback_minutes": 10**20},
        {"hold_callback_minutes": 1e20},
        {"qa_sample_percent": 101},
    ],
)
def test_policy_out_of_range_is_refused_by_name(policy) -> None:
    with pytest.raises(SettingsError) as err:
        settings_from_mapping({"policy": policy})
    assert err.value.key == f"policy.{next(iter(policy))}"


def test_a_shift_that_ends_when_it_starts_is_refused() -> None:
    with pytest.raises(SettingsError) as err:
        settings_from_mapping({"shifts": {"day": ["08:30", "08:30"]}})
    assert err.value.key == "shifts.day"


def test_missing_config_file_is_an_error(tmp_path, capsys) -> None:
    code = main(
        ["--config", str(tmp_path / "nope.toml"), "--db", "sqlite:///:memory:", "audit", "verify"]
    )
    assert code != 0 and "nope.toml" in capsys.readouterr().err


def test_a_file_that_is_not_a_database_gives_a_clear_message(tmp_path, capsys) -> None:
    path = tmp_path / "notes.db"
    path.write_text("这不是数据库" * 100, encoding="utf-8")
    code = main(["--db", f"sqlite:///{path}", "audit", "verify"])
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err and err.strip()
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["report", "daily", "--date", "0001-01-01"],
        ["report", "daily", "--date", "9999-12-31"],
        ["--as", "9001", "dispatch", "sheet", "99999999999999999999"],
        ["--as", "9001", "audit", "--since", "0001-01-01"],
        ["--as", "9001", "audit", "--record", "call:99999999999999999999"],
    ],
)
def test_extreme_dates_and_ids_give_a_clear_message(tmp_path, capsys, clock, args) -> None:
    from hotline_tui.store.db import close_database, open_database
    from tests.conftest import _make_staff

    url = f"sqlite:///{tmp_path / 'x.db'}"
    open_database(url)
    _make_staff(clock.now())
    close_database()
    code = main(["--db", url, *args])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    assert code in (0, 1, 2)
    if code:  # one clear line
        assert len(out.err.strip().splitlines()) == 1, out.err


def test_a_desk_that_crashes_exits_non_zero(tmp_path, monkeypatch) -> None:
    import hotline_tui.ui.app as ui_app

    class Crashing:
        return_code = None

        def run(self) -> None:
            self.return_code = 1  # what Textual sets after an unhandled error

    monkeypatch.setattr(ui_app, "create_app", lambda *a, **k: Crashing())
    assert main(["--db", f"sqlite:///{tmp_path / 'd.db'}"]) == 1


def test_text_beyond_a_fields_limit_is_refused_and_the_draft_keeps_it(staff, ctx_for) -> None:
    from hotline_tui.services.calls.calls import start_call, update_call
    from hotline_tui.services.calls.drafts import load_draft, save_draft

    op = ctx_for(staff["operator"])
    call = start_call(op)
    pasted = "账套被占用," * 4000  # 24,000 characters, the limit is 5,000
    save_draft(op, {"call_id": call.id, "symptom": pasted, "resolution": "重" * 5000})
    with pytest.raises(ValidationError) as err:
        update_call(op, call.id, symptom=pasted)
    assert err.value.field == "symptom" and "5000" in str(err.value)
    assert load_draft(op)["symptom"] == pasted
