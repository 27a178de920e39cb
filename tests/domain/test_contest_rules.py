"""Contest setup rules, without Flask or a database."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from contest.domain import contest_rules as rules
from contest.domain import registration as reg
from contest.domain.errors import DomainError

SKIT = rules.PartSpec(code="skit", name="Tiểu phẩm", position=3, max_points=4000, step=25)
RULES = rules.RulesSpec(aggregation="trimmed", trim_min_judges=5, tie_break=("skit", "situation"),
                        tie_fallback="head_judge", advance_per_cluster=1, advance_best_runners_up=0,
                        advance_reserves=1, spread_flag_percent=20)


def refused(call, *args, **kwargs) -> DomainError:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    return caught.value


@pytest.mark.parametrize(("spec", "code", "field"), [
    (replace(SKIT, max_points=0), "part_max_not_positive", "max_points"),
    (replace(SKIT, max_points=-100), "part_max_not_positive", "max_points"),
    (replace(SKIT, step=0), "part_step_not_positive", "step"),
    (replace(SKIT, max_points=1000, step=30), "part_step_not_divisor", "step"),
    (replace(SKIT, max_points=1050, step=100), "part_step_not_divisor", "step"),
    (replace(SKIT, code="Tiểu phẩm"), "setup_bad_code", "code"),
    (replace(SKIT, weight_percent=0), "setup_out_of_range", "weight_percent"),
    (replace(SKIT, penalty_rule={"kind": "per_minute", "points": 100}), "penalty_without_time_limit", "penalty_kind"),
    (replace(SKIT, scoring_mode="audience"), "setup_unknown_choice", "scoring_mode"),
], ids=["max-zero", "max-negative", "step-zero", "step-0.3-of-10", "step-1-of-10.5", "code-with-diacritics",
        "weight-zero", "penalty-without-limit", "unknown-scoring-mode"])
def test_a_bad_part_is_refused_naming_the_field(spec, code, field):
    error = refused(rules.check_part, spec, set())
    assert (error.code, error.params["field"]) == (code, field)


def test_a_step_that_does_not_divide_the_maximum_names_both():
    error = refused(rules.check_part, replace(SKIT, max_points=1000, step=30), set())
    assert error.params["step"] == 30 and error.params["max"] == 1000


@pytest.mark.parametrize(("step", "maximum"), [(25, 4000), (50, 2000), (100, 1000), (25, 1025)],
                         ids=["quarter", "half", "whole", "quarter-of-10.25"])
def test_steps_that_divide_the_maximum_are_accepted(step, maximum):
    assert rules.check_part(replace(SKIT, step=step, max_points=maximum), set()).step == step


def test_a_part_code_is_unique_in_its_round():
    assert refused(rules.check_part, SKIT, {"skit"}).code == "setup_code_taken"


def test_changing_a_part_maximum_must_keep_its_rubric_sum():
    error = refused(rules.check_part, replace(SKIT, max_points=5000), set(), [2000, 1500, 500])
    assert (error.code, error.params["total"], error.params["max"]) == ("criteria_sum_mismatch", 4000, 5000)
    assert rules.check_part(SKIT, set(), [2000, 1500, 500]).max_points == 4000


QUIZ = rules.PartSpec(code="knowledge", name="Kiến thức", position=1, max_points=1000, step=100,
                      scoring_mode="secretary", quiz_questions=10, quiz_points_per_question=100)


def test_a_quiz_maximum_is_questions_times_points():
    assert rules.check_part(QUIZ, set()).quiz_questions == 10
    error = refused(rules.check_part, replace(QUIZ, quiz_questions=12), set())
    assert (error.code, error.params["total"], error.params["max"]) == ("quiz_max_mismatch", 1200, 1000)


def test_a_quiz_has_no_rubric_and_a_panel_part_drops_quiz_fields():
    assert refused(rules.check_part, QUIZ, set(), [500, 500]).code == "quiz_has_criteria"
    panel = rules.check_part(replace(SKIT, quiz_questions=10, quiz_points_per_question=100), set())
    assert (panel.quiz_questions, panel.quiz_points_per_question) == (None, None)


@pytest.mark.parametrize(("rows", "code"), [
    ([("Nội dung", 2000), ("Diễn xuất", 1500)], "criteria_sum_mismatch"),
    ([("Nội dung", 2000), ("nội  dung", 2000)], "criterion_duplicate"),
    ([("Nội dung", 3990), ("Diễn xuất", 10)], "criterion_off_step"),
    ([("Nội dung", 4000), ("Diễn xuất", 0)], "part_max_not_positive"),
    ([("", 4000)], "name_empty"),
], ids=["sum-short", "same-name", "off-step", "zero", "no-name"])
def test_a_bad_rubric_is_refused(rows, code):
    assert refused(rules.check_criteria, 4000, 25, rows).code == code


def test_a_rubric_that_adds_up_or_no_rubric_is_accepted():
    assert rules.check_criteria(4000, 25, [("Nội dung", 2000), ("Dàn dựng", 1500), ("Trang phục", 500)])
    assert rules.check_criteria(4000, 25, []) == []


def test_an_unknown_tie_break_part_is_named_with_the_known_ones():
    error = refused(rules.check_rules, replace(RULES, tie_break=("skit", "tieu-pham")), {"skit", "situation"})
    assert error.code == "tie_break_unknown_part"
    assert error.params["part"] == "tieu-pham" and error.params["known"] == "situation, skit"


@pytest.mark.parametrize(("changes", "code"), [
    ({"tie_break": ("skit", "skit")}, "tie_break_duplicate"),
    ({"trim_min_judges": 2}, "setup_out_of_range"),
    ({"aggregation": "median"}, "setup_unknown_choice"),
    ({"advance_per_cluster": 0, "advance_best_runners_up": 0}, "advance_nobody"),
    ({"advance_reserves": -1}, "setup_out_of_range"),
    ({"spread_flag_percent": 0}, "setup_out_of_range"),
], ids=["tie-break-twice", "trim-two-judges", "unknown-aggregation", "nobody-advances", "negative-reserves",
        "zero-spread"])
def test_bad_ranking_rules_are_refused(changes, code):
    assert refused(rules.check_rules, replace(RULES, **changes), {"skit", "situation"}).code == code


def test_global_top_m_without_cluster_places_is_allowed():
    assert rules.check_rules(replace(RULES, advance_per_cluster=0, advance_best_runners_up=6), {"skit", "situation"})


def test_penalty_bands_end_open_and_increase():
    assert rules.penalty_bands([(60, 25), (None, 50)]) == {"kind": "bands", "bands": [[60, 25], [None, 50]]}
    assert refused(rules.penalty_bands, [(60, 25), (120, 50)]).code == "penalty_last_band_open"
    assert refused(rules.penalty_bands, [(120, 25), (60, 50), (None, 75)]).code == "penalty_bands_order"
    assert refused(rules.penalty_bands, [(None, 0)]).code == "penalty_not_positive"
    assert refused(rules.penalty_per_minute, 0).code == "penalty_not_positive"
    assert rules.penalty_per_minute(100) == {"kind": "per_minute", "points": 100}


@pytest.mark.parametrize(("text", "seconds"), [("5", 300), ("5:30", 330), ("", None), ("0", None), (" 8 ", 480)],
                         ids=["minutes", "minutes-seconds", "empty", "zero", "spaces"])
def test_time_limits_are_typed_as_minutes(text, seconds):
    assert rules.parse_duration(text) == seconds


def test_a_time_limit_in_words_is_refused():
    assert refused(rules.parse_duration, "5 phút").code == "setup_bad_duration"


def test_slugs_drop_vietnamese_diacritics():
    assert rules.slugify("Vòng sơ khảo") == "vong-so-khao"
    assert rules.slugify("Hội thi Dân vận khéo Đống Đa 2024") == "hoi-thi-dan-van-kheo-dong-da-2024"


def test_a_contest_address_is_unique_and_reserved_words_stay_free():
    info = rules.ContestInfo(name="Hội thi", slug="ha-noi-2024", year=2024)
    assert refused(rules.check_contest_info, info, {"ha-noi-2024"}).code == "setup_slug_taken"
    assert refused(rules.check_contest_info, replace(info, slug="new"), set()).code == "setup_slug_taken"


def test_a_contest_has_one_preliminary_and_one_final_and_clusters_only_in_the_preliminary():
    final = rules.RoundSpec(name="Vòng chung khảo", slug="chung-khao", kind="final")
    assert refused(rules.check_round, final, [("so-khao", "preliminary"), ("ck", "final")]).code == "round_kind_taken"
    cluster = rules.ClusterSpec(name="Cụm 1")
    assert refused(rules.check_cluster, cluster, "final", []).code == "cluster_needs_preliminary"
    assert refused(rules.check_cluster, cluster, "preliminary", ["cụm 1"]).code == "cluster_duplicate"


def test_a_prize_for_a_part_names_a_known_part():
    prize = rules.PrizeSpec(code="best_skit", name="Giải Tiểu phẩm xuất sắc", round_kind="final", kind="part",
                            count=1, part_code="tieu_pham")
    assert refused(rules.check_prize, prize, set(), {"skit"}).code == "prize_unknown_part"
    assert refused(rules.check_prize, replace(prize, part_code=None), set(), {"skit"}).code == "prize_needs_part"
    assert rules.check_prize(replace(prize, part_code="skit"), set(), {"skit"}).part_code == "skit"
    audience = rules.check_prize(replace(prize, kind="audience", code="audience"), set(), {"skit"})
    assert audience.part_code is None


NOW = datetime(2024, 7, 1, 3, 0, tzinfo=UTC).replace(tzinfo=None)


@pytest.mark.parametrize(("status", "is_open", "deadline", "code"), [
    ("invited", False, None, "registration_closed"),
    ("invited", True, NOW - timedelta(minutes=1), "registration_deadline_passed"),
    ("approved", True, NOW + timedelta(days=1), "registration_already_approved"),
], ids=["closed", "after-deadline", "already-approved"])
def test_a_unit_cannot_submit_outside_the_window(status, is_open, deadline, code):
    assert refused(reg.check_can_submit, status, is_open, deadline, NOW).code == code


def test_a_unit_may_submit_or_correct_before_the_deadline():
    for status in ("invited", "submitted", "returned"):
        reg.check_can_submit(status, True, NOW + timedelta(hours=1), NOW)


def test_opening_registration_needs_a_future_deadline_and_decisions_need_a_submission():
    assert refused(reg.check_window, True, None, NOW).code == "registration_needs_deadline"
    assert refused(reg.check_window, True, NOW, NOW).code == "registration_deadline_past"
    reg.check_window(False, None, NOW)
    assert refused(reg.check_decision, "invited", "approve").code == "registration_not_submitted"
    assert refused(reg.check_return_reason, "  ").code == "registration_reason_needed"
