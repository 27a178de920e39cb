"""The whole contest as a workbook (one sheet per record kind, Vietnamese headers) and a round's
standings as CSV. Points are exact two-decimal numbers; times are Vietnam time."""

import json
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from contest.documents.tables import Table, Value, points, render_csv, render_workbook
from contest.domain.names import sort_key
from contest.domain.scoring import round_half_up
from contest.extensions import db
from contest.models import AuditEvent, Contest, Entry, Part, Round, Team
from contest.models.draws import Draw
from contest.models.judging import Penalty, QuizMark, ScoreSheet
from contest.services import results
from contest.services.papers import UNIT_VI, local

ROLE_VI = {"official": "Chính thức", "reserve": "Dự bị", "supporting": "Hỗ trợ"}
STATUS_VI = {"received": "Đã nhận", "pending_review": "Chờ duyệt", "accepted": "Được chấp nhận",
             "rejected": "Bị từ chối"}
DRAW_VI = {"clusters": "Chia cụm", "running_order": "Thứ tự thi", "packages": "Gói câu hỏi / tình huống"}


def contest_workbook(contest: Contest) -> bytes:
    return render_workbook([
        _teams(contest), _members(contest), _placements(contest), _draws(contest), _sheets(contest),
        _sheet_values(contest), _quiz(contest), _penalties(contest), *_standings_and_prizes(contest),
        _audit(contest),
    ])


def _when(at):  # type: ignore[no-untyped-def]
    return local(at) if at else None


def _teams(contest: Contest) -> Table:
    teams = sorted(db.session.scalars(select(Team).filter_by(contest_id=contest.id)), key=lambda t: sort_key(t.name))
    rows = [(i, t.name, UNIT_VI.get(t.unit_type, t.unit_type), t.home_cluster, t.leader, t.contact_name,
             t.contact_phone, t.contact_email, t.model_title, len(t.members)) for i, t in enumerate(teams, 1)]
    return Table("Đội thi", ("STT", "Tên đội thi", "Loại đơn vị", "Cụm địa bàn", "Trưởng đoàn", "Người liên hệ",
                             "Điện thoại", "Thư điện tử", "Mô hình dân vận khéo", "Số thành viên"), rows)


def _members(contest: Contest) -> Table:
    teams = sorted(db.session.scalars(select(Team).filter_by(contest_id=contest.id)
                                      .options(selectinload(Team.members))), key=lambda t: sort_key(t.name))
    rows = [(t.name, m.position + 1, m.full_name, ROLE_VI.get(m.role, m.role)) for t in teams for m in t.members]
    return Table("Thành viên", ("Đội thi", "Thứ tự", "Họ và tên", "Vai trò"), rows)


def _entries(contest: Contest) -> list[Entry]:
    query = (select(Entry).join(Round).where(Round.contest_id == contest.id)
             .options(selectinload(Entry.team), selectinload(Entry.cluster)))
    return sorted(db.session.scalars(query), key=lambda e: (e.round.position, e.cluster.position if e.cluster else -1,
                                                            e.running_order or 0, sort_key(e.team.name)))


def _placements(contest: Contest) -> Table:
    rows = [(e.round.name, e.cluster.name if e.cluster else "", e.running_order, e.team.name,
             "Rút lui" if e.withdrawn else "") for e in _entries(contest)]
    return Table("Cụm và thứ tự thi", ("Vòng thi", "Cụm thi", "Thứ tự thi", "Đội thi", "Ghi chú"), rows)


def _draws(contest: Contest) -> Table:
    draws = db.session.scalars(select(Draw).filter_by(contest_id=contest.id).order_by(Draw.id))
    rows = [(d.id, d.round.name, DRAW_VI.get(d.kind, d.kind), d.label, d.seed, d.algorithm_version, d.status,
             d.created_by, _when(d.created_at), d.confirmed_by or "", _when(d.confirmed_at),
             json.dumps(d.result, ensure_ascii=False)) for d in draws]
    return Table("Bốc thăm", ("Mã", "Vòng thi", "Loại bốc thăm", "Nội dung", "Hạt giống", "Phiên bản thuật toán",
                              "Trạng thái", "Người bốc", "Lúc", "Người xác nhận", "Xác nhận lúc", "Kết quả"), rows)


