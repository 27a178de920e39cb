"""The sheet of audience vote codes: cut-out cards, each with its QR code (the phone page with the code
in the link), the code to type by hand and its label (seat or delegation). Fifteen cards a page."""

import io

import segno

from contest.documents.pdf import MUTED, RED, OfficialPdf

COLUMNS, ROWS = 3, 5
MARGIN = 12.0
CARD_W, CARD_H = (210 - 2 * MARGIN) / COLUMNS, (297 - 2 * MARGIN) / ROWS
QR_SIZE = 34.0


def render_vote_sheet(contest_name: str, cards: list[tuple[str, str, str]], texts: dict[str, str]) -> bytes:
    """``cards``: (code as printed, label, link). ``texts``: "title", "scan", "once", "empty" in the reader's
    language (the caller translates)."""
    pdf = OfficialPdf("P", margin=MARGIN)
    pdf.set_auto_page_break(False)
    pdf.set_title(f"{contest_name} — {texts['title']}")
    for index, card in enumerate(cards):
        if index % (COLUMNS * ROWS) == 0:
            pdf.add_page()
        column, row = index % COLUMNS, (index // COLUMNS) % ROWS
        _card(pdf, MARGIN + column * CARD_W, MARGIN + row * CARD_H, contest_name, card, texts)
    if not cards:
        pdf.add_page()
        pdf.write_line(texts["empty"], 12)
    return bytes(pdf.output())


def _card(pdf: OfficialPdf, x: float, y: float, contest_name: str, card: tuple[str, str, str],
          texts: dict[str, str]) -> None:
    code, label, link = card
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.2)
    with pdf.local_context():
        pdf.set_dash_pattern(dash=2, gap=1.5)
        pdf.rect(x, y, CARD_W, CARD_H)
    pad = 3.0
    pdf.set_text_color(*MUTED)
    pdf.set_xy(x + pad, y + 2)
    pdf.fit_cell(CARD_W - 2 * pad, 4, contest_name, 6.5, align="C")
    pdf.set_text_color(*RED)
    pdf.set_xy(x + pad, y + 6)
    pdf.fit_cell(CARD_W - 2 * pad, 5, texts["title"], 9, "B", align="C")
    image = io.BytesIO()
    # A fixed mask: choosing the best of eight takes five times longer, and any mask scans from paper.
    segno.make(link, error="m", mask=0).save(image, kind="png", scale=6, border=2)
    pdf.image(image, x=x + (CARD_W - QR_SIZE) / 2, y=y + 11, w=QR_SIZE, h=QR_SIZE)
    pdf.set_text_color(20, 24, 32)
    pdf.set_xy(x + pad, y + 11 + QR_SIZE)
    pdf.fit_cell(CARD_W - 2 * pad, 5, code, 12, "B", align="C")
    pdf.set_text_color(*MUTED)
    pdf.set_xy(x + pad, y + 16 + QR_SIZE)
    pdf.fit_cell(CARD_W - 2 * pad, 3.5, f"{label} · {texts['once']}" if label else texts["once"], 6.5, align="C")
