"""The printable draw result of a round: each cluster with its venue and date, its teams in running
order, the packages they drew, and the record of every confirmed draw (seed, algorithm version,
how to verify it) plus any team moved afterwards and why. Vietnamese, on the official PDF base.

Plain values in (``documents.data.DrawSheet``, gathered by ``services.papers.draw_sheet``), PDF out.
"""

from contest.documents import pdf as paper
from contest.documents.data import DrawGroup, DrawRecord, DrawSheet, Signer
from contest.documents.pdf import OfficialPdf
from contest.domain.paperwork import vietnamese_date

ROW_H = 6.8


def render_draw_result(sheet: DrawSheet) -> bytes:
    pdf = OfficialPdf(footer_note=paper.fingerprint(sheet.chain))
    pdf.set_title(f"Kết quả bốc thăm — {sheet.heading.round_name}")
    pdf.add_page()
    paper.national_header(pdf, sheet.heading, paper.heading_date_line(sheet.heading))
    pdf.ln(2)
    pdf.write_line("KẾT QUẢ BỐC THĂM", 16, "B", "C", 8)
    pdf.write_line(f"Chia cụm và thứ tự thi — {sheet.heading.round_name}", 12.5, "B", "C", 6.5)
    pdf.write_line(sheet.heading.contest_name, 11.5, "", "C", 6)
    pdf.ln(3)
    for group in sheet.groups:
        _group(pdf, group, sheet.package_labels)
    _records(pdf, sheet.records)
    paper.chain_paragraph(pdf, sheet.chain, sheet.generated_at)
    paper.signature_blocks(pdf, [Signer("THƯ KÝ HỘI THI"), Signer("TRƯỞNG BAN TỔ CHỨC", prefix="TM. BAN TỔ CHỨC")])
    return bytes(pdf.output())


def _group(pdf: OfficialPdf, group: DrawGroup, package_labels: tuple[str, ...]) -> None:
    if pdf.will_page_break(ROW_H * (len(group.rows) + 3) + 8):
        pdf.add_page()
    when = vietnamese_date(group.held_on) if group.held_on else "chưa ấn định ngày"
    pdf.write_line(f"{group.title.upper()}", 12, "B", height=7, color=paper.RED)
    pdf.write_line(f"Địa điểm: {group.venue or 'chưa ấn định'}; thời gian: {when}.", 10.5, height=5.5)
    columns = [("Thứ tự", 16.0), ("Đội thi", 0.0), ("Loại đơn vị", 32.0), *((label, 28.0) for label in package_labels)]
    columns[1] = ("Đội thi", pdf.epw - sum(width for _, width in columns))
    _row(pdf, columns, [label for label, _ in columns], header=True)
    for row in group.rows:
        _row(pdf, columns, [row.order, row.team, row.unit, *row.packages])
    if not group.rows:
        pdf.write_line("Chưa có đội thi.", 10, "I", color=paper.MUTED)
    pdf.ln(3)


def _row(pdf: OfficialPdf, columns: list[tuple[str, float]], values: list[str], header: bool = False) -> None:
    if pdf.will_page_break(ROW_H):
        pdf.add_page()
    x, top = pdf.l_margin, pdf.get_y()
    pdf.set_fill_color(238, 232, 222)
    pdf.set_draw_color(60, 60, 60)
    pdf.set_line_width(0.2)
    for i, ((_, width), value) in enumerate(zip(columns, values, strict=True)):
        if header:
            paper.box(pdf, x, top, width, ROW_H, value, 9, "B", fill=True)
        else:
            pdf.set_xy(x, top)
            pdf.fit_cell(width, ROW_H, value, 10, "B" if i == 1 else "", "L" if i == 1 else "C", border=1)
        x += width
    pdf.set_xy(pdf.l_margin, top + ROW_H)


def _records(pdf: OfficialPdf, records: tuple[DrawRecord, ...]) -> None:
    """How each result was drawn, so anyone holding this paper can re-run and check it."""
    pdf.write_line("CĂN CỨ KẾT QUẢ", 11, "B", height=7)
    if not records:
        pdf.write_line("Chưa có lần bốc thăm nào được xác nhận; các đội thi theo cụm đã phân công.", 10.5, "I")
    for record in records:
        when = record.confirmed_at.strftime("%H:%M %d/%m/%Y") if record.confirmed_at else ""
        pdf.write_line(
            f"- {record.what} (phiếu số {record.draw_id}): mã bốc thăm “{record.seed}”, thuật toán phiên bản "
            f"{record.algorithm_version}, xác nhận lúc {when}. Kiểm tra lại: lệnh `contest draw verify "
            f"{record.draw_id}` hoặc trang công khai của lần bốc thăm.", 10.5)  # fmt: skip
        for move in record.moves:
            pdf.write_line(f"    Điều chỉnh sau bốc thăm: {move.team} chuyển từ {move.old_cluster} sang "
                           f"{move.new_cluster}; lý do: {move.reason}.", 10, "I")  # fmt: skip
    pdf.ln(2)
