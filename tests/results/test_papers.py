"""The official papers as the organizer downloads them: biên bản per cluster and per round, and
one phiếu chấm điểm per judge, read back with pypdf."""

import pytest
from sqlalchemy import select

from contest.domain.paperwork import vn_points
from contest.extensions import db
from contest.models import AuditEvent, Cluster, Entry, Judge, Round, User
from contest.models.judging import COUNTED_STATES, ScoreSheet
from contest.services import locks, standings
from tests.results.conftest import pdf_text

BASE = "/results/ha-noi-2024"


def cluster_id(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Cluster.id).join(Round).where(Round.slug == "so-khao", Cluster.name == name))


def board_totals(app, name: str) -> dict[str, str]:
    """What the standings service says, formatted as the papers print it."""
    with app.app_context():
        rnd = db.session.scalar(select(Round).filter_by(slug="so-khao"))
        board = standings.round_board(rnd)
        cid = next(c.id for c in rnd.clusters if c.name == name)
        return {board.teams[t].name: vn_points(board.scores[t].total)
                for t, team in board.teams.items() if team.cluster_id == cid}


def test_cluster_results_sheet_lists_standings_prizes_and_chain_head(app, organizer, scored_demo):
    response = organizer.get(f"{BASE}/so-khao/bien-ban.pdf?cluster={cluster_id(app, 'Cụm 1')}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages, text = pdf_text(response.data)
    assert pages == 1
    for words in ("BAN DÂN VẬN THÀNH ỦY HÀ NỘI", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                  "Hà Nội, ngày 20 tháng 8 năm 2024", "BIÊN BẢN", "Vòng sơ khảo — Cụm 1",
                  "Trung tâm Văn hóa quận Tây Hồ", "TRƯỞNG BAN GIÁM KHẢO", "TM. BAN TỔ CHỨC", "TS. Phạm Đức Thảo",
                  "Giải Nhất cụm", "Giải Nhì cụm", "Giải Ba cụm", "Chào hỏi", "Xử lý tình huống", "Tiểu phẩm"):
        assert words in text, words
    totals = board_totals(app, "Cụm 1")
    assert len(totals) == 6
    for team, total in totals.items():
        assert f"{team} " in text and total in text, (team, total)
    assert "-0,25" in text  # the over-time penalty has its own column
    with app.app_context():
        head = db.session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
        assert head.hash in text.replace("\n", "") and f"#{head.id}" in text


def test_winner_line_matches_the_ranking(app, organizer, scored_demo):
    _, text = pdf_text(organizer.get(f"{BASE}/so-khao/bien-ban.pdf?cluster={cluster_id(app, 'Cụm 2')}").data)
    with app.app_context():
        rnd = db.session.scalar(select(Round).filter_by(slug="so-khao"))
        board = standings.round_board(rnd)
        cid = next(c.id for c in rnd.clusters if c.name == "Cụm 2")
        first = board.clusters[cid].rows[0].team_id
        winner, total = board.teams[first].name, vn_points(board.scores[first].total)
    assert f"Giải Nhất cụm: {winner} ({total} điểm)" in text


def test_sheet_is_a_draft_until_every_team_is_locked(app, organizer, scored_demo):
    cid = cluster_id(app, "Cụm 1")
    url = f"{BASE}/so-khao/bien-ban.pdf?cluster={cid}"
    assert "DỰ THẢO" in pdf_text(organizer.get(url).data)[1]
    with app.app_context():
        actor = db.session.scalar(select(User).filter_by(username="bantochuc"))
        for entry in db.session.scalars(select(Entry).filter_by(cluster_id=cid)):
            locks.lock_entry(actor, entry)
        db.session.commit()
    assert "DỰ THẢO" not in pdf_text(organizer.get(url).data)[1]


def test_every_cluster_in_one_pdf_and_unscored_clusters_say_so(app, organizer, scored_demo):
    pages, text = pdf_text(organizer.get(f"{BASE}/so-khao/bien-ban.pdf?cluster=all").data)
    assert pages == 6
    for n in range(1, 7):
        assert f"Vòng sơ khảo — Cụm {n}" in text
    assert "chưa đủ điểm" in text  # clusters 3-6 have no score yet


def test_final_round_sheet_without_clusters(organizer, scored_demo):
    response = organizer.get(f"{BASE}/chung-khao/bien-ban.pdf")
    pages, text = pdf_text(response.data)
    assert response.status_code == 200 and pages == 1
    assert "Tổng hợp kết quả chấm thi Vòng chung khảo" in text and "Chưa có đội thi." in text


@pytest.mark.parametrize("url", [
    f"{BASE}/so-khao/bien-ban.pdf", f"{BASE}/so-khao/bien-ban.pdf?cluster=999999",
    f"{BASE}/khong-co/bien-ban.pdf?cluster=all", "/results/khong-co/ket-qua.xlsx",
], ids=["cluster-missing", "cluster-unknown", "round-unknown", "contest-unknown"])
def test_unknown_scope_is_404(organizer, scored_demo, url):
    assert organizer.get(url).status_code == 404


def test_papers_are_for_staff_only(app, client, scored_demo):
    response = client.get(f"{BASE}/so-khao/bien-ban.pdf?cluster=all")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def judge_values(app, judge_code: str) -> tuple[str, list[str], int]:
    """The judge's name and every value of the sheets that count (latest counted version)."""
    with app.app_context():
        judge = db.session.scalar(select(Judge).filter_by(code=judge_code))
        sheets = db.session.scalars(select(ScoreSheet).filter_by(judge_id=judge.id)
                                    .where(ScoreSheet.status.in_(COUNTED_STATES)).order_by(ScoreSheet.version))
        latest = {(s.entry_id, s.part_id): s for s in sheets}
        values = [vn_points(int(v)) for s in latest.values() for v in s.values.values()]
        return judge.name, values, len(latest)


def test_one_score_sheet_per_judge_with_every_score(app, organizer, scored_demo):
    response = organizer.get(f"{BASE}/so-khao/phieu-cham.pdf?cluster={cluster_id(app, 'Cụm 1')}")
    pages, text = pdf_text(response.data)
    assert pages == 5  # five judges, one page each
    assert text.count("PHIẾU CHẤM ĐIỂM") == 5
    for code in ("GK11", "GK12", "GK13", "GK14", "GK15"):
        name, _values, sheets = judge_values(app, code)
        assert sheets == 6 * 3  # six teams, three judged parts
        assert name in text and f"mã giám khảo {code}" in text
    team, part = scored_demo.corrected
    assert f"{team}, {part}: lần 1" in text and "đã thay bằng lần gửi sau" in text
    assert "Tôi xác nhận các điểm trên đúng với điểm tôi đã chấm." in text


def test_single_judge_sheet_has_each_value_and_signature(app, organizer, scored_demo):
    with app.app_context():
        judge_id = db.session.scalar(select(Judge.id).filter_by(code="GK12"))
    url = f"{BASE}/so-khao/phieu-cham.pdf?cluster={cluster_id(app, 'Cụm 1')}&judge={judge_id}"
    pages, text = pdf_text(organizer.get(url).data)
    name, values, _ = judge_values(app, "GK12")
    assert pages == 1 and "GIÁM KHẢO" in text and name in text
    remaining = text
    for value in values:  # every criterion value printed (counted with repeats)
        assert value in remaining, value
        remaining = remaining.replace(value, "", 1)


def test_conflicted_judge_sheet_says_why_a_team_is_blank(app, organizer, scored_demo):
    with app.app_context():
        judge_id = db.session.scalar(select(Judge.id).filter_by(code="GK23"))
    url = f"{BASE}/so-khao/phieu-cham.pdf?cluster={cluster_id(app, 'Cụm 2')}&judge={judge_id}"
    _, text = pdf_text(organizer.get(url).data)
    assert "Quận Đống Đa" in text and "Không chấm: giám khảo cùng đơn vị với đội thi" in text


def test_judge_of_another_cluster_is_404(app, organizer, scored_demo):
    with app.app_context():
        judge_id = db.session.scalar(select(Judge.id).filter_by(code="GK23"))
    url = f"{BASE}/so-khao/phieu-cham.pdf?cluster={cluster_id(app, 'Cụm 1')}&judge={judge_id}"
    assert organizer.get(url).status_code == 404
