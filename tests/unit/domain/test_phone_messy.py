"""H4: a table of messy numbers as callers and PBXs send them; the ones the
hand rules could not place are placed with libphonenumber (region CN)."""

import pytest

from hotline_tui.domain.phone import lookup_keys, parse_phone

MESSY = [
    # raw, number, kind, area code, extension
    ("21 6234 5678", "02162345678", "landline", "021", None),  # area code without its 0
    ("755 8888 6666", "075588886666", "landline", "0755", None),
    ("(86-21) 6234 5678", "02162345678", "landline", "021", None),  # country code without +
    ("86 755 8888 6666", "075588886666", "landline", "0755", None),
    ("86 10 8765 4321", "01087654321", "landline", "010", None),
    ("+86 21 6234 5678", "02162345678", "landline", "021", None),
    ("0086 (0)21 6234 5678", "02162345678", "landline", "021", None),
    ("+86 199 1234 5678", "19912345678", "mobile", None, None),
    ("166-1234-5678", "16612345678", "mobile", None, None),
    ("0086-138 1234 5678", "13812345678", "mobile", None, None),
    ("0571 8888 6666/0571 8888 6667", "057188886666", "landline", "0571", None),
    ("0571-88886666-2101", "057188886666", "landline", "0571", "2101"),
    ("(0571) 8888-6666 转 2101", "057188886666", "landline", "0571", "2101"),
    ("400 800 1234", "4008001234", "other", None, None),
    ("95588", "95588", "other", None, None),
    ("+852 2345 6789", "0085223456789", "other", None, None),
    ("anonymous 13812345678", None, None, None, None),
]


@pytest.mark.parametrize(("raw", "number", "kind", "area", "ext"), MESSY)
def test_h4_messy_numbers(raw, number, kind, area, ext):
    if number is None:
        with pytest.raises(ValueError):
            parse_phone(raw)
        return
    p = parse_phone(raw)
    assert (p.number, p.kind, p.area_code, p.extension) == (number, kind, area, ext)


def test_h4_library_placed_landline_still_matches_by_suffix():
    assert lookup_keys("21 6234 5678") == ["02162345678", "62345678"]
