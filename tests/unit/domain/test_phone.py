"""H4: identify the caller from a phone number however it was typed."""

import pytest

from hotline_tui.domain.phone import (
    InvalidPhone,
    PhoneNumber,
    lookup_keys,
    normalize_phone,
    parse_phone,
)
from hotline_tui.i18n import set_language


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("+86 138-1234-5678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138.1234.5678", "13812345678"),
        ("13812345678/13912345678", "13812345678"),
        ("13812345678、13912345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("013812345678", "13812345678"),
        ("手机：138-1234-5678", "13812345678"),
    ],
)
def test_h4_mobile_numbers_normalize(raw, number):
    parsed = parse_phone(raw)
    assert parsed == PhoneNumber(number, "mobile")
    assert normalize_phone(raw) == number


@pytest.mark.parametrize(
    ("raw", "number", "area", "ext"),
    [
        ("(021) 6234 5678 转 803", "02162345678", "021", "803"),
        ("021-62345678-803", "02162345678", "021", "803"),
        ("021-62345678 ext 12", "02162345678", "021", "12"),
        ("021-62345678 Ext.12", "02162345678", "021", "12"),
        ("021-62345678x12", "02162345678", "021", "12"),
        ("021-62345678#12", "02162345678", "021", "12"),
        ("021-62345678（分机 66）", "02162345678", "021", "66"),
        ("电话：021—62345678", "02162345678", "021", None),
        ("010.8765.4321", "01087654321", "010", None),
        ("010/87654321", "01087654321", "010", None),
        ("（０２１）６２３４５６７８", "02162345678", "021", None),
        ("+86 21 6234 5678", "02162345678", "021", None),
        ("+86 (0)10 8765 4321", "01087654321", "010", None),
        ("0571-8888-6666", "057188886666", "0571", None),
        ("0931-8123456", "09318123456", "0931", None),
    ],
)
def test_h4_landlines_keep_area_code_and_split_extension(raw, number, area, ext):
    parsed = parse_phone(raw)
    assert (parsed.number, parsed.kind, parsed.area_code, parsed.extension) == (
        number,
        "landline",
        area,
        ext,
    )


@pytest.mark.parametrize(
    ("raw", "number", "ext"),
    [("６２３４５６７８", "62345678", None), ("6234 5678 转 803", "62345678", "803")],
)
def test_h4_local_numbers_without_area_code(raw, number, ext):
    parsed = parse_phone(raw)
    assert (parsed.number, parsed.kind, parsed.extension) == (number, "local", ext)


@pytest.mark.parametrize(
    ("raw", "number"),
    [("400-800-1234", "4008001234"), ("95588", "95588"), ("+1 415 555 1234", "0014155551234")],
)
def test_h4_service_and_foreign_numbers_are_other(raw, number):
    assert parse_phone(raw) == PhoneNumber(number, "other")


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "abc", "无", "1234", "12-34", "1" * 21, "138l2345678", "+86+13812345678"],
)
def test_h4_invalid_input_raises(raw):
    with pytest.raises(InvalidPhone):
        parse_phone(raw)


def test_h4_invalid_phone_is_a_value_error_in_the_operators_language():
    with pytest.raises(ValueError, match="没有数字"):
        normalize_phone("abc")
    set_language("en")
    try:
        with pytest.raises(ValueError, match="no digits"):
            normalize_phone("abc")
    finally:
        set_language("zh_CN")
    with pytest.raises(InvalidPhone, match="太短"):
        normalize_phone("1234")
    with pytest.raises(InvalidPhone, match="太长"):
        normalize_phone("1" * 21)


def test_h4_lookup_keys_full_number_and_last_8():
    assert lookup_keys("(021) 6234 5678 转 803") == ["02162345678", "62345678"]
    assert lookup_keys("+86 138-1234-5678") == ["13812345678", "12345678"]


def test_h4_landline_typed_without_area_code_matches_by_suffix():
    stored = normalize_phone("021-62345678")
    assert lookup_keys("6234-5678") == ["62345678"]
    assert stored.endswith(lookup_keys("6234-5678")[0])
    assert lookup_keys("021 6234 5678")[1] == lookup_keys("62345678")[0]


def test_h4_display_for_reading_back():
    assert parse_phone("+8613812345678").display == "138 1234 5678"
    assert parse_phone("(021)62345678转803").display == "021-62345678-803"
    assert parse_phone(parse_phone("021 6234 5678 转 803").display).extension == "803"
