"""H9 search normalization: what the operator types meets what the manuals say."""

from __future__ import annotations

from hotline_tui.domain.textnorm import (
    match_spans,
    normalize,
    parse_query,
    pinyin_tokens,
    text_tokens,
)


def test_h9_traditional_folds_to_simplified_and_zhang_variant() -> None:
    assert normalize("帳套備份失敗") == "账套备份失败"


def test_h9_full_width_letters_digits_and_punctuation_fold() -> None:
    assert normalize("ＯＲＡ－１２５４１，错误") == "ora-12541 错误"


def test_h9_chinese_runs_become_pairs_and_latin_stays_whole() -> None:
    assert text_tokens("U8账套备份 ORA-12541 0x80004005") == [
        "u8",
        "账套",
        "套备",
        "备份",
        "份",
        "ora",
        "12541",
        "0x80004005",
    ]


def test_h9_pinyin_fixes_chong_for_reinstall() -> None:
    tokens = pinyin_tokens("重装系统")
    assert "chongzhuangxitong" in tokens and "czxt" in tokens
    assert not any(t.startswith("zhongzhuang") for t in tokens)


def test_h9_punctuation_only_query_has_no_terms() -> None:
    assert not parse_query("，。！？ --- ...")
    assert not parse_query("")


def test_h9_query_terms_last_latin_is_prefix() -> None:
    q = parse_query("备份 ora-125")
    assert [t.kind for t in q.terms] == ["cjk", "latin"]
    assert q.terms[0].tokens == ("备份",)
    assert q.terms[1].tokens == ("ora", "125") and q.terms[1].prefix


def test_h9_highlight_spans_map_back_to_original_text() -> None:
    text = "帳套備份時提示ＯＲＡ－１２５４１"
    spans = match_spans(text, parse_query("备份 ORA-12541"))
    assert [text[s:e] for s, e in spans] == ["備份", "ＯＲＡ－１２５４１"]


def test_h9_pinyin_highlights_the_chinese() -> None:
    text = "账套备份失败"
    assert [text[s:e] for s, e in match_spans(text, parse_query("bf"))] == ["备份"]
    assert [text[s:e] for s, e in match_spans(text, parse_query("beifen"))] == ["备份"]
