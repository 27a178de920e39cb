"""Login cards for a judge panel: one A4 page of eight cut-out cards, each with a QR code.

Plain values in, PDF bytes out: the caller (``services.judge_cards``) issues the links and PINs
and translates the labels. Every string is NFC so tone marks sit on their letters.
"""

import io
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import segno
from fpdf import FPDF

from contest.resources import resource_dir

FONT = "NotoSans"
COLUMNS, ROWS = 2, 4
MARGIN, CARD_W, CARD_H = 10.0, 95.0, 69.0
QR_SIZE = 40.0
RED, INK, MUTED = (140, 29, 24), (29, 35, 48), (95, 107, 122)


@dataclass(frozen=True)
class LoginCard:
    """What one card shows: the judge, the PIN and the one-time link behind the QR code."""

    name: str
    title: str
    code: str
    pin: str
    link: str


def render_login_cards(contest_name: str, panel_title: str, cards: Sequence[LoginCard],
                       texts: Mapping[str, str]) -> bytes:
    """The PDF: eight cards a page, cut lines dashed. ``texts``: "code", "pin", "scan", "hint" and
    "empty" in the reader's language."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    fonts = resource_dir("static") / "fonts"
    pdf.add_font(FONT, "", str(fonts / "NotoSans-Regular.ttf"))
    pdf.add_font(FONT, "B", str(fonts / "NotoSans-Bold.ttf"))
    pdf.set_title(_nfc(f"{contest_name} — {panel_title}"))
    for index, card in enumerate(cards):
        if index % (COLUMNS * ROWS) == 0:
            pdf.add_page()
        column, row = index % COLUMNS, (index // COLUMNS) % ROWS
        _draw_card(pdf, MARGIN + column * CARD_W, MARGIN + row * CARD_H, contest_name, panel_title, card, texts)
    if pdf.page == 0:
        pdf.add_page()
        _text(pdf, MARGIN, MARGIN, 190, texts["empty"], 12)
    return bytes(pdf.output())


def _draw_card(pdf: FPDF, x: float, y: float, contest_name: str, panel_title: str, card: LoginCard,
               texts: Mapping[str, str]) -> None:
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.2)
    with pdf.local_context():
        pdf.set_dash_pattern(dash=2, gap=1.5)
        pdf.rect(x, y, CARD_W, CARD_H)
    pad, text_w = 5.0, CARD_W - QR_SIZE - 12
    _text(pdf, x + pad, y + 4, CARD_W - 2 * pad, contest_name, 7.5, color=MUTED)
    _text(pdf, x + pad, y + 9.5, CARD_W - 2 * pad, panel_title, 10, bold=True, color=RED)
    _text(pdf, x + pad, y + 17, text_w, card.name, 13, bold=True)
    _text(pdf, x + pad, y + 24, text_w, card.title, 8.5, color=MUTED)
    _text(pdf, x + pad, y + 32, text_w, texts["code"], 8, color=MUTED)
    _text(pdf, x + pad, y + 36, text_w, card.code, 16, bold=True)
    _text(pdf, x + pad, y + 45, text_w, texts["pin"], 8, color=MUTED)
    _text(pdf, x + pad, y + 49, text_w, " ".join((card.pin[:3], card.pin[3:])), 16, bold=True)
    qr = segno.make(card.link, error="m")
    image = io.BytesIO()
    qr.save(image, kind="png", scale=8, border=2)
    pdf.image(image, x=x + CARD_W - QR_SIZE - 4, y=y + 16, w=QR_SIZE, h=QR_SIZE)
    _text(pdf, x + CARD_W - QR_SIZE - 4, y + 16 + QR_SIZE, QR_SIZE, texts["scan"], 7, color=MUTED, align="C")
    _text(pdf, x + pad, y + CARD_H - 8, CARD_W - 2 * pad, texts["hint"], 6.5, color=MUTED)


def _text(pdf: FPDF, x: float, y: float, width: float, text: str, size: float, *, bold: bool = False,
          color: tuple[int, int, int] = INK, align: str = "L") -> None:
    """One line at (x, y); the font shrinks until the text fits the width."""
    text = _nfc(text)
    pdf.set_font(FONT, "B" if bold else "", size)
    while size > 5 and pdf.get_string_width(text) > width:
        size -= 0.5
        pdf.set_font_size(size)
    pdf.set_text_color(*color)
    pdf.set_xy(x, y)
    pdf.cell(width, size * 0.45, text, align=align)


def _nfc(text: str) -> str:
    # Decomposed tone marks (from Excel, NFD) would be drawn beside their letters.
    return unicodedata.normalize("NFC", text)