def _sheet_query(contest: Contest):  # type: ignore[no-untyped-def]
    return (select(ScoreSheet).filter_by(contest_id=contest.id).order_by(ScoreSheet.id)
            .options(selectinload(ScoreSheet.judge), selectinload(ScoreSheet.part),
                     selectinload(ScoreSheet.entry).selectinload(Entry.team)))


def _sheets(contest: Contest) -> Table:
    rows = []
    for s in db.session.scalars(_sheet_query(contest)):
        rows.append((s.id, s.entry.round.name, s.entry.cluster.name if s.entry.cluster else "", s.entry.team.name,
                     s.part.name, s.judge.code, s.judge.name, s.version, points(s.total),
                     STATUS_VI.get(s.status, s.status), _when(s.captured_at), _when(s.received_at), s.idem_key,
                     s.reviewed_by or "", _when(s.reviewed_at), s.review_note))
    return Table("Phiếu chấm (mọi lần gửi)", (
        "Mã phiếu", "Vòng thi", "Cụm thi", "Đội thi", "Phần thi", "Mã giám khảo", "Giám khảo", "Lần gửi",
        "Tổng điểm phiếu", "Trạng thái", "Chấm lúc (máy tính bảng)", "Nhận lúc", "Khóa gửi", "Người duyệt",
        "Duyệt lúc", "Ghi chú duyệt"), rows)


def _sheet_values(contest: Contest) -> Table:
    """Every value of every sheet version: criteria one per row (a part without criteria: "Điểm")."""
    criteria = {str(c.id): c.name for p in db.session.scalars(select(Part).join(Round)
                                                                .where(Round.contest_id == contest.id))
                for c in p.criteria}
    rows = []
    for s in db.session.scalars(_sheet_query(contest)):
        for key, value in s.values.items():
            rows.append((s.id, s.entry.team.name, s.part.name, s.judge.code, s.version,
                         criteria.get(key, "Điểm"), points(int(value))))
    return Table("Điểm từng tiêu chí", ("Mã phiếu", "Đội thi", "Phần thi", "Mã giám khảo", "Lần gửi", "Tiêu chí",
                                        "Điểm"), rows)


def _quiz(contest: Contest) -> Table:
    query = (select(QuizMark).join(Entry).join(Round).where(Round.contest_id == contest.id)
             .order_by(QuizMark.entry_id, QuizMark.part_id, QuizMark.question))
    parts = {p.id: p.name for r in contest.rounds for p in r.parts}
    entries = {e.id: e for e in _entries(contest)}
    rows = [(entries[m.entry_id].round.name, entries[m.entry_id].team.name, parts.get(m.part_id, ""), m.question,
             "Đúng" if m.correct else "Sai", m.marked_by, _when(m.marked_at)) for m in db.session.scalars(query)]
    return Table("Phần thi kiến thức", ("Vòng thi", "Đội thi", "Phần thi", "Câu", "Kết quả", "Người chấm", "Lúc"),
                 rows)


def _penalties(contest: Contest) -> Table:
    query = (select(Penalty).join(Entry).join(Round).where(Round.contest_id == contest.id).order_by(Penalty.id))
    entries = {e.id: e for e in _entries(contest)}
    rows = [(p.id, entries[p.entry_id].round.name, entries[p.entry_id].team.name, p.part.name if p.part else "",
             points(p.amount), p.reason, "Vượt thời gian" if p.source == "overtime" else "Ghi thủ công",
             p.elapsed_seconds, p.created_by, _when(p.created_at), p.withdrawn_by or "", _when(p.withdrawn_at))
            for p in db.session.scalars(query)]
    return Table("Điểm trừ", ("Mã", "Vòng thi", "Đội thi", "Phần thi", "Điểm trừ", "Lý do", "Nguồn",
                              "Số giây đo được", "Người ghi", "Lúc", "Người hủy", "Hủy lúc"), rows)


