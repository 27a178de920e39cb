"""How big an uploaded list or image may be before anything parses it.

Boundary: pure rules over numbers the reader measured cheaply (a zip's central directory, a sheet's
declared dimension, counts of row and cell tags, an image header); no Flask, no I/O. A team list
or a list of people is a few hundred rows of short text: anything far beyond that is a mistake or
an attack (a "zip bomb" that unpacks to gigabytes, a sheet declaring 16,384 columns), and parsing
it would stall the single serving process for every judge and screen. Each refusal names the limit.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from contest.domain.errors import DomainError

MB = 1024 * 1024
# A compressed part smaller than this cannot be a bomb whatever its ratio (tiny XML parts of a
# real .xlsx compress 50-fold).
RATIO_FLOOR_BYTES = 1 * MB
# An .xlsx from Excel or LibreOffice has 10-30 parts; thousands only come from a crafted file.
MAX_ARCHIVE_PARTS = 500
# A part a reader builds whole in memory (the styles, the workbook) costs about 1 KB an element and
# takes seconds per 100,000: a plain list has a few hundred; Excel itself allows 64,000 cell formats.
MAX_PART_ELEMENTS = 100_000
_CELL_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")


@dataclass(frozen=True)
class UploadLimits:
    unpacked_mb: int = 20  # the whole file once unpacked; also the text kept from it
    ratio: int = 100  # unpacked / packed size of one part of the archive
    rows: int = 5000  # rows below the header row
    columns: int = 50
    cell_chars: int = 2000
    image_megapixels: int = 16  # an A4 page printed at 300 dpi needs about 9
    seconds: int = 30  # reading one upload, off the serving loop

    @property
    def unpacked_bytes(self) -> int:
        return self.unpacked_mb * MB


@dataclass(frozen=True)
class ArchivePart:
    name: str
    size: int  # unpacked, as the central directory declares it (Python's zipfile never reads past it)
    packed: int


def too_large(limits: UploadLimits) -> DomainError:
    return DomainError("upload_too_large", "The file unpacks to too much data.", field="file",
                       max=limits.unpacked_mb)


def check_part_count(count: int) -> None:
    if count > MAX_ARCHIVE_PARTS:
        raise DomainError("upload_too_many_parts", "The archive has too many parts.", field="file",
                          count=count, max=MAX_ARCHIVE_PARTS)


def check_part_elements(part: str, count: int) -> None:
    if count > MAX_PART_ELEMENTS:
        raise DomainError("upload_part_too_complex", "A part of the archive has too many elements.", field="file",
                          part=part, max=MAX_PART_ELEMENTS)


def check_archive(parts: Iterable[ArchivePart], limits: UploadLimits) -> None:
    """Refuse an archive that unpacks beyond the limit in total, or compresses like a bomb."""
    total = 0
    for part in parts:
        total += part.size
        if total > limits.unpacked_bytes:
            raise too_large(limits)
        if part.size >= RATIO_FLOOR_BYTES and part.size > limits.ratio * max(part.packed, 1):
            raise DomainError("upload_compression_ratio", "A part of the archive is compressed like a bomb.",
                              field="file", part=part.name, ratio=part.size // max(part.packed, 1),
                              max=limits.ratio)


def parse_dimension(ref: str) -> tuple[int, int] | None:
    """"A1:XFD2000" -> (2000 rows, 16384 columns); None when the reference is not a cell range."""
    last = ref.strip().upper().split(":")[-1]
    match = _CELL_REF.match(last)
    if not match:
        return None
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(match.group(2)), column


def check_rows(count: int, limits: UploadLimits) -> None:
    """``count`` rows of the sheet so far, the header row included."""
    if count > limits.rows + 1:
        raise DomainError("upload_too_many_rows", "The sheet has too many rows.", field="file", max=limits.rows)


def check_columns(count: int, limits: UploadLimits) -> None:
    if count > limits.columns:
        raise DomainError("upload_too_many_columns", "The sheet has too many columns.", field="file",
                          max=limits.columns)


def check_row(row: int, cells: list[str], limits: UploadLimits) -> None:
    """One row as read: its width and each cell's length (``row`` as the spreadsheet numbers it)."""
    check_columns(len(cells), limits)
    for text in cells:
        if len(text) > limits.cell_chars:
            raise DomainError("upload_cell_too_long", "A cell is too long.", field="file", row=row,
                              length=len(text), max=limits.cell_chars)


def check_image(width: int, height: int, limits: UploadLimits) -> None:
    if width * height > limits.image_megapixels * 1_000_000:
        raise image_too_large(limits)


def image_too_large(limits: UploadLimits) -> DomainError:
    return DomainError("upload_image_too_large", "The image has too many pixels.", field="background",
                       max=limits.image_megapixels)


def too_slow(limits: UploadLimits) -> DomainError:
    return DomainError("upload_too_slow", "Reading the file took too long.", field="file", max=limits.seconds)
