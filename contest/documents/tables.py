"""Tables as files: the contest workbook (.xlsx, openpyxl) and the standings CSV.

No text cell ever becomes a formula. In the workbook a text cell is stored with the string type
(never the formula type openpyxl infers from a leading "="), and one that starts like a formula
also gets Excel's quote prefix, so editing it in Excel keeps it text; the value itself is kept
exactly. CSV has no types, so such a cell gets a leading apostrophe (OWASP's advice).
"""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from contest.domain.names import nfc
from contest.domain.paperwork import csv_safe, is_formula_like

Value = str | int | Decimal | date | datetime | bool | None

HEADER_FILL = PatternFill("solid", fgColor="8C1D18")
HEADER_FONT = Font(bold=True, color="FFFFFF")
MAX_WIDTH = 60


@dataclass(frozen=True)
class Table:
    title: str  # the sheet name (at most 31 characters in Excel)
    headers: tuple[str, ...]
    rows: Sequence[Sequence[Value]]


def points(centipoints: int | None) -> Decimal | None:
    """Centipoints as an exact two-decimal number for a spreadsheet cell."""
    return None if centipoints is None else Decimal(centipoints).scaleb(-2)


def render_workbook(tables: Sequence[Table]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        _sheet(book, table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(book: Workbook, table: Table) -> None:
    sheet = book.create_sheet(nfc(table.title)[:31])
    sheet.append([nfc(h) for h in table.headers])
    for cell in sheet[1]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    widths = [len(h) for h in table.headers]
    for r, row in enumerate(table.rows, start=2):
        for c, value in enumerate(row, start=1):
            _put(sheet.cell(row=r, column=c), value)
            if c <= len(widths):
                widths[c - 1] = max(widths[c - 1], len(str(value)) if value is not None else 0)
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = min(MAX_WIDTH, width + 2)
    sheet.freeze_panes = "A2"
    if table.rows:
        sheet.auto_filter.ref = sheet.dimensions


def _put(cell, value: Value) -> None:  # type: ignore[no-untyped-def]
    if isinstance(value, str):
        value = nfc(value)
        cell.value = value
        cell.data_type = TYPE_STRING  # openpyxl would store "=..." as a formula
        if is_formula_like(value):
            cell.quotePrefix = True
        return
    cell.value = value
    if isinstance(value, Decimal):
        cell.number_format = "0.00"
    elif isinstance(value, datetime):
        cell.number_format = "dd/mm/yyyy hh:mm:ss"
    elif isinstance(value, date):
        cell.number_format = "dd/mm/yyyy"


def render_csv(headers: Sequence[str], rows: Sequence[Sequence[Value]]) -> bytes:
    """UTF-8 with a BOM, so Excel shows the Vietnamese letters right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([nfc(h) for h in headers])
    for row in rows:
        writer.writerow([csv_safe(nfc(v)) if isinstance(v, str) else ("" if v is None else v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
