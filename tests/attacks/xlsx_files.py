"""Hand-made .xlsx files, written with zipfile (fast, and free to declare what openpyxl would never write).

``xlsx(sheet_xml, shared)`` builds the smallest workbook openpyxl opens; the bombs below are the three
files of issue 10: each is small on the wire and huge once a trusting reader unpacks it.
"""

import io
import zipfile
from collections.abc import Iterable

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{TYPE}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{TYPE}.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{TYPE}.sharedStrings+xml"/>
</Types>"""
ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Target="xl/workbook.xml"
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>"""
WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="Teams" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PKG_REL}">
<Relationship Id="rId1" Target="worksheets/sheet1.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>
<Relationship Id="rId2" Target="sharedStrings.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>
</Relationships>"""


def _column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet(rows: list[list[str]], dimension: str | None = None) -> str:
    """A sheet of inline strings; ``dimension`` is declared as given (None: no dimension element)."""
    body = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{_column(c)}{r}" t="inlineStr"><is><t>{text}</t></is></c>'
                                   for c, text in enumerate(cells, start=1) if text) + "</row>"
        for r, cells in enumerate(rows, start=1))
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{declared}'
            f'<sheetData>{body}</sheetData></worksheet>')


def xlsx(sheet_xml: str | Iterable[bytes], shared: Iterable[bytes] = (b"",),
         extra: dict[str, bytes] | None = None) -> bytes:
    """A workbook with one sheet (and ``extra`` parts); a part may be given as chunks (written as they come)."""
    out = io.BytesIO()
    shared_xml = [f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}"><si><t>'.encode(), *shared,
                  b"</t></si></sst>"]
    parts = {"[Content_Types].xml": [CONTENT_TYPES.encode()], "_rels/.rels": [ROOT_RELS.encode()],
             "xl/workbook.xml": [WORKBOOK.encode()], "xl/_rels/workbook.xml.rels": [WORKBOOK_RELS.encode()],
             "xl/worksheets/sheet1.xml": [sheet_xml.encode()] if isinstance(sheet_xml, str) else sheet_xml,
             "xl/sharedStrings.xml": shared_xml, **{name: [body] for name, body in (extra or {}).items()}}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, chunks in parts.items():
            with archive.open(name, "w", force_zip64=False) as part:
                for chunk in chunks:
                    part.write(chunk)
    return out.getvalue()


def shared_string_bomb(megabytes: int = 150) -> bytes:
    """~155 KB on the wire: a header cell whose one shared string is ``megabytes`` MB of "A"."""
    header = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
              '<row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>')
    block = b"A" * (1024 * 1024)
    return xlsx(header, (block for _ in range(megabytes)))


def dimension_bomb() -> bytes:
    """~2 KB: a header, one team and a last cell on row 2,000, in a sheet declaring A1:XFD2000; a trusting
    reader fills the rows in between and pads each of the 2,000 rows to 16,384 cells."""
    rows = sheet([["Tên đơn vị", "Loại đơn vị"], ["Quận Ba Đình", "Quận"]], dimension="A1:XFD2000")
    last = '<row r="2000"><c r="A2000" t="inlineStr"><is><t>.</t></is></c></row>'
    return xlsx(rows.replace("</sheetData>", last + "</sheetData>"))


def blank_rows_bomb(rows: int = 1_000_000) -> bytes:
    """A few MB: a header, then ``rows`` empty row elements, and no declared dimension."""
    start = sheet([["Tên đơn vị", "Loại đơn vị"]]).split("</sheetData>")[0].encode()
    blank = (f'<row r="{n}"/>'.encode() for n in range(2, rows + 2))
    return xlsx(_batched(start, blank, b"</sheetData></worksheet>"))


def _batched(first: bytes, middle: Iterable[bytes], last: bytes) -> Iterable[bytes]:
    yield first
    batch: list[bytes] = []
    for item in middle:
        batch.append(item)
        if len(batch) == 10_000:
            yield b"".join(batch)
            batch = []
    yield b"".join(batch) + last
