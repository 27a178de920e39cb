"""The biên bản (official results sheet) of a cluster or a round, in Vietnamese administrative style.

National header, title, time and place, the panel, the scoring method, the standings table
(every part, penalties, total, prize), the prizes, notes (ties, pending parts), the audit chain
head, and signature blocks for the head judge and the organizing board.
"""

from contest.documents.data import ResultsSheet, StandingRow
from contest.documents.pdf import (
    MUTED,
    RED,
    OfficialPdf,
    box,
    chain_paragraph,
    fingerprint,
    heading_date_line,
    national_header,
    signature_blocks,
)
from contest.domain.paperwork import upper_vi, vietnamese_date, vn_points

ROW_H = 7.0
HEADER_H = 10.0
SIGNING_ROOM = 21.0  # mm to sign in: a seven-team cluster's sheet stays on one A4 page
SIGNED_GAP = 6.0  # signature_blocks leaves this gap under the names: it may fall off the page
# The last rows of the table travel with the prizes and the signatures: a signature never sits on a
# page of its own, away from the figures it certifies.
KEEP_ROWS = 2


def render_minutes(sheets: list[ResultsSheet]) -> bytes:
    """One or more sheets in one PDF (e.g. every cluster of a round); each starts on a new page."""
    wide = any(len(s.part_names) > 4 for s in sheets)
    pdf = OfficialPdf("L" if wide else "P", footer_note=fingerprint(sheets[0].chain if sheets else None))
    pdf.set_title("Biên bản kết quả")
    for sheet in sheets:
        pdf.add_page()  # the previous page's footer is drawn here, with the previous note
        pdf.footer_note = fingerprint(sheet.chain)
        _sheet(pdf, sheet, count_pages=len(sheets) == 1)
    if not sheets:
        pdf.add_page()
        pdf.write_line("Chưa có kết quả.", 12)
    return bytes(pdf.output())


def _sheet(pdf: OfficialPdf, sheet: ResultsSheet, count_pages: bool) -> None:
    heading = sheet.heading
    national_header(pdf, heading, heading_date_line(heading))
    if sheet.draft:
        pdf.write_line("DỰ THẢO — kết quả chưa đầy đủ hoặc chưa được khóa", 10, "B", "C", color=RED)
    pdf.ln(2)
    pdf.write_line("BIÊN BẢN", 16, "B", "C", 8)
    scope = heading.round_name + (f" — {heading.cluster_name}" if heading.cluster_name else "")
    pdf.write_line(f"Tổng hợp kết quả chấm thi {scope}", 12.5, "B", "C", 6.5)
    pdf.write_line(heading.contest_name, 11.5, "", "C", 6)
    pdf.ln(3)
    _facts(pdf, sheet)
    pdf.ln(1)
    pdf.write_line("I. KẾT QUẢ CHẤM THI", 11, "B", height=7)
    _table(pdf, sheet, _closing_height(pdf, sheet, count_pages))
    _closing(pdf, sheet, count_pages)


def _closing(pdf: OfficialPdf, sheet: ResultsSheet, count_pages: bool) -> None:
    """After the table: prizes, notes, the closing sentence, the audit chain, the signatures."""
    pdf.ln(2)
    _prizes(pdf, sheet)
    for note in sheet.notes:
        pdf.write_line(f"Ghi chú: {note}", 10, "I")
    pdf.ln(1)
    pages = ", gồm {nb} trang" if count_pages else ""
    pdf.write_line(
        f"Biên bản lập lúc {sheet.generated_at.strftime('%H:%M')} {vietnamese_date(sheet.generated_at.date())}"
        f"{pages}; các thành viên ký tên dưới đây đã đối chiếu và thống nhất kết quả.", 10.5)
    chain_paragraph(pdf, sheet.chain, sheet.generated_at)
    signature_blocks(pdf, sheet.signers, space=SIGNING_ROOM)


def _facts(pdf: OfficialPdf, sheet: ResultsSheet) -> None:
    heading = sheet.heading
    when = vietnamese_date(heading.held_on) if heading.held_on else "chưa ấn định"
    pdf.write_line(f"Thời gian: {when}.", 10.5)
    if heading.venue:
        pdf.write_line(f"Địa điểm: {heading.venue}.", 10.5)
    if sheet.judges:
        names = "; ".join(f"{name} ({title})" if title else name for name, title in sheet.judges)
        pdf.write_line(f"Ban Giám khảo ({len(sheet.judges)} thành viên): {names}.", 10.5)
    pdf.write_line(f"Cách tính điểm: {sheet.method}", 10.5)


