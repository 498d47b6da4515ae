"""Plain words on every screen: overdue says 超时, a deadline's reason is said
in words, the text table keeps one line per item (R3, H6, H14)."""

from __future__ import annotations

import tomllib

from hotline_tui.domain.deadlines import countdown_words
from hotline_tui.i18n import LOCALE_DIR, set_language
from hotline_tui.store.base import database
from hotline_tui.ui.widgets.rule_words import rule_words
from tests import factories as f
from tests.cli_helpers import main_as

AT = "2026-11-23T02:00:00Z"


def test_h6_overdue_reads_in_words_never_a_minus_sign() -> None:
    set_language("zh_CN")
    assert countdown_words(-(15 * 60 + 3)) == "超时 0:15:03"
    assert countdown_words(59 * 60) == "0:59:00"
    assert countdown_words(2 * 86400 + 3 * 3600) == "2天 03:00"
    assert countdown_words(-(86400 + 60)) == "超时 1天 00:01"


def test_h6_r3_deadline_reasons_in_words() -> None:
    set_language("zh_CN")
    assert rule_words("H6") == "1小时内回电"
    assert rule_words("R3") == "30分钟内交接"
    assert rule_words("X9") == "" and rule_words("") == ""


def test_h14_open_items_text_keeps_one_line_per_item(sqlite_staff, clock, capsys) -> None:
    s, now = sqlite_staff, clock.now()
    hd = f.customer("上海宏达机械有限公司", "宏达机械")
    f.call(
        s["operator"], hd, now.subtract(minutes=5), symptom="账套备份失败\n提示:磁盘已满\t请清理"
    )
    f.call(s["operator"], hd, now.add(minutes=5), symptom="打印错位")
    url = f"sqlite:///{database.obj.database}"
    assert main_as(["--db", url, "open-items", "--as", "9001", "--at", AT]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4  # header, two items, the count
    assert "账套备份失败 提示:磁盘已满 请清理" in lines[1]


# A rule ID in brackets, alone or leading: "(H3)", "(C7:次月…)" ("按 F6" is a key).
RULE_ID = r"[(（]\s*[A-Z][0-9]{1,2}[a-z]?\s*[)）::、,,]"


def test_no_rule_ids_in_chinese_texts_an_operator_reads() -> None:
    """Managers' help texts (the review's explanations) may name rules; the rest may not."""
    import re

    allowed = {"review.toml"}  # the review's F1 help explains its figures by rule
    found = []
    for path in sorted((LOCALE_DIR / "zh_CN").glob("*.toml")):
        if path.name in allowed:
            continue
        with path.open("rb") as fh:
            for msgid, text in tomllib.load(fh).items():
                if re.search(RULE_ID, text):
                    found.append(f"{path.name}: {msgid!r} = {text!r}")
    assert not found, "rule IDs on screen:\n" + "\n".join(found)


def test_h2_script_lines_never_start_with_closing_punctuation() -> None:
    from rich.cells import cell_len

    from hotline_tui.ui.widgets.cjk_text import NO_START, wrap_cells

    greeting = "您好,我是1001号客服代表,很高兴为您服务,有什么可以帮助您!请您详细描述一下问题现象?"
    for width in range(8, 60):
        lines = wrap_cells(greeting, width)
        assert "".join(lines) == greeting  # nothing lost, nothing added
        assert all(cell_len(line) <= width for line in lines), width
        assert not any(line[:1] in NO_START for line in lines[1:]), (width, lines)
        assert "1001" in "\n".join(lines)  # a number is never split
    taboos = "禁忌:不要打断客户讲话 · 讲普通话 · 冷场不超过5秒 · 保持精神饱满"
    assert not any(line.startswith("·") for line in wrap_cells(taboos, 48))
