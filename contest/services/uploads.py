"""Reading uploaded lists (.xlsx, .csv) and images safely, off the serving loop.

Every upload is measured before it is parsed: an .xlsx is a zip whose central directory declares
each part's unpacked size, and whose sheets declare their dimension and hold one tag per row and
cell. openpyxl trusts all of that (it inflates shared strings fully, pads every row to the declared
width), so a 155 KB file can cost gigabytes. The limits (``contest.domain.upload_limits``) are
checked on those cheap measurements first, then again on each row as it is read; parsing itself
runs on a worker thread (``contest.offthread``) with a time limit.
"""

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, TypeVar

from flask import current_app
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from PIL import Image, UnidentifiedImageError

from contest import offthread
from contest.domain.errors import DomainError
from contest.domain.upload_limits import (
    ArchivePart,
    UploadLimits,
    check_archive,
    check_columns,
    check_image,
    check_part_count,
    check_part_elements,
    check_row,
    check_rows,
    image_too_large,
    parse_dimension,
    too_large,
    too_slow,
)
from contest.extensions import db

Rows = list[tuple[int, list[str]]]
T = TypeVar("T")
_CHUNK = 256 * 1024
_END_OF_DIRECTORY = b"PK\x05\x06"
# A tag that starts a row, a cell or the declared dimension, with or without a namespace prefix.
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|dimension)[\s/>]")
_DIMENSION_REF = re.compile(rb'\bref="([^"]{1,40})"')
_ELEMENT = re.compile(rb"<[A-Za-z_]")
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]")
# Parts openpyxl streams (a sheet, the shared strings); it builds every other part whole in memory.
_STREAMED_ROOTS = {b"worksheet", b"sst"}


@dataclass
class Table:
    header: list[str]
    rows: Rows  # (row number as the spreadsheet shows it, cells)


def limits() -> UploadLimits:
    return current_app.config["UPLOAD_LIMITS"]


def read_upload(filename: str, data: bytes) -> Table:
    """The table of an uploaded .xlsx/.csv, read on a worker thread within the configured limits."""
    return off_loop(read_table, filename, data, limits())


def check_image_upload(data: bytes) -> None:
    """Refuse an image that is not a readable PNG/JPEG or has more pixels than the limit."""
    off_loop(inspect_image, data, limits())


def off_loop(function: Callable[..., T], *args: object) -> T:
    """``function(*args)`` on a worker thread, within the upload time limit.

    The request waits here while the process serves others. Its database transaction ends first:
    on SQLite every transaction holds the write lock (BEGIN IMMEDIATE), and a judge's request
    waiting for it would block the whole process in SQLite's busy wait. So call this before
    changing anything."""
    if db.session.new or db.session.dirty or db.session.deleted:
        raise RuntimeError("read the upload before changing anything: the transaction ends here")
    db.session.rollback()
    bounds = limits()
    try:
        return offthread.run(function, *args, seconds=bounds.seconds)
    except offthread.TooSlow as error:
        raise too_slow(bounds) from error


def read_table(filename: str, data: bytes, bounds: UploadLimits) -> Table:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "csv":
        return read_csv(data, bounds)
    if extension == "xlsx":
        return read_xlsx(data, bounds)
    raise DomainError("import_unsupported_type", "Upload a .xlsx or .csv file.", field="file")


class _Collector:
    """Rows as they are read: the first non-blank row is the header; every row is held to the limits."""

    def __init__(self, bounds: UploadLimits) -> None:
        self.bounds = bounds
        self.header: list[str] = []
        self.rows: Rows = []
        self.text = 0

    def add(self, number: int, cells: list[str]) -> None:
        check_rows(number, self.bounds)
        check_row(number, cells, self.bounds)
        self.text += sum(len(c) for c in cells)
        if self.text > self.bounds.unpacked_bytes:
            raise too_large(self.bounds)
        if self.header:
            self.rows.append((number, cells))
        elif any(c.strip() for c in cells):
            self.header = cells

    def table(self) -> Table:
        return Table(self.header, self.rows)