def _columns(pdf: OfficialPdf, sheet: ResultsSheet) -> list[tuple[str, float]]:
    parts = len(sheet.part_names)
    fixed = {"Hạng": 12.0, "Điểm trừ": 15.0, "Tổng điểm": 18.0, "Giải / ghi chú": 34.0}
    part_w = 18.0 if pdf.epw < 200 else 22.0
    team_w = pdf.epw - sum(fixed.values()) - parts * part_w
    return [("Hạng", fixed["Hạng"]), ("Đội thi", team_w), *((n, part_w) for n in sheet.part_names),
            ("Điểm trừ", fixed["Điểm trừ"]), ("Tổng điểm", fixed["Tổng điểm"]),
            ("Giải / ghi chú", fixed["Giải / ghi chú"])]


def _closing_height(pdf: OfficialPdf, sheet: ResultsSheet, count_pages: bool) -> float:
    """How tall the closing part prints, measured on a scratch page of the same size."""
    scratch = OfficialPdf("L" if pdf.w > pdf.h else "P")
    scratch.add_page()
    top = scratch.get_y()
    _closing(scratch, sheet, count_pages)
    return scratch.get_y() - top + (scratch.page - 1) * scratch.eph - SIGNED_GAP


def _table(pdf: OfficialPdf, sheet: ResultsSheet, closing: float) -> None:
    columns = _columns(pdf, sheet)
    keep_from = max(len(sheet.rows) - KEEP_ROWS, 0)
    kept = (len(sheet.rows) - keep_from) * ROW_H + closing
    if keep_from == 0 and pdf.will_page_break(HEADER_H + kept):
        pdf.add_page()
    _header_row(pdf, columns)
    for index, row in enumerate(sheet.rows):
        carried = index == keep_from and index > 0 and pdf.will_page_break(kept)
        if carried or pdf.will_page_break(ROW_H):
            pdf.add_page()
            _header_row(pdf, columns)
        _row(pdf, columns, row)
    if not sheet.rows:
        pdf.fit_cell(pdf.epw, ROW_H, "Chưa có đội thi.", 10, "I", "C", border=1)
        pdf.ln(ROW_H)


def _header_row(pdf: OfficialPdf, columns: list[tuple[str, float]]) -> None:
    pdf.set_fill_color(238, 232, 222)
    pdf.set_draw_color(60, 60, 60)
    pdf.set_line_width(0.2)
    x, top = pdf.l_margin, pdf.get_y()
    for label, width in columns:
        box(pdf, x, top, width, HEADER_H, label, 9, "B", fill=True)
        x += width
    pdf.set_xy(pdf.l_margin, top + HEADER_H)


def _row(pdf: OfficialPdf, columns: list[tuple[str, float]], row: StandingRow) -> None:
    award = ", ".join(x for x in (row.prize, row.note) if x)
    values = [str(row.rank) if row.rank is not None else "—", row.team,
              *(vn_points(v) if v is not None else "chờ" for v in row.parts),
              vn_points(-row.penalty) if row.penalty else "", vn_points(row.total) if row.total is not None else "—",
              award]
    pdf.set_x(pdf.l_margin)
    for i, ((_, width), value) in enumerate(zip(columns, values, strict=True)):
        align = "L" if i in (1, len(values) - 1) else "C"
        style = "B" if i == len(values) - 2 or (i == len(values) - 1 and row.prize) else ""
        pdf.fit_cell(width, ROW_H, value, 9.5, style, align, border=1)
    pdf.ln(ROW_H)


def _prizes(pdf: OfficialPdf, sheet: ResultsSheet) -> None:
    pdf.write_line("II. GIẢI THƯỞNG", 11, "B", height=7)
    if not sheet.prizes:
        pdf.write_line("Chưa xác định giải thưởng.", 10.5, "I", color=MUTED)
        return
    for line in sheet.prizes:
        teams = ", ".join(line.teams) if line.teams else "không trao"
        points = f" ({vn_points(line.points)} điểm)" if line.points is not None else ""
        pdf.write_line(f"- {upper_vi(line.prize[:1]) + line.prize[1:]}: {teams}{points}.", 10.5)
