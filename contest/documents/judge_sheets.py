"""Phiếu chấm điểm: one judge's every score in one cluster (or final round), with a signature line,
so the paper archive matches the database sheet for sheet.

The table shows the version that counts for each team and part (criteria columns for rubric parts);
earlier versions and refused corrections are listed below it.
"""

from contest.documents import pdf as paper
from contest.documents.data import JudgeSheet, JudgeSheetRow, Signer
from contest.documents.pdf import OfficialPdf
from contest.domain.paperwork import vn_points

ROW_H = 7.5
HEAD_H = 9.0, 14.0  # the part line, the criteria line
STATUS_VI = {"received": "đã nhận", "pending_review": "chờ duyệt", "accepted": "được chấp nhận",
             "rejected": "bị từ chối", "superseded": "đã thay bằng lần gửi sau"}


def render_judge_sheets(sheets: list[JudgeSheet]) -> bytes:
    """Every sheet starts on a new page; a panel's sheets make one PDF to print at once."""
    wide = any(len(s.columns) > 6 for s in sheets)
    pdf = OfficialPdf("L" if wide else "P")
    pdf.set_title("Phiếu chấm điểm")
    for sheet in sheets:
        pdf.add_page()  # the previous page's footer is drawn here, with the previous note
        pdf.footer_note = f"{sheet.judge_name} ({sheet.judge_code}) · {paper.fingerprint(sheet.chain)}"
        _sheet(pdf, sheet)
    if not sheets:
        pdf.add_page()
        pdf.write_line("Chưa có giám khảo nào.", 12)
    return bytes(pdf.output())


def _sheet(pdf: OfficialPdf, sheet: JudgeSheet) -> None:
    heading = sheet.heading
    paper.national_header(pdf, heading, paper.heading_date_line(heading))
    pdf.ln(2)
    pdf.write_line("PHIẾU CHẤM ĐIỂM", 16, "B", "C", 8)
    scope = heading.round_name + (f" — {heading.cluster_name}" if heading.cluster_name else "")
    pdf.write_line(scope, 12, "B", "C", 6)
    pdf.write_line(heading.contest_name, 11, "", "C", 6)
    pdf.ln(3)
    title = f", {sheet.judge_title}" if sheet.judge_title else ""
    pdf.write_line(f"Họ và tên giám khảo: {sheet.judge_name}{title} — mã giám khảo {sheet.judge_code}.", 11)
    pdf.write_line("Điểm dưới đây là điểm giám khảo đã chấm trên máy tính bảng và được hệ thống ghi nhận "
                   "(bản có hiệu lực của mỗi phiếu).", 10, "I", color=paper.MUTED)
    pdf.ln(2)
    _table(pdf, sheet)
    _corrections(pdf, sheet)
    pdf.ln(2)
    paper.chain_paragraph(pdf, sheet.chain, sheet.generated_at)
    pdf.write_line("Tôi xác nhận các điểm trên đúng với điểm tôi đã chấm.", 10.5)
    paper.signature_blocks(pdf, (Signer("Giám khảo", sheet.judge_name),), space=20)


def _widths(pdf: OfficialPdf, sheet: JudgeSheet) -> tuple[float, float, float]:
    order_w, total_w = 10.0, 16.0
    value_w = min(22.0, (pdf.epw - order_w - total_w - 45) / max(1, len(sheet.columns)))
    team_w = pdf.epw - order_w - total_w - value_w * len(sheet.columns)
    return order_w, team_w, value_w


def _table(pdf: OfficialPdf, sheet: JudgeSheet) -> None:
    _header(pdf, sheet)
    order_w, team_w, value_w = _widths(pdf, sheet)
    for row in sheet.rows:
        if pdf.will_page_break(ROW_H):
            pdf.add_page()
            _header(pdf, sheet)
        _row(pdf, row, order_w, team_w, value_w)


def _header(pdf: OfficialPdf, sheet: JudgeSheet) -> None:
    """Two header lines: the part over its criteria columns, then each criterion and its maximum."""
    order_w, team_w, value_w = _widths(pdf, sheet)
    pdf.set_fill_color(238, 232, 222)
    pdf.set_draw_color(60, 60, 60)
    pdf.set_line_width(0.2)
    top, x, full = pdf.get_y(), pdf.l_margin, sum(HEAD_H)
    paper.box(pdf, x, top, order_w, full, "TT", 9, "B", fill=True)
    paper.box(pdf, x + order_w, top, team_w, full, "Đội thi", 9, "B", fill=True)
    x += order_w + team_w
    groups: list[tuple[str, int]] = []
    for column in sheet.columns:
        if groups and groups[-1][0] == column.part:
            groups[-1] = (column.part, groups[-1][1] + 1)
        else:
            groups.append((column.part, 1))
    for part, span in groups:
        paper.box(pdf, x, top, value_w * span, HEAD_H[0], part, 9, "B", fill=True)
        x += value_w * span
    paper.box(pdf, x, top, 16, full, "Cộng", 9, "B", fill=True)
    x = pdf.l_margin + order_w + team_w
    for column in sheet.columns:
        paper.box(pdf, x, top + HEAD_H[0], value_w, HEAD_H[1], f"{column.label} ({vn_points(column.maximum)})", 7,
            fill=True)
        x += value_w
    pdf.set_xy(pdf.l_margin, top + full)


def _row(pdf: OfficialPdf, row: JudgeSheetRow, order_w: float, team_w: float, value_w: float) -> None:
    pdf.set_x(pdf.l_margin)
    pdf.fit_cell(order_w, ROW_H, str(row.order) if row.order is not None else "", 9.5, "", "C", border=1)
    pdf.fit_cell(team_w, ROW_H, row.team, 9.5, "", "L", border=1)
    notes = {c for c in row.cells if isinstance(c, str)}
    if len(notes) == 1 and all(isinstance(c, str) for c in row.cells):
        # The whole row excused (a judge from the team's own unit): one note across the columns.
        pdf.fit_cell(value_w * len(row.cells), ROW_H, notes.pop(), 9, "I", "C", border=1)
    else:
        for cell in row.cells:
            text = vn_points(cell) if isinstance(cell, int) else (cell or "chưa chấm")
            pdf.fit_cell(value_w, ROW_H, text, 9.5 if isinstance(cell, int) else 7.5, "", "C", border=1)
    pdf.fit_cell(16, ROW_H, vn_points(row.total) if row.total is not None else "", 9.5, "B", "C", border=1)
    pdf.ln(ROW_H)


def _corrections(pdf: OfficialPdf, sheet: JudgeSheet) -> None:
    if not sheet.corrections:
        return
    pdf.ln(3)
    pdf.write_line("Các lần gửi điểm khác (sửa điểm, phiếu bị từ chối):", 10.5, "B")
    for c in sheet.corrections:
        at = c.received_at.strftime("%H:%M:%S %d/%m/%Y")
        pdf.write_line(f"- {c.team}, {c.part}: lần {c.version}, {vn_points(c.total)} điểm, "
                       f"nhận lúc {at}, {STATUS_VI.get(c.status, c.status)}.", 9.5)
