"""Standings computed from stored sheets, on SQLite and PostgreSQL: a hand-computed cluster,
corrections, late and conflicted sheets, per-part absences, the tie-break cascade and head-judge
decisions."""

import pytest
from sqlalchemy import select

from contest.domain.scoring import ABSENT, CONFLICT, DROPPED_HIGH, DROPPED_LOW, format_points
from contest.extensions import db
from contest.models import Judge, Round
from contest.models.judging import Absence, ScoreSheet
from contest.services import standings, tie_decisions

pytestmark = pytest.mark.usefixtures("demo")

BA_DINH = "Quận Ba Đình"
HOAN_KIEM = "Quận Hoàn Kiếm"
TAY_HO = "Quận Tây Hồ"
CAU_GIAY = "Quận Cầu Giấy"
DONG_DA = "Quận Đống Đa"


def board(app, demo) -> standings.Board:
    with app.app_context():
        return standings.round_board(db.session.get(Round, demo.prelim))


def fill_ba_dinh(panel_score, quiz, penalize) -> None:
    """The worked example (cluster 1, five judges GK11..GK15, trimmed mean):

    greeting (12 + 8): 17 | 16.5 | 19 | 14 | 16.5 -> drop 19 and 14 -> 50/3 = 16.67
    knowledge: 8 of 10 correct                                            ->  8.00
    situation: 25 | 24.5 | 26 | 20 | 27 -> drop 27 and 20 -> 75.5/3 = 25.17
    skit (20 + 15 + 5): 33 | 33.5 | 37 | 29 | 33 -> drop 37 and 29 -> 99.5/3 = 33.17
    penalty: 0.25 (skit over time)
    total: 16.67 + 8 + 25.17 + 33.17 - 0.25 = 82.76
    """
    panel_score("Cụm 1", BA_DINH, "greeting", [("10", "7"), ("9,5", "7"), ("11", "8"), ("8", "6"), ("10", "6.5")])
    panel_score("Cụm 1", BA_DINH, "situation", ["25", "24.5", "26", "20", "27"])
    panel_score("Cụm 1", BA_DINH, "skit", [("17", "12", "4"), ("16", "13", "4.5"), ("18", "14", "5"),
                                          ("15", "11", "3"), ("16.5", "12.5", "4")])
    quiz(BA_DINH, 8)
    penalize(BA_DINH, 25, "skit")


def test_worked_example_from_stored_sheets(app, demo, panel_score, quiz, penalize):
    fill_ba_dinh(panel_score, quiz, penalize)
    result = board(app, demo)
    team = demo.teams[BA_DINH]
    score = result.scores[team]
    assert {p.code: format_points(p.score) for p in score.parts} == {
        "greeting": "16.67", "knowledge": "8.00", "situation": "25.17", "skit": "33.17"}
    assert format_points(score.total) == "82.76"
    greeting = score.part("greeting")
    statuses = {line.judge_id: line.status for line in greeting.judges}
    assert statuses[demo.judges["GK13"]] == DROPPED_HIGH and statuses[demo.judges["GK14"]] == DROPPED_LOW
    assert result.overall.rank_of(team) == 1 and result.cluster_rank(team) == 1
    assert result.is_ranked(team) and not result.is_ranked(demo.teams[HOAN_KIEM])
    assert result.last_team_id == team


def test_a_part_waits_for_every_sheet_and_a_correction_replaces_the_first(app, demo, panel_score, score):
    panel_score("Cụm 1", HOAN_KIEM, "situation", ["20", "20", "20", "20", None])
    assert board(app, demo).scores[demo.teams[HOAN_KIEM]].part("situation").pending
    score("GK15", HOAN_KIEM, "situation", "10")
    assert format_points(board(app, demo).scores[demo.teams[HOAN_KIEM]].part("situation").score) == "20.00"
    # GK11 corrects 20 -> 29: version 2 counts; trimmed: drop 29 and 10 -> 20.00 still, then raise another.
    assert score("GK11", HOAN_KIEM, "situation", "29").version == 2
    score("GK12", HOAN_KIEM, "situation", "26")
    assert format_points(board(app, demo).scores[demo.teams[HOAN_KIEM]].part("situation").score) == "22.00"


