"""The common parts of the official PDFs: the vendored Noto Sans font (full Vietnamese coverage),
the national motto header, signature blocks and the audit fingerprint footer.

Every string passes through NFC: decomposed tone marks would be drawn beside their letters.
"""

from collections.abc import Sequence
from datetime import datetime

from fpdf import FPDF
from fpdf.enums import MethodReturnValue

from contest.documents.data import ChainHead, Heading, Signer
from contest.domain.names import nfc
from contest.domain.paperwork import upper_vi, vietnamese_date
from contest.resources import resource_dir

FONT = "NotoSans"
INK, MUTED, RED = (20, 24, 32), (90, 98, 110), (176, 28, 30)
NATION = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


class OfficialPdf(FPDF):
    """A4 paper with the project font; a footer with the page number and the audit fingerprint."""

    def __init__(self, orientation: str = "P", *, footer_note: str = "", margin: float = 15) -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        fonts = resource_dir("static") / "fonts"
        self.add_font(FONT, "", str(fonts / "NotoSans-Regular.ttf"))
        self.add_font(FONT, "B", str(fonts / "NotoSans-Bold.ttf"))
        self.add_font(FONT, "I", str(fonts / "NotoSans-Italic.ttf"))
        self.set_margins(margin, margin, margin)
        self.set_auto_page_break(True, margin=16)
        self.footer_note = nfc(footer_note)
        self.set_creator("contest manager (Dân vận khéo)")
        self.set_text_color(*INK)

    def footer(self) -> None:
        if not self.footer_note and self.pages_count < 2:
            return
        self.set_y(-11)
        self.set_font(FONT, "", 7)
        self.set_text_color(*MUTED)
        self.cell(0, 4, self.footer_note, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 4, f"Trang {self.page_no()}/{{nb}}", align="R")
        self.set_text_color(*INK)

    def write_line(self, text: str, size: float = 11, style: str = "", align: str = "L",
                   height: float | None = None, color: tuple[int, int, int] = INK) -> None:
        """A paragraph across the text width (wraps)."""
        self.set_font(FONT, style, size)
        self.set_text_color(*color)
        self.set_x(self.l_margin)
        self.multi_cell(self.epw, height or size * 0.5, nfc(text), align=align, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)

    def fit_cell(self, width: float, height: float, text: str, size: float, style: str = "",
                 align: str = "L", border: int | str = 0, fill: bool = False) -> None:
        """One line in a cell; the font shrinks (down to 6 pt) until the text fits."""
        text = nfc(text)
        self.set_font(FONT, style, size)
        while size > 6 and self.get_string_width(text) > width - 2:
            size -= 0.25
            self.set_font_size(size)
        self.cell(width, height, text, border=border, align=align, fill=fill)


def box(pdf: FPDF, x: float, y: float, w: float, h: float, text: str, size: float, style: str = "",
        align: str = "C", fill: bool = False) -> None:
    """A bordered box with ``text`` wrapped inside, the font shrinking (to 5.5 pt) until it fits."""
    pdf.rect(x, y, w, h, style="DF" if fill else "D")
    text = nfc(text)
    lines: list[str] = []
    while True:
        pdf.set_font(FONT, style, size)
        line_h = size * 0.42
        lines = pdf.multi_cell(w - 1.5, line_h, text, dry_run=True, output=MethodReturnValue.LINES)
        if len(lines) * line_h <= h - 1 or size <= 5.5:
            break
        size -= 0.25
    top = y + (h - len(lines) * line_h) / 2
    for i, line in enumerate(lines):
        pdf.set_xy(x + 0.75, top + i * line_h)
        pdf.cell(w - 1.5, line_h, line, align=align)


