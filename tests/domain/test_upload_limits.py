"""The upload limits as rules: what a team list or a list of people may measure before it is parsed."""

import pytest

from contest.domain.errors import DomainError
from contest.domain.upload_limits import (
    MAX_ARCHIVE_PARTS,
    MAX_PART_ELEMENTS,
    MB,
    ArchivePart,
    UploadLimits,
    check_archive,
    check_image,
    check_part_count,
    check_part_elements,
    check_row,
    check_rows,
    parse_dimension,
)

LIMITS = UploadLimits()


def refusal(check, *args) -> DomainError:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as caught:
        check(*args)
    return caught.value


@pytest.mark.parametrize(("ref", "size"), [
    ("A1:XFD2000", (2000, 16384)),
    ("A1:L18", (18, 12)),
    ("B2:C5", (5, 3)),
    ("A1", (1, 1)),
    ("$A$1:$AB$10", (10, 28)),
    ("a1:z100", (100, 26)),
    ("A1:XFD1048576", (1048576, 16384)),
    ("", None),
    ("A1:ZZZZ1", None),
    ("A1:1", None),
], ids=["whole-width", "team-list", "offset", "one-cell", "absolute", "lower-case", "whole-sheet", "empty",
        "four-letters", "row-only"])
def test_declared_dimension_is_read_as_rows_and_columns(ref, size):
    assert parse_dimension(ref) == size


def test_an_archive_within_the_total_passes_and_one_byte_more_is_refused():
    parts = [ArchivePart("xl/worksheets/sheet1.xml", 15 * MB, 2 * MB), ArchivePart("xl/styles.xml", 5 * MB, MB)]
    check_archive(parts, LIMITS)
    error = refusal(check_archive, [*parts, ArchivePart("xl/sharedStrings.xml", 1, 1)], LIMITS)
    assert (error.code, error.params["max"]) == ("upload_too_large", 20)


def test_a_part_compressed_like_a_bomb_is_refused_even_under_the_total():
    error = refusal(check_archive, [ArchivePart("xl/sharedStrings.xml", 10 * MB, 10 * MB // 500)], LIMITS)
    assert error.code == "upload_compression_ratio"
    assert (error.params["part"], error.params["ratio"], error.params["max"]) == ("xl/sharedStrings.xml", 500, 100)


def test_small_parts_may_compress_well_and_the_ratio_is_configurable():
    check_archive([ArchivePart("xl/styles.xml", MB - 1, 10)], LIMITS)  # under the floor: not a bomb
    check_archive([ArchivePart("xl/worksheets/sheet1.xml", 10 * MB, 10 * MB // 500)], UploadLimits(ratio=600))


def test_part_count_and_elements_of_a_part():
    check_part_count(MAX_ARCHIVE_PARTS)
    assert refusal(check_part_count, MAX_ARCHIVE_PARTS + 1).code == "upload_too_many_parts"
    check_part_elements("xl/styles.xml", MAX_PART_ELEMENTS)
    error = refusal(check_part_elements, "xl/styles.xml", MAX_PART_ELEMENTS + 1)
    assert (error.code, error.params["part"]) == ("upload_part_too_complex", "xl/styles.xml")


def test_rows_are_counted_with_the_header_row():
    check_rows(5001, LIMITS)  # the header and 5,000 rows
    error = refusal(check_rows, 5002, LIMITS)
    assert (error.code, error.params["max"]) == ("upload_too_many_rows", 5000)
    check_rows(11, UploadLimits(rows=10))
    assert refusal(check_rows, 12, UploadLimits(rows=10)).code == "upload_too_many_rows"


def test_row_width_and_cell_length():
    check_row(7, ["x" * 2000] * 50, LIMITS)
    assert refusal(check_row, 7, [""] * 51, LIMITS).params == {"field": "file", "max": 50}
    error = refusal(check_row, 7, ["ok", "y" * 2001], LIMITS)
    assert (error.code, error.params["row"], error.params["length"], error.params["max"]) == \
        ("upload_cell_too_long", 7, 2001, 2000)


def test_image_pixels():
    check_image(4000, 4000, LIMITS)  # 16 megapixels exactly
    error = refusal(check_image, 4001, 4000, LIMITS)
    assert (error.code, error.params["max"]) == ("upload_image_too_large", 16)