def test_a_sheet_awaiting_review_does_not_count(app, demo, panel_score):
    panel_score("Cụm 1", TAY_HO, "situation", ["20"] * 5)
    with app.app_context():
        sheet = db.session.scalar(select(ScoreSheet).filter_by(judge_id=demo.judges["GK11"]))
        sheet.status = "pending_review"
        db.session.commit()
    situation = board(app, demo).scores[demo.teams[TAY_HO]].part("situation")
    assert situation.pending and situation.missing == (demo.judges["GK11"],)


def test_conflicted_judge_is_excluded_and_four_judges_give_a_plain_mean(app, demo, score):
    # GK23 comes from Đống Đa: the panel is GK21, GK22, GK24, GK25 for that team; four < 5, no trimming.
    for code, value in (("GK21", "20"), ("GK22", "21"), ("GK24", "23"), ("GK25", "26")):
        score(code, DONG_DA, "situation", value)
    situation = board(app, demo).scores[demo.teams[DONG_DA]].part("situation")
    assert format_points(situation.score) == "22.50"
    assert {line.judge_id: line.status for line in situation.judges}[demo.judges["GK23"]] == CONFLICT


def test_a_judge_absent_for_one_part_is_not_awaited(app, demo, panel_score):
    panel_score("Cụm 1", CAU_GIAY, "situation", ["24", "25", "26", "27", None])
    with app.app_context():
        db.session.add(Absence(judge_id=demo.judges["GK15"], entry_id=demo.entries[CAU_GIAY],
                               part_id=demo.parts["situation"], reason="Ốm", marked_by="head"))
        db.session.commit()
    part = board(app, demo).scores[demo.teams[CAU_GIAY]].part("situation")
    assert format_points(part.score) == "25.50"
    assert {line.judge_id: line.status for line in part.judges}[demo.judges["GK15"]] == ABSENT


def same_total_different_skit(panel_score) -> None:
    """Tây Hồ: 16 + 25 + 34 = 75.00; Cầu Giấy: 16 + 26 + 33 = 75.00: the skit decides (Tây Hồ)."""
    for team, situation, skit in ((TAY_HO, "25", ("17", "12", "5")), (CAU_GIAY, "26", ("17", "11", "5"))):
        panel_score("Cụm 1", team, "greeting", [("10", "6")] * 5)
        panel_score("Cụm 1", team, "situation", [situation] * 5)
        panel_score("Cụm 1", team, "skit", [skit] * 5)


def test_equal_totals_are_ordered_by_the_skit_then_the_situation(app, demo, panel_score):
    same_total_different_skit(panel_score)
    result = board(app, demo)
    assert [format_points(result.scores[demo.teams[t]].total) for t in (TAY_HO, CAU_GIAY)] == ["75.00", "75.00"]
    assert result.overall.team_ids[:2] == (demo.teams[TAY_HO], demo.teams[CAU_GIAY])
    assert [r.rank for r in result.overall.rows[:2]] == [1, 2]
    assert result.overall.rows[1].decided_by == "skit"


def test_a_full_tie_is_shared_until_the_head_judge_decides(app, demo, panel_score, organizer):
    for team in (TAY_HO, CAU_GIAY):
        panel_score("Cụm 1", team, "situation", ["25"] * 5)
    result = board(app, demo)
    tied = (demo.teams[TAY_HO], demo.teams[CAU_GIAY])
    assert [r.rank for r in result.overall.rows] == [1, 1] and result.overall.unresolved == (tuple(sorted(tied)),)
    with app.app_context():
        tie_decisions.record(organizer(), db.session.get(Round, demo.prelim), [tied[1], tied[0]], "Bốc thăm")
        db.session.commit()
    result = board(app, demo)
    assert result.overall.team_ids == (tied[1], tied[0]) and [r.rank for r in result.overall.rows] == [1, 2]
    assert result.cluster_rank(tied[1]) == 1 and result.cluster_rank(tied[0]) == 2


def test_a_judge_moved_to_another_cluster_no_longer_counts_there(app, demo, panel_score):
    panel_score("Cụm 1", BA_DINH, "situation", ["20", "20", "20", "20", "28"])
    with app.app_context():
        db.session.get(Judge, demo.judges["GK15"]).cluster_id = demo.clusters["Cụm 2"]
        db.session.commit()
    part = board(app, demo).scores[demo.teams[BA_DINH]].part("situation")
    assert format_points(part.score) == "20.00" and len(part.judges) == 4