def national_header(pdf: OfficialPdf, heading: Heading, date_line: str = "") -> None:
    """Left: the organizing body and its board; right: the national name and motto; then the date."""
    top, half = pdf.get_y(), pdf.epw / 2
    left_x, right_x = pdf.l_margin, pdf.l_margin + half * 0.86
    left_w, right_w = half * 0.86, pdf.epw - half * 0.86
    pdf.set_xy(left_x, top)
    pdf.fit_cell(left_w, 5, upper_vi(heading.organizer_body), 10.5, align="C")
    pdf.set_xy(left_x, top + 5)
    pdf.fit_cell(left_w, 5, upper_vi(heading.board), 10.5, "B", align="C")
    _rule_under(pdf, left_x + left_w / 2, top + 10.5, 28)
    pdf.set_xy(right_x, top)
    pdf.fit_cell(right_w, 5, NATION, 10.5, "B", align="C")
    pdf.set_xy(right_x, top + 5)
    pdf.fit_cell(right_w, 5, MOTTO, 11.5, "B", align="C")
    pdf.set_font(FONT, "B", 11.5)
    _rule_under(pdf, right_x + right_w / 2, top + 10.5, pdf.get_string_width(MOTTO))
    if date_line:
        pdf.set_xy(right_x, top + 13)
        pdf.fit_cell(right_w, 5, date_line, 10.5, "I", align="C")
    pdf.set_y(top + 22)


def heading_date_line(heading: Heading) -> str:
    return vietnamese_date(heading.held_on, heading.city) if heading.held_on else ""


def _rule_under(pdf: FPDF, center: float, y: float, width: float) -> None:
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.3)
    pdf.line(center - width / 2, y, center + width / 2, y)


def signature_blocks(pdf: OfficialPdf, signers: Sequence[Signer], space: float = 24) -> None:
    """Side-by-side blocks: prefix, ROLE (bold), "(Ký, ghi rõ họ tên)", room to sign, the name."""
    if not signers:
        return
    if pdf.will_page_break(space + 22):
        pdf.add_page()
    top, width = pdf.get_y() + 4, pdf.epw / len(signers)
    for i, signer in enumerate(signers):
        x = pdf.l_margin + i * width
        y = top
        if signer.prefix:
            pdf.set_xy(x, y)
            pdf.fit_cell(width, 5, upper_vi(signer.prefix), 10.5, "B", align="C")
            y += 5
        pdf.set_xy(x, y)
        pdf.fit_cell(width, 5, upper_vi(signer.role), 10.5, "B", align="C")
        pdf.set_xy(x, y + 5)
        pdf.fit_cell(width, 5, "(Ký, ghi rõ họ tên)", 9.5, "I", align="C")
        pdf.set_xy(x, y + 10 + space)
        pdf.fit_cell(width, 5, signer.name, 10.5, "B", align="C")
    pdf.set_y(top + 5 * (1 + any(s.prefix for s in signers)) + 10 + space + 6)


def fingerprint(chain: ChainHead | None) -> str:
    """The footer line: audit event and the start of its hash (the full hash prints in the body)."""
    if chain is None:
        return "Nhật ký kiểm toán trống"
    return f"Mã kiểm tra: #{chain.event_id} · {chain.hash[:16]}"


def chain_paragraph(pdf: OfficialPdf, chain: ChainHead | None, generated_at: datetime) -> None:
    """The full audit chain head, so the printout can be matched to the database later."""
    made = generated_at.strftime("%H:%M ngày %d/%m/%Y")
    if chain is None:
        pdf.write_line(f"Văn bản được tạo lúc {made}; nhật ký kiểm toán chưa có sự kiện nào.", 8.5, "I",
                       color=MUTED)
        return
    pdf.write_line(
        f"Văn bản được tạo lúc {made} từ cơ sở dữ liệu của Hội thi. Mã kiểm tra nhật ký (sự kiện #{chain.event_id}, "
        f"SHA-256): {chain.hash}. Đối chiếu bằng lệnh “contest audit verify” và tra sự kiện này.",
        8.5, "I", color=MUTED,
    )