def _standings_and_prizes(contest: Contest) -> tuple[Table, Table]:
    part_names = list(dict.fromkeys(p.name for r in contest.rounds for p in r.parts))
    standing_rows: list[Sequence[Value]] = []
    prize_rows: list[Sequence[Value]] = []
    for rnd in contest.rounds:
        codes = {p.name: p.code for p in rnd.parts}
        for scope in results.round_results(rnd):
            cluster = scope.cluster.name if scope.cluster else ""
            for p in scope.placings:
                standing_rows.append((rnd.name, cluster, p.rank, p.team,
                                      *(_fraction_points(p.parts.get(codes[n])) if n in codes else None
                                        for n in part_names),
                                      points(p.penalty), _fraction_points(p.total), ", ".join(p.prizes), p.note))
                prize_rows += [(rnd.name, cluster, prize, p.team, p.rank, _fraction_points(p.total))
                               for prize in p.prizes]
    standings = Table("Xếp hạng", ("Vòng thi", "Cụm thi", "Hạng", "Đội thi", *part_names, "Điểm trừ", "Tổng điểm",
                                   "Giải", "Ghi chú"), standing_rows)
    prizes = Table("Giải thưởng", ("Vòng thi", "Cụm thi", "Giải", "Đội thi", "Hạng", "Tổng điểm"), prize_rows)
    return standings, prizes


def _fraction_points(value) -> Value:  # type: ignore[no-untyped-def]
    """Exact part scores and totals, rounded half-up to the hundredth as everywhere else."""
    return None if value is None else points(round_half_up(value))


def _audit(contest: Contest) -> Table:
    query = select(AuditEvent).where((AuditEvent.contest_id == contest.id) | AuditEvent.contest_id.is_(None))
    rows = [(e.id, _when(e.at), e.actor, e.action, e.subject, _json(e.old), _json(e.new), e.prev_hash, e.hash)
            for e in db.session.scalars(query.order_by(AuditEvent.id))]
    return Table("Nhật ký", ("Mã", "Thời gian", "Người thực hiện", "Hành động", "Đối tượng", "Trước", "Sau",
                             "Mã băm trước", "Mã băm"), rows)


def _json(value: object) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


STANDINGS_HEADERS = ("Vòng thi", "Cụm thi", "Hạng", "Đội thi")


def standings_csv(rnd: Round) -> bytes:
    """A round's final standings, one line per team (clusters in programme order)."""
    headers = (*STANDINGS_HEADERS, *(p.name for p in rnd.parts), "Điểm trừ", "Tổng điểm", "Giải", "Ghi chú")
    return render_csv(headers, _standings_rows(rnd))


def results_csv(rounds: list[Round]) -> bytes:
    """Several rounds in one file (the public API's ``results.csv``): parts in one column each, by name,
    in the order they first appear; a round without a part leaves its cell empty."""
    names = list(dict.fromkeys(p.name for rnd in rounds for p in rnd.parts))
    headers = (*STANDINGS_HEADERS, *names, "Điểm trừ", "Tổng điểm", "Giải", "Ghi chú")
    rows = []
    for rnd in rounds:
        columns = {p.name: i for i, p in enumerate(rnd.parts)}
        for row in _standings_rows(rnd):
            scores, rest = row[4:4 + len(rnd.parts)], row[4 + len(rnd.parts):]
            rows.append((*row[:4], *(scores[columns[n]] if n in columns else "" for n in names), *rest))
    return render_csv(headers, rows)


def _standings_rows(rnd: Round) -> list[tuple]:
    rows = []
    for scope in results.round_results(rnd):
        for p in scope.placings:
            rows.append((rnd.name, scope.cluster.name if scope.cluster else "", p.rank, p.team,
                         *(_csv_points(p.parts.get(part.code)) for part in rnd.parts), _csv_points(p.penalty),
                         _csv_points(p.total), ", ".join(p.prizes), p.note))
    return rows


def _csv_points(value) -> str:  # type: ignore[no-untyped-def]
    return "" if value is None else str(points(round_half_up(value)))

