"""Reading uploads within the limits: each bad file is refused by the cheap measurement that catches it,
before a parser builds it in memory; ordinary files read as before."""

import io
import struct
import threading
import time
import zipfile
import zlib

import pytest
from PIL import Image

from contest import offthread
from contest.domain.errors import DomainError
from contest.domain.upload_limits import UploadLimits
from contest.services.uploads import inspect_image, read_csv, read_xlsx
from tests.attacks.xlsx_files import MAIN, blank_rows_bomb, dimension_bomb, shared_string_bomb, sheet, xlsx

LIMITS = UploadLimits()
HEADER = ["Tên đơn vị", "Loại đơn vị"]


def refused(read, data: bytes, limits: UploadLimits = LIMITS) -> DomainError:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as caught:
        read(data, limits)
    return caught.value


def raw_sheet(rows_xml: str, dimension: str = "") -> str:
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<worksheet xmlns="{MAIN}">{declared}<sheetData>{rows_xml}</sheetData></worksheet>'


@pytest.mark.parametrize(("make", "code"), [
    (shared_string_bomb, "upload_too_large"),
    (dimension_bomb, "upload_too_many_columns"),
    (blank_rows_bomb, "upload_too_many_rows"),
], ids=["150-MB-shared-string", "declared-A1:XFD2000", "million-blank-rows"])
def test_the_three_bombs_of_the_issue_are_refused(make, code):
    assert refused(read_xlsx, make()).code == code


def test_an_ordinary_sheet_reads_with_or_without_a_declared_dimension():
    rows = [HEADER, ["Quận Ba Đình", "Quận"], ["Huyện Sóc Sơn", "Huyện"]]
    for dimension in ("A1:B3", None):
        table = read_xlsx(xlsx(sheet(rows, dimension)), LIMITS)
        assert table.header == HEADER and table.rows == [(2, rows[1]), (3, rows[2])]


def test_a_declared_height_beyond_the_rows_limit_is_refused():
    assert refused(read_xlsx, xlsx(sheet([HEADER], "A1:B11")), UploadLimits(rows=9)).code == "upload_too_many_rows"
    read_xlsx(xlsx(sheet([HEADER], "A1:B10")), UploadLimits(rows=9))


def test_a_row_of_too_many_cells_is_refused_without_a_declared_dimension():
    wide = sheet([HEADER, [f"x{n}" for n in range(51)]])
    assert refused(read_xlsx, xlsx(wide)).code == "upload_too_many_columns"


def test_a_single_far_away_row_is_refused_while_reading():
    # Two row tags only, but openpyxl yields every missing row up to row 1,000,000.
    far = raw_sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>Tên đơn vị</t></is></c></row><row r="1000000"/>')
    assert refused(read_xlsx, xlsx(far)).code == "upload_too_many_rows"


def test_a_long_cell_is_refused_with_its_row():
    error = refused(read_xlsx, xlsx(sheet([HEADER, ["Quận " + "A" * 2000, "Quận"]])))
    assert (error.code, error.params["row"], error.params["length"]) == ("upload_cell_too_long", 2, 2005)


def test_one_shared_string_repeated_counts_its_text_every_time():
    # 600 cells point at one 2,000-character string: 1.2 million characters to stage from a tiny sheet.
    cells = "".join(f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c></row>' for n in range(1, 601))
    error = refused(read_xlsx, xlsx(raw_sheet(cells), [b"A" * 2000]), UploadLimits(unpacked_mb=1))
    assert (error.code, error.params["max"]) == ("upload_too_large", 1)


def test_a_part_built_whole_in_memory_is_bounded_by_its_elements():
    # openpyxl builds the styles whole: 100,001 cell formats cost seconds and ~100 MB, from a ~200 KB file.
    formats = b'<xf numFmtId="0"/>' * 100_001
    styles = f'<styleSheet xmlns="{MAIN}"><cellXfs>'.encode() + formats + b"</cellXfs></styleSheet>"
    file = xlsx(sheet([HEADER]), extra={"xl/styles.xml": styles})
    assert refused(read_xlsx, file).code == "upload_compression_ratio"  # this one compresses too well, too
    error = refused(read_xlsx, file, UploadLimits(ratio=10_000))
    assert (error.code, error.params["part"]) == ("upload_part_too_complex", "xl/styles.xml")
    # A sheet and the shared strings are streamed: their size is bounded by rows, columns and text instead.
    read_xlsx(xlsx(sheet([HEADER] + [["Quận", "Quận"]] * 5000), [b"x" * 10]), LIMITS)


def test_an_archive_of_thousands_of_parts_is_refused_before_it_is_listed():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(600):
            archive.writestr(f"x/{n}.xml", "")
    error = refused(read_xlsx, out.getvalue())
    assert (error.code, error.params["count"]) == ("upload_too_many_parts", 600)


def test_a_file_that_is_not_a_zip_cannot_be_read():
    assert refused(read_xlsx, b"PK\x03\x04 not really").code == "import_bad_xlsx"


def csv_bytes(lines: list[str]) -> bytes:
    return ("\ufeff" + "\r\n".join(lines)).encode()


@pytest.mark.parametrize(("lines", "code"), [
    (["Tên đơn vị;Loại đơn vị"] + ["Quận X;Quận"] * 5001, "upload_too_many_rows"),
    (["Tên đơn vị;Loại đơn vị"] + [""] * 1_000_000, "upload_too_many_rows"),
    (["Tên đơn vị;Loại đơn vị;" + ";".join(["x"] * 49)], "upload_too_many_columns"),
    (["Tên đơn vị;Loại đơn vị", "Quận X;" + "Q" * 2001], "upload_cell_too_long"),
], ids=["5001-rows", "million-blank-lines", "51-columns", "2001-characters"])
def test_csv_limits(lines, code):
    assert refused(read_csv, csv_bytes(lines)).code == code


def test_csv_at_the_limits_reads():
    table = read_csv(csv_bytes(["Tên đơn vị;Loại đơn vị"] + ["Quận X;" + "Q" * 2000] * 5000), LIMITS)
    assert len(table.rows) == 5000 and table.rows[-1][0] == 5001


def png(width: int, height: int) -> bytes:
    """A real 1-bit PNG of zeros, compressed as it is generated: tiny on the wire, huge once decoded."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    packer = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    pixels = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.mark.parametrize(("width", "height"), [(20_000, 20_000), (5_000, 4_000)],
                         ids=["400-megapixels", "20-megapixels"])
def test_images_beyond_the_pixel_limit_are_refused(width, height):
    data = png(width, height)
    assert len(data) < 100_000
    error = refused(inspect_image, data)
    assert (error.code, error.params["max"]) == ("upload_image_too_large", 16)


def test_an_a4_page_at_300_dpi_passes_and_a_broken_image_does_not():
    data = png(3508, 2480)
    inspect_image(data, LIMITS)
    assert refused(inspect_image, data[:-20]).code == "upload_bad_image"
    jpeg = io.BytesIO()
    Image.new("RGB", (297, 210), (250, 240, 215)).save(jpeg, format="JPEG")
    inspect_image(jpeg.getvalue(), LIMITS)


def test_work_runs_on_another_thread_and_its_error_comes_back():
    assert offthread.run(threading.get_ident, seconds=10) != threading.get_ident()
    with pytest.raises(DomainError, match="too many rows"):
        offthread.run(read_xlsx, blank_rows_bomb(), LIMITS, seconds=10)


def test_work_beyond_its_time_limit_is_abandoned():
    with pytest.raises(offthread.TooSlow):
        offthread.run(time.sleep, 2, seconds=0.2)
