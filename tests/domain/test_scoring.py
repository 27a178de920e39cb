"""Scoring rules: the worked example of a cluster, edge cases, and exactness properties."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contest.domain.errors import DomainError
from contest.domain.overtime import OvertimeBand, OvertimeRule, overtime_penalty
from contest.domain.ranking import TOTAL, TieBreak, entry_from_score, rank
from contest.domain.scoring import (
    ABSENT,
    CONFLICT,
    COUNTED,
    DROPPED_HIGH,
    DROPPED_LOW,
    MISSING,
    Criterion,
    JudgedPart,
    JudgeLine,
    JudgeScore,
    Penalty,
    QuizPart,
    ScoringRules,
    TeamSheets,
    format_points,
    judge_part_score,
    percent,
    round_half_up,
    score_team,
)

PANEL = (1, 2, 3, 4, 5)
PARTS = (JudgedPart("greeting", 2000), QuizPart("quiz", 10, 100), JudgedPart("skit", 5000))
RULES = ScoringRules(PARTS, PANEL, trim_min_judges=5)
UNDER_A_MINUTE = OvertimeRule(bands=(OvertimeBand(60, 25), OvertimeBand(None, 50)))


def sheet(*points: int | None) -> tuple[JudgeScore, ...]:
    """Scores in seat order J1..J5 (None: no sheet from that judge)."""
    return tuple(JudgeScore(j, p) for j, p in zip(PANEL, points, strict=False) if p is not None)


# --- the worked example ----------------------------------------------------------------------
def worked_sheets() -> list[TeamSheets]:
    over = overtime_penalty(UNDER_A_MINUTE, 45)
    return [
        TeamSheets(101, {"greeting": sheet(1850, 1775, 1900, 1800, 1650),
                         "skit": sheet(4200, 4450, 4300, 4500, 4150)}, {"quiz": 8}),
        TeamSheets(102, {"greeting": sheet(1700, 1750, 1675, 1825, 1725),
                         "skit": sheet(4400, 4500, 4600, 4750, 4300)}, {"quiz": 7}),
        TeamSheets(103, {"greeting": sheet(1900, 1925, 1875, 1950, 2000),
                         "skit": sheet(4600, 4700, 4550, 4800, 4650)}, {"quiz": 9},
                   penalties=(Penalty(over, "overtime", "skit"),)),
        TeamSheets(104, {"greeting": sheet(1600, None, 1700, 1650, 1600),
                         "skit": sheet(4000, None, 4100, 3950, 4025)}, {"quiz": 6},
                   conflicts=frozenset({2})),
    ]


@pytest.mark.parametrize(("team_id", "greeting", "quiz", "skit", "total"), [
    pytest.param(101, "18.08", "8.00", "43.17", "69.25", id="A-trimmed-thirds"),
    pytest.param(102, "17.25", "7.00", "45.00", "69.25", id="B-ties-A-on-total"),
    pytest.param(103, "19.25", "9.00", "46.25", "74.50", id="C-overtime-penalty"),
    pytest.param(104, "16.38", "6.00", "40.19", "62.57", id="D-conflict-plain-mean"),
])
def test_worked_example_parts_and_totals(team_id: int, greeting: str, quiz: str, skit: str,
                                         total: str) -> None:
    """Worked example, computed by hand; the other test_worked_example_* tests check the same table.

    Cluster 1, five judges J1..J5, trimmed mean from 5 counted judges, parts rounded half-up to 0.01.
    Parts: greeting (max 20), quiz (10 questions x 1.00, marked by the secretary), skit (max 50).
    Tie-break: skit, then greeting. Overtime: under 60 s over -0.25, from 60 s over -0.50.

    Team A (101)          J1     J2     J3     J4     J5   dropped        kept sum / n     part
      greeting         18.50  17.75  19.00  18.00  16.50   J3 hi, J5 lo   54.25 / 3 = 18.0833 -> 18.08
      quiz             8 right x 1.00                                                       8.00
      skit             42.00  44.50  43.00  45.00  41.50   J4 hi, J5 lo  129.50 / 3 = 43.1667 -> 43.17
      total            18.08 + 8.00 + 43.17                                                69.25
    Team B (102)
      greeting         17.00  17.50  16.75  18.25  17.25   J4 hi, J3 lo   51.75 / 3 = 17.25
      quiz             7 right                                                              7.00
      skit             44.00  45.00  46.00  47.50  43.00   J4 hi, J5 lo  135.00 / 3 = 45.00
      total            17.25 + 7.00 + 45.00                                                69.25
    Team C (103), skit 45 s over time: penalty 0.25 on the skit
      greeting         19.00  19.25  18.75  19.50  20.00   J5 hi, J3 lo   57.75 / 3 = 19.25
      quiz             9 right                                                              9.00
      skit             46.00  47.00  45.50  48.00  46.50   J4 hi, J3 lo  139.50 / 3 = 46.50 - 0.25 = 46.25
      total            19.25 + 9.00 + 46.25                                                74.50
    Team D (104), J2 comes from D's unit (conflict): 4 counted judges < 5, plain mean
      greeting         16.00    --   17.00  16.50  16.00   none           65.50 / 4 = 16.375 -> 16.38 half-up
      quiz             6 right                                                              6.00
      skit             40.00    --   41.00  39.50  40.25   none          160.75 / 4 = 40.1875 -> 40.19
      total            16.38 + 6.00 + 40.19                                                62.57
                       (exact, unrounded parts: 16.375 + 6 + 40.1875 = 62.5625 -> shown 62.56)

    Standings: 1 C 74.50; 2 B 69.25; 3 A 69.25 (A and B tie on total, B is above by the skit:
    45.00 > 43.17); 4 D 62.57.
    """
    score = next(score_team(RULES, s) for s in worked_sheets() if s.team_id == team_id)
    shown = {code: format_points(value) for code, value in score.part_scores().items()}
    assert shown == {"greeting": greeting, "quiz": quiz, "skit": skit}
    assert format_points(score.total) == total
    assert score.total == sum(score.part_scores().values())  # a card's parts add up to its total


def test_worked_example_card_shows_every_judge_and_the_dropped_ones() -> None:
    score = score_team(RULES, worked_sheets()[0])
    greeting = score.part("greeting")
    assert [(j.judge_id, j.centipoints, j.status) for j in greeting.judges] == [
        (1, 1850, COUNTED), (2, 1775, COUNTED), (3, 1900, DROPPED_HIGH), (4, 1800, COUNTED),
        (5, 1650, DROPPED_LOW)]
    assert greeting.raw == Fraction(5425, 3)
    assert greeting.score == 1808
    assert score.part("skit").raw == Fraction(12950, 3)


def test_worked_example_penalty_and_conflict() -> None:
    scores = {s.team_id: score_team(RULES, s) for s in worked_sheets()}
    skit_c = scores[103].part("skit")
    assert (skit_c.score, skit_c.penalty, skit_c.net) == (4650, 25, 4625)
    assert scores[103].penalty_total == 25
    greeting_d = scores[104].part("greeting")
    assert [j.status for j in greeting_d.judges] == [COUNTED, CONFLICT, COUNTED, COUNTED, COUNTED]
    assert greeting_d.raw == Fraction(6550, 4)
    assert scores[104].total == 6257


def test_worked_example_standings_and_tie_break() -> None:
    entries = [entry_from_score(score_team(RULES, s), cluster=1) for s in worked_sheets()]
    ranking = rank(entries, TieBreak(("skit", "greeting")))
    assert [(r.team_id, r.rank, format_points(r.total), r.decided_by) for r in ranking.rows] == [
        (103, 1, "74.50", None), (102, 2, "69.25", TOTAL), (101, 3, "69.25", "skit"),
        (104, 4, "62.57", TOTAL)]
    assert ranking.decider(101, 102).by == "skit"
    assert ranking.unresolved == ()


def test_worked_example_exact_mode_rounds_only_for_display() -> None:
    exact = ScoringRules(PARTS, PANEL, trim_min_judges=5, round_parts=False)
    totals = {s.team_id: score_team(exact, s).total for s in worked_sheets()}
    assert totals == {101: 6925, 102: 6925, 103: 7450, 104: Fraction(25025, 4)}
    assert format_points(totals[104]) == "62.56"


# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("trim_min", "conflicts", "absent", "expected_raw"), [
    pytest.param(5, frozenset(), frozenset(), Fraction(2600, 3), id="five-counted-trimmed"),
    pytest.param(5, frozenset({5}), frozenset(), Fraction(3000, 4), id="conflict-leaves-four-plain-mean"),
    pytest.param(5, frozenset(), frozenset({1}), Fraction(3600, 4), id="absent-leaves-four-plain-mean"),
    pytest.param(6, frozenset(), frozenset(), Fraction(4000, 5), id="panel-below-threshold-plain-mean"),
    pytest.param(None, frozenset(), frozenset(), Fraction(4000, 5), id="trimming-off"),
    pytest.param(3, frozenset({1, 5}), frozenset(), Fraction(900), id="three-counted-trimmed"),
])
def test_mean_or_trimmed_mean(trim_min: int | None, conflicts: frozenset[int], absent: frozenset[int],
                              expected_raw: Fraction) -> None:
    rules = ScoringRules((JudgedPart("skit", 5000),), PANEL, trim_min_judges=trim_min, round_parts=False)
    team = TeamSheets(7, {"skit": sheet(400, 800, 900, 900, 1000)}, conflicts=conflicts, absent=absent)
    assert score_team(rules, team).part("skit").raw == expected_raw


def test_conflicted_judges_sheet_is_shown_but_not_counted() -> None:
    team = TeamSheets(7, {"skit": sheet(4000, 4000, 4000, 4000, 100)}, conflicts=frozenset({5}))
    skit = score_team(RULES, team).part("skit")
    assert skit.judges[4] == JudgeLine(5, 100, CONFLICT)
    assert skit.score == 4000


def test_missing_sheet_keeps_the_part_pending() -> None:
    team = TeamSheets(7, {"greeting": sheet(1000, 1000, 1000, 1000, 1000),
                          "skit": sheet(4000, None, 4000, 4000, 4000)}, {"quiz": 5})
    score = score_team(RULES, team)
    skit = score.part("skit")
    assert (skit.pending, skit.missing, skit.score, skit.judges[1].status) == (True, (2,), None, MISSING)
    assert score.pending_parts == ("skit",)
    assert score.total == 1500
    assert "skit" not in score.part_scores()


def test_declared_absent_judge_is_excluded_not_awaited() -> None:
    team = TeamSheets(7, {"skit": sheet(4000, None, 3000, 3500, 4500)}, absent=frozenset({2}))
    skit = score_team(RULES, team).part("skit")
    assert skit.judges[1].status == ABSENT
    assert skit.score == 3750 and not skit.pending


def test_unsent_quiz_is_pending_and_penalties_still_count() -> None:
    team = TeamSheets(7, penalties=(Penalty(50, "late on stage"), Penalty(25, "overtime", "skit")))
    score = score_team(RULES, team)
    assert score.pending_parts == ("greeting", "quiz", "skit")
    assert format_points(score.total) == "-0.75"


def test_criteria_add_up_to_the_judges_part_score() -> None:
    part = JudgedPart("situation", 3000, (Criterion("idea", 1500), Criterion("delivery", 1500)))
    assert judge_part_score(part, JudgeScore(1, {"idea": 1225, "delivery": 1350})) == 2575


@pytest.mark.parametrize("score", [
    pytest.param(JudgeScore(1, {"idea": 1600, "delivery": 0}), id="criterion-over-max"),
    pytest.param(JudgeScore(1, {"idea": 100}), id="criterion-missing"),
    pytest.param(JudgeScore(1, 2000), id="plain-value-for-rubric-part"),
])
def test_criteria_errors(score: JudgeScore) -> None:
    part = JudgedPart("situation", 3000, (Criterion("idea", 1500), Criterion("delivery", 1500)))
    with pytest.raises(DomainError):
        judge_part_score(part, score)


@pytest.mark.parametrize(("team", "code"), [
    pytest.param(TeamSheets(7, {"skit": sheet(5025)}), "scoring_out_of_range", id="over-max"),
    pytest.param(TeamSheets(7, {"skit": sheet(-25)}), "scoring_out_of_range", id="negative"),
    pytest.param(TeamSheets(7, {"skit": (JudgeScore(1, True),)}), "scoring_out_of_range", id="bool"),
    pytest.param(TeamSheets(7, {"skit": (JudgeScore(9, 100),)}), "scoring_judge_not_on_panel", id="stranger"),
    pytest.param(TeamSheets(7, {"skit": sheet(1, 2) + sheet(3)}), "scoring_duplicate_sheet", id="duplicate"),
    pytest.param(TeamSheets(7, {"dance": sheet(1)}), "scoring_unknown_part", id="unknown-part"),
    pytest.param(TeamSheets(7, {"quiz": sheet(1)}), "scoring_wrong_part_kind", id="judges-on-quiz"),
    pytest.param(TeamSheets(7, quiz_correct={"skit": 1}), "scoring_wrong_part_kind", id="quiz-on-skit"),
    pytest.param(TeamSheets(7, quiz_correct={"quiz": 11}), "scoring_quiz_out_of_range", id="quiz-over"),
    pytest.param(TeamSheets(7, penalties=(Penalty(-25, "x"),)), "scoring_negative_penalty", id="negative-penalty"),
    pytest.param(TeamSheets(7, {"skit": sheet(1, 1, 1, 1, 1)}, conflicts=frozenset(PANEL)),
                 "scoring_no_counted_judges", id="whole-panel-conflicted"),
])
def test_invalid_sheets_are_refused_with_a_code(team: TeamSheets, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        score_team(RULES, team)
    assert caught.value.code == code


@pytest.mark.parametrize(("make", "code"), [
    pytest.param(lambda: ScoringRules(PARTS, PANEL, trim_min_judges=2), "scoring_trim_min", id="trim-2"),
    pytest.param(lambda: ScoringRules(PARTS + PARTS[:1], PANEL), "scoring_duplicate_part", id="dup-part"),
    pytest.param(lambda: ScoringRules(PARTS, (1, 1)), "scoring_duplicate_judge", id="dup-judge"),
    pytest.param(lambda: JudgedPart("x", 100, weight=Fraction(0)), "scoring_bad_weight", id="zero-weight"),
    pytest.param(lambda: JudgedPart("x", 100, (Criterion("a", 50),)), "scoring_criteria_max", id="rubric"),
    pytest.param(lambda: OvertimeRule(), "scoring_bad_overtime_rule", id="empty-overtime"),
    pytest.param(lambda: OvertimeRule((OvertimeBand(60, 25),)), "scoring_bad_overtime_rule", id="bounded-last"),
    pytest.param(lambda: OvertimeRule((OvertimeBand(60, 25), OvertimeBand(30, 5), OvertimeBand(None, 50))),
                 "scoring_bad_overtime_rule", id="unsorted-bands"),
])
def test_invalid_rules_are_refused_with_a_code(make, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        make()
    assert caught.value.code == code


def test_weights_apply_before_rounding_and_penalties() -> None:
    rules = ScoringRules((JudgedPart("skit", 10000, weight=percent("12,5")), QuizPart("quiz", 10, 100)),
                         (1,))
    team = TeamSheets(7, {"skit": (JudgeScore(1, 8850),)}, {"quiz": 3}, (Penalty(25, "overtime", "skit"),))
    score = score_team(rules, team)
    assert score.part("skit").raw == 8850
    assert score.part("skit").score == 1106  # 8850 / 8 = 1106.25
    assert format_points(score.total) == "13.81"  # 11.06 - 0.25 + 3.00


@pytest.mark.parametrize(("value", "weight"), [
    pytest.param(30, Fraction(3, 10), id="int"),
    pytest.param("12.5", Fraction(1, 8), id="dot"),
    pytest.param(" 12,5 ", Fraction(1, 8), id="comma"),
    pytest.param(Fraction(100, 3), Fraction(1, 3), id="fraction"),
])
def test_percent(value, weight: Fraction) -> None:
    assert percent(value) == weight


@pytest.mark.parametrize(("rule", "over", "penalty"), [
    pytest.param(UNDER_A_MINUTE, -5, 0, id="bands-early"),
    pytest.param(UNDER_A_MINUTE, 0, 0, id="bands-on-time"),
    pytest.param(UNDER_A_MINUTE, 1, 25, id="bands-1s"),
    pytest.param(UNDER_A_MINUTE, 59, 25, id="bands-59s"),
    pytest.param(UNDER_A_MINUTE, 60, 50, id="bands-60s"),
    pytest.param(UNDER_A_MINUTE, 600, 50, id="bands-10min"),
    pytest.param(OvertimeRule(per_started_unit=100), 1, 100, id="per-minute-1s"),
    pytest.param(OvertimeRule(per_started_unit=100), 60, 100, id="per-minute-60s"),
    pytest.param(OvertimeRule(per_started_unit=100), 61, 200, id="per-minute-61s"),
    pytest.param(OvertimeRule(per_started_unit=50, unit_seconds=30), 95, 200, id="per-30s"),
])
def test_overtime_penalty(rule: OvertimeRule, over: int, penalty: int) -> None:
    assert overtime_penalty(rule, over) == penalty


@pytest.mark.parametrize(("centipoints", "shown"), [
    pytest.param(28375, "283.75", id="total"),
    pytest.param(0, "0.00", id="zero"),
    pytest.param(5, "0.05", id="small"),
    pytest.param(Fraction(1, 2), "0.01", id="half-up"),
    pytest.param(Fraction(49, 100), "0.00", id="below-half"),
    pytest.param(Fraction(-1, 2), "-0.01", id="negative-half-away-from-zero"),
    pytest.param(Fraction(-1, 3), "0.00", id="no-negative-zero"),
    pytest.param(Fraction(2825, 3), "9.42", id="thirds"),
    pytest.param(-75, "-0.75", id="penalty"),
])
def test_format_points(centipoints: Fraction | int, shown: str) -> None:
    assert format_points(centipoints) == shown


# ---------------------------------------------------------------------------------------------
quarter_points = st.integers(0, 400).map(lambda q: q * 25)  # 0.00 .. 100.00 in steps of 0.25


@settings(deadline=None)
@given(st.lists(quarter_points, min_size=1, max_size=40))
def test_totals_stay_exact_across_many_parts(values: list[int]) -> None:
    parts = tuple(JudgedPart(f"p{i}", 10000) for i in range(len(values)))
    rules = ScoringRules(parts, (1,), trim_min_judges=None)
    team = TeamSheets(7, {f"p{i}": (JudgeScore(1, v),) for i, v in enumerate(values)})
    total = score_team(rules, team).total
    assert total == sum(values)
    assert format_points(total) == f"{Decimal(sum(values)) / 100:.2f}"


@settings(deadline=None)
@given(st.lists(quarter_points, min_size=1, max_size=7), st.sampled_from([None, 3, 5]),
       st.booleans())
def test_part_score_lies_within_the_counted_scores(values: list[int], trim_min: int | None,
                                                   round_parts: bool) -> None:
    panel = tuple(range(1, len(values) + 1))
    rules = ScoringRules((JudgedPart("skit", 10000),), panel, trim_min, round_parts)
    part = score_team(rules, TeamSheets(7, {"skit": tuple(map(JudgeScore, panel, values))})).part("skit")
    kept = [j.centipoints for j in part.judges if j.status == COUNTED]
    assert min(values) <= min(kept) <= part.raw <= max(kept) <= max(values)
    trimmed = trim_min is not None and len(values) >= trim_min
    assert len(kept) == len(values) - (2 if trimmed else 0)
    assert part.score == (round_half_up(part.raw) if round_parts else part.raw)


@settings(deadline=None)
@given(st.lists(quarter_points, min_size=5, max_size=7), st.data())
def test_raising_a_judges_score_never_lowers_the_part_score(values: list[int], data) -> None:
    panel = tuple(range(1, len(values) + 1))
    rules = ScoringRules((JudgedPart("skit", 10000),), panel, trim_min_judges=5)
    seat = data.draw(st.integers(0, len(values) - 1))
    raised = list(values)
    raised[seat] = data.draw(st.integers(values[seat], 10000))

    def skit(points: list[int]) -> Fraction:
        return score_team(rules, TeamSheets(7, {"skit": tuple(map(JudgeScore, panel, points))})).total

    assert skit(raised) >= skit(values)

