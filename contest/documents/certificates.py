"""Certificates (giấy khen / giấy chứng nhận) in bulk: one landscape A4 page per recipient.

The organizer's template gives the title, the body with placeholders ({name}, {team}, {prize},
{contest}, ...), the signer and the date; an optional background image (a printed frame) replaces
the drawn border. Generating 300 pages takes about a second: the font is embedded once (subset)
and the background image once (fpdf2 reuses an image it has already placed).
"""

import io
from collections.abc import Iterable

from contest.documents.data import CertificateLayout, Recipient
from contest.documents.pdf import INK, MOTTO, NATION, RED, OfficialPdf
from contest.domain.names import nfc
from contest.domain.paperwork import fill_placeholders, upper_vi, vietnamese_date

GOLD, NAVY = (184, 142, 52), (24, 52, 120)
PAGE_W, PAGE_H = 297.0, 210.0


def render_certificates(layout: CertificateLayout, recipients: Iterable[Recipient]) -> bytes:
    pdf = OfficialPdf("L", margin=0)
    pdf.set_auto_page_break(False)
    pdf.set_title(nfc(layout.title))
    background = io.BytesIO(layout.background) if layout.background else None
    count = 0
    for count, recipient in enumerate(recipients, start=1):
        pdf.add_page()
        if background is not None:
            background.seek(0)
            pdf.image(background, x=0, y=0, w=PAGE_W, h=PAGE_H)
        else:
            _frame(pdf)
        _page(pdf, layout, recipient, count)
    if count == 0:
        pdf.add_page()
        _frame(pdf)
        pdf.set_xy(0, 95)
        pdf.fit_cell(PAGE_W, 10, "Chưa có người nhận nào.", 16, align="C")
    return bytes(pdf.output())


def _frame(pdf: OfficialPdf) -> None:
    """A double border: a thick red outer line and a thin gold inner one, with corner marks."""
    pdf.set_draw_color(*RED)
    pdf.set_line_width(2.2)
    pdf.rect(8, 8, PAGE_W - 16, PAGE_H - 16)
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.6)
    pdf.rect(12.5, 12.5, PAGE_W - 25, PAGE_H - 25)
    for x, y in ((12.5, 12.5), (PAGE_W - 12.5, 12.5), (12.5, PAGE_H - 12.5), (PAGE_W - 12.5, PAGE_H - 12.5)):
        pdf.set_fill_color(*GOLD)
        pdf.ellipse(x - 2, y - 2, 4, 4, style="F")


def _page(pdf: OfficialPdf, layout: CertificateLayout, recipient: Recipient, number: int) -> None:
    _header(pdf, layout)
    pdf.set_text_color(*RED)
    pdf.set_xy(20, 56)
    pdf.fit_cell(PAGE_W - 40, 18, upper_vi(layout.title), 38, "B", align="C")
    pdf.set_text_color(*NAVY)
    pdf.set_xy(25, 80)
    pdf.fit_cell(PAGE_W - 50, 14, recipient.name, 28, "B", align="C")
    pdf.set_text_color(*INK)
    pdf.set_font("NotoSans", "", 15)
    pdf.set_xy(40, 98)
    body = fill_placeholders(layout.body, recipient.values)
    pdf.multi_cell(PAGE_W - 80, 7.5, body, align="C", new_x="LMARGIN", new_y="NEXT", max_line_height=7.5)
    _signature(pdf, layout)
    if layout.number_prefix:
        pdf.set_xy(24, PAGE_H - 30)
        pdf.fit_cell(70, 6, f"Số: {number:03d}/{layout.number_prefix}", 10, align="L")


def _header(pdf: OfficialPdf, layout: CertificateLayout) -> None:
    left_x, left_w, right_x, right_w = 20.0, 115.0, 150.0, 127.0
    pdf.set_text_color(*INK)
    pdf.set_xy(left_x, 20)
    pdf.fit_cell(left_w, 5.5, upper_vi(layout.issuer), 11, align="C")
    pdf.set_xy(left_x, 25.5)
    pdf.fit_cell(left_w, 5.5, upper_vi(layout.board), 11, "B", align="C")
    pdf.set_xy(right_x, 20)
    pdf.fit_cell(right_w, 5.5, NATION, 11, "B", align="C")
    pdf.set_xy(right_x, 25.5)
    pdf.fit_cell(right_w, 5.5, MOTTO, 12, "B", align="C")
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.3)
    pdf.line(left_x + left_w / 2 - 14, 32.5, left_x + left_w / 2 + 14, 32.5)
    motto_w = pdf.get_string_width(MOTTO)
    pdf.line(right_x + (right_w - motto_w) / 2, 32.5, right_x + (right_w + motto_w) / 2, 32.5)


def _signature(pdf: OfficialPdf, layout: CertificateLayout) -> None:
    x, width, y = 160.0, 115.0, 140.0
    if layout.issued_on:
        pdf.set_xy(x, y)
        pdf.fit_cell(width, 6, vietnamese_date(layout.issued_on, layout.city), 12, "I", align="C")
    y += 7
    if layout.signer_prefix:
        pdf.set_xy(x, y)
        pdf.fit_cell(width, 6, upper_vi(layout.signer_prefix), 12, "B", align="C")
        y += 6
    pdf.set_xy(x, y)
    pdf.fit_cell(width, 6, upper_vi(layout.signer_title), 12, "B", align="C")
    pdf.set_xy(x, PAGE_H - 32)
    pdf.fit_cell(width, 7, layout.signer_name, 13, "B", align="C")
