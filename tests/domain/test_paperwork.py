"""Text rules of the official papers: Vietnamese dates, points, placeholders, formula-safe cells."""

from datetime import date
from fractions import Fraction

import pytest

from contest.domain.paperwork import (
    csv_safe,
    fill_placeholders,
    unknown_placeholders,
    upper_vi,
    vietnamese_date,
    vn_points,
)


@pytest.mark.parametrize(("day", "place", "expected"), [
    (date(2024, 9, 21), "Hà Nội", "Hà Nội, ngày 21 tháng 9 năm 2024"),
    (date(2024, 1, 5), "Sóc Sơn", "Sóc Sơn, ngày 05 tháng 01 năm 2024"),
    (date(2024, 2, 10), "Hà Nội", "Hà Nội, ngày 10 tháng 02 năm 2024"),
    (date(2024, 12, 9), "", "ngày 09 tháng 12 năm 2024"),
    (date(2024, 3, 31), "  Hà Nội ", "Hà Nội, ngày 31 tháng 3 năm 2024"),
], ids=["plain", "leading-zeros", "february", "no-place", "trimmed-place"])
def test_vietnamese_date_follows_decree_30(day, place, expected):
    assert vietnamese_date(day, place) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (28375, "283,75"), (Fraction(28375, 3), "94,58"), (Fraction(1, 2), "0,01"), (-25, "-0,25"), (None, ""),
], ids=["exact", "thirds", "half-up", "negative", "none"])
def test_points_print_with_a_decimal_comma(value, expected):
    assert vn_points(value) == expected


def test_placeholders_fill_known_keep_unknown_and_normalise():
    body = "Đội {team} đạt {prize}\n{contest} — {typo}"
    values = {"team": "Quận Đống Đa".replace("ố", "o\u0302\u0301"), "prize": "Giải Nhất", "contest": "Hội thi"}
    filled = fill_placeholders(body, values)
    assert filled == "Đội Quận Đống Đa đạt Giải Nhất\nHội thi — {typo}"
    assert unknown_placeholders(body) == ["typo"]


@pytest.mark.parametrize(("value", "expected"), [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-1+2", "'-1+2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"), ("Quận Ba Đình", "Quận Ba Đình"), (12, 12),
], ids=["equals", "plus", "minus", "at", "tab", "text", "number"])
def test_csv_cells_never_start_a_formula(value, expected):
    assert csv_safe(value) == expected


def test_upper_case_keeps_vietnamese_letters_composed():
    assert upper_vi("giấy khen") == "GIẤY KHEN"
    assert upper_vi("ban dân vận thành ủy") == "BAN DÂN VẬN THÀNH ỦY"