def read_csv(data: bytes, bounds: UploadLimits) -> Table:
    """UTF-8 with or without BOM (Excel writes one); "," or ";" between cells (Excel in a
    Vietnamese locale writes ";")."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DomainError("import_not_utf8", "The file is not UTF-8.", field="file") from error
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    collector = _Collector(bounds)
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            collector.add(number, cells)
    except csv.Error as error:
        raise DomainError("import_bad_csv", "The CSV file cannot be read.", field="file") from error
    return collector.table()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def read_xlsx(data: bytes, bounds: UploadLimits) -> Table:
    """The first sheet; row numbers are Excel's. The archive is inspected before openpyxl opens it."""
    bad = DomainError("import_bad_xlsx", "The .xlsx file cannot be read.", field="file")
    try:
        inspect_xlsx(data, bounds)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, InvalidFileException, KeyError, ValueError,
            OSError, EOFError, RuntimeError, NotImplementedError) as error:  # RuntimeError: an encrypted part
        raise bad from error
    try:
        if not book.worksheets:
            raise bad
        collector = _Collector(bounds)
        for number, values in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
            collector.add(number, [_cell_text(v) for v in values])
        return collector.table()
    finally:
        book.close()


def inspect_xlsx(data: bytes, bounds: UploadLimits) -> None:
    """Check the archive's declared sizes, then every part's rows, cells and declared dimension."""
    check_part_count(_declared_part_count(data))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        check_part_count(len(infos))
        check_archive([ArchivePart(i.filename, i.file_size, i.compress_size) for i in infos], bounds)
        for info in infos:
            if not info.is_dir():
                with archive.open(info) as stream:
                    _scan_part(info.filename, stream, bounds)


def _declared_part_count(data: bytes) -> int:
    """The entry count of the zip's end record, read before zipfile builds one object per entry."""
    end = data.rfind(_END_OF_DIRECTORY, max(0, len(data) - 65_557))
    if end < 0 or end + 12 > len(data):
        return 0  # not a zip: zipfile says so
    return int.from_bytes(data[end + 10: end + 12], "little")


def _scan_part(name: str, stream: IO[bytes], bounds: UploadLimits) -> None:
    """Count tags as the part inflates, a chunk at a time, and stop at the first excess.

    openpyxl reads every sheet's dimension at load time and, when a sheet declares none, walks the
    whole sheet keeping one element per row and cell: counting row and cell tags bounds that. The
    parts it builds whole in memory (styles, workbook, properties) are bounded by their elements."""
    rows = width = elements = 0
    root, tail = None, b""
    while chunk := stream.read(_CHUNK):
        buffer = tail + chunk
        cut = buffer.rfind(b"<", max(0, len(buffer) - 64))  # a tag cut by the chunk is counted next time
        cut = len(buffer) if cut < 0 else cut
        if root is None and (found := _ROOT.search(buffer, 0, cut)):
            root = found.group(1)
        elements += len(_ELEMENT.findall(buffer, 0, cut))
        if root not in _STREAMED_ROOTS:
            check_part_elements(name, elements)
        for match in _TAG.finditer(buffer, 0, cut):
            if match.group(1) == b"row":
                rows, width = rows + 1, 0
                check_rows(rows, bounds)
            elif match.group(1) == b"c":
                width += 1
                check_columns(width, bounds)
            else:
                _check_declared_dimension(buffer[match.end(): match.end() + 200], bounds)
        tail = buffer[cut:]


def _check_declared_dimension(attributes: bytes, bounds: UploadLimits) -> None:
    found = _DIMENSION_REF.search(attributes.split(b">", 1)[0])
    size = parse_dimension(found.group(1).decode("ascii", "replace")) if found else None
    if size is not None:
        check_rows(size[0], bounds)
        check_columns(size[1], bounds)


def inspect_image(data: bytes, bounds: UploadLimits) -> None:
    """The header gives the size without decoding the pixels; ``verify`` checks the file is whole."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            check_image(*image.size, bounds)
            image.verify()
    except Image.DecompressionBombError as error:
        raise image_too_large(bounds) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise DomainError("upload_bad_image", "The image cannot be read.", field="background") from error
