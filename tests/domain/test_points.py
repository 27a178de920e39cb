import pytest

from contest.domain.errors import DomainError
from contest.domain.points import check_in_range, format_plain, parse_points


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("9,5", 950), ("9.5", 950), ("10", 1000), (7, 700), (" 0,25 ", 25), ("283.75", 28375)],
    ids=["comma", "dot", "integer-text", "json-int", "spaces", "total"],
)
def test_typed_points_become_centipoints(raw, expected):
    assert parse_points(raw) == expected


@pytest.mark.parametrize(
    "raw", ["NaN", "Infinity", "1e999", True, None, "", "abc", "9,5,1", float("nan")],
    ids=["nan", "inf", "exp", "bool", "null", "empty", "text", "two-commas", "float-nan"],
)
def test_non_numbers_are_refused(raw):
    with pytest.raises(DomainError) as caught:
        parse_points(raw)
    assert caught.value.code == "points_invalid"


def test_more_than_two_decimals_is_refused():
    with pytest.raises(DomainError) as caught:
        parse_points("9.125")
    assert caught.value.code == "points_too_fine"


@pytest.mark.parametrize(
    ("value", "code"), [(-100, "points_out_of_range"), (2025, "points_out_of_range"), (960, "points_off_step")],
    ids=["negative", "above-max", "off-step"],
)
def test_range_and_step(value, code):
    with pytest.raises(DomainError) as caught:
        check_in_range(value, maximum=2000, step=25)
    assert caught.value.code == code


def test_bounds_are_inclusive_and_format_is_plain():
    assert check_in_range(0, 2000, 25) == 0
    assert check_in_range(2000, 2000, 25) == 2000
    assert format_plain(28375) == "283.75"
    assert format_plain(-25) == "-0.25"


@pytest.mark.parametrize("raw", ["\u0669", "\uff19", "\u0669,\u0665", "9,\u0665", "\u00b2"],
                         ids=["arabic-indic", "full-width", "arabic-indic-decimal", "mixed", "superscript"])
def test_only_the_digits_0_to_9_count(raw):
    with pytest.raises(DomainError) as caught:
        parse_points(raw)
    assert caught.value.code == "points_not_ascii_digits" and caught.value.params["value"] == raw
