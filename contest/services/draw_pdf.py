"""The printable draw result of a round: each cluster with its venue and date, its teams in running
order, the packages they drew, and the record of every confirmed draw (seed, algorithm version,
how to verify it) plus any team moved afterwards and why. Vietnamese, on the official PDF base.
"""

from datetime import datetime

from contest.documents.data import Signer
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
from contest.domain.paperwork import vietnamese_date
from contest.models import Cluster, Contest, Entry, Round
from contest.models.base import utcnow
from contest.models.draws import Draw
from contest.services import contests, papers, results
from contest.services import draw as draws
from contest.services.exports import UNIT_VI

ROW_H = 6.8
KIND_VI = {"clusters": "Bốc thăm chia cụm", "running_order": "Bốc thăm thứ tự thi", "packages": "Bốc thăm"}


def round_sheet(contest: Contest, rnd: Round, now: datetime | None = None) -> bytes:
    now = now or utcnow()
    chain = results.chain_head()
    confirmed = [d for d in draws.list_draws(contest.id, rnd.id) if d.status == "confirmed"]
    packages = [d for d in confirmed if d.kind == "packages"]
    pdf = OfficialPdf(footer_note=fingerprint(chain))
    pdf.set_title(f"Kết quả bốc thăm — {rnd.name}")
    pdf.add_page()
    heading = papers.heading(contest, rnd, None)
    national_header(pdf, heading, heading_date_line(heading))
    pdf.ln(2)
    pdf.write_line("KẾT QUẢ BỐC THĂM", 16, "B", "C", 8)
    pdf.write_line(f"Chia cụm và thứ tự thi — {rnd.name}", 12.5, "B", "C", 6.5)
    pdf.write_line(contest.name, 11.5, "", "C", 6)
    pdf.ln(3)
    grouped = contests.entries_by_cluster(rnd)
    for cluster in rnd.clusters or [None]:
        _group(pdf, cluster, rnd, grouped.get(cluster.id if cluster else None, []), packages)
    _records(pdf, confirmed)
    chain_paragraph(pdf, chain, papers.local(now))
    signature_blocks(pdf, [Signer("THƯ KÝ HỘI THI"), Signer("TRƯỞNG BAN TỔ CHỨC", prefix="TM. BAN TỔ CHỨC")])
    return bytes(pdf.output())


def _group(pdf: OfficialPdf, cluster: Cluster | None, rnd: Round, entries: list[Entry], packages: list[Draw]) -> None:
    if pdf.will_page_break(ROW_H * (len(entries) + 3) + 8):
        pdf.add_page()
    title = cluster.name if cluster else rnd.name
    held_on = (cluster.held_on if cluster else None) or rnd.held_on
    venue = (cluster.venue if cluster else "") or rnd.venue
    when = vietnamese_date(held_on) if held_on else "chưa ấn định ngày"
    pdf.write_line(f"{title.upper()}", 12, "B", height=7, color=RED)
    pdf.write_line(f"Địa điểm: {venue or 'chưa ấn định'}; thời gian: {when}.", 10.5, height=5.5)
    columns = [("Thứ tự", 16.0), ("Đội thi", 0.0), ("Loại đơn vị", 32.0), *((d.label, 28.0) for d in packages)]
    columns[1] = ("Đội thi", pdf.epw - sum(width for _, width in columns))
    drawn = [{step.team: str(step.value) for step in draws.result_of(d).steps} for d in packages]
    _row(pdf, columns, [label for label, _ in columns], header=True)
    for entry in entries:
        name = entry.team.name
        _row(pdf, columns, [str(entry.running_order or "—"), name, UNIT_VI.get(entry.team.unit_type, ""),
                            *(d.get(name, "—") for d in drawn)])  # fmt: skip
    if not entries:
        pdf.write_line("Chưa có đội thi.", 10, "I", color=MUTED)
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
            box(pdf, x, top, width, ROW_H, value, 9, "B", fill=True)
        else:
            pdf.set_xy(x, top)
            pdf.fit_cell(width, ROW_H, value, 10, "B" if i == 1 else "", "L" if i == 1 else "C", border=1)
        x += width
    pdf.set_xy(pdf.l_margin, top + ROW_H)


def _records(pdf: OfficialPdf, confirmed: list[Draw]) -> None:
    """How each result was drawn, so anyone holding this paper can re-run and check it."""
    pdf.write_line("CĂN CỨ KẾT QUẢ", 11, "B", height=7)
    if not confirmed:
        pdf.write_line("Chưa có lần bốc thăm nào được xác nhận; các đội thi theo cụm đã phân công.", 10.5, "I")
    for record in confirmed:
        what = f"{KIND_VI[record.kind]} {record.label}".strip()
        when = papers.local(record.confirmed_at).strftime("%H:%M %d/%m/%Y") if record.confirmed_at else ""
        pdf.write_line(
            f"- {what} (phiếu số {record.id}): mã bốc thăm “{record.seed}”, thuật toán phiên bản "
            f"{record.algorithm_version}, xác nhận lúc {when}. Kiểm tra lại: lệnh `contest draw verify {record.id}` "
            "hoặc trang công khai của lần bốc thăm.", 10.5)  # fmt: skip
        for move in draws.moves(record):
            new, old = move.new or {}, move.old or {}
            pdf.write_line(f"    Điều chỉnh sau bốc thăm: {new.get('team')} chuyển từ {old.get('cluster')} sang "
                           f"{new.get('cluster')}; lý do: {new.get('reason')}.", 10, "I")  # fmt: skip
    pdf.ln(2)
