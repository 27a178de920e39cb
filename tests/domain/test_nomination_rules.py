"""The rules of sending teams up: who may be nominated, how many, until when, which step follows which."""

from datetime import datetime, timedelta

import pytest

from contest.domain import nominations as rules
from contest.domain.errors import DomainError
from contest.domain.nominations import Candidate

NOW = datetime(2024, 9, 10, 8, 0)


def _code(call, *args) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as refused:
        call(*args)
    return refused.value.code


@pytest.mark.parametrize(("status", "action", "after"), [
    pytest.param("draft", "submit", "submitted", id="draft-submits"),
    pytest.param("returned", "submit", "submitted", id="returned-resubmits"),
    pytest.param("draft", "edit", "draft", id="draft-edits"),
    pytest.param("returned", "edit", "returned", id="returned-edits"),
    pytest.param("submitted", "approve", "approved", id="parent-approves"),
    pytest.param("submitted", "return", "returned", id="parent-returns"),
    pytest.param("submitted", "withdraw", "withdrawn", id="child-withdraws-submitted"),
    pytest.param("draft", "withdraw", "withdrawn", id="child-withdraws-draft"),
])
def test_allowed_steps(status: str, action: str, after: str) -> None:
    assert rules.next_state(status, action) == after


@pytest.mark.parametrize(("status", "action", "code"), [
    pytest.param("submitted", "edit", "nomination_waiting", id="submitted-is-frozen-until-decided"),
    pytest.param("approved", "withdraw", "nomination_already_approved", id="approved-stays"),
    pytest.param("approved", "edit", "nomination_already_approved", id="approved-not-edited"),
    pytest.param("draft", "approve", "nomination_not_submitted", id="draft-not-decided"),
    pytest.param("returned", "return", "nomination_not_submitted", id="returned-twice"),
    pytest.param("withdrawn", "submit", "nomination_withdrawn", id="withdrawn-is-final"),
])
def test_refused_steps(status: str, action: str, code: str) -> None:
    assert _code(rules.next_state, status, action) == code


def test_the_deadline_is_compared_with_the_clock_given() -> None:
    deadline = NOW + timedelta(hours=1)
    rules.check_window(True, deadline, NOW)
    rules.check_window(True, deadline, deadline)
    assert _code(rules.check_window, True, deadline, deadline + timedelta(seconds=1)) == "nomination_deadline_passed"
    assert _code(rules.check_window, False, deadline, NOW) == "nomination_call_closed"


def test_opening_a_call_needs_a_deadline_ahead() -> None:
    rules.check_open_call(False, None, NOW)
    rules.check_open_call(True, NOW + timedelta(days=3), NOW)
    assert _code(rules.check_open_call, True, None, NOW) == "nomination_needs_deadline"
    assert _code(rules.check_open_call, True, NOW, NOW) == "nomination_deadline_past"


def test_quota() -> None:
    rules.check_quota(0, 1)
    rules.check_quota(1, 2)
    assert _code(rules.check_quota, 1, 1) == "nomination_quota_full"
    assert _code(rules.check_quota, 0, 0) == "nomination_quota_full"
    assert rules.check_quota_value(2) == 2
    assert _code(rules.check_quota_value, 21) == "setup_out_of_range"
    assert _code(rules.check_quota_value, -1) == "setup_out_of_range"


def test_a_child_nominates_prize_winners_or_advancing_teams_of_published_results_once() -> None:
    winner = Candidate(1, "Phường Phú Thượng", 1, ("Giải Nhất",))
    advancing = Candidate(2, "Phường Nhật Tân", 2, (), advancing=True)
    nobody = Candidate(3, "Phường Bưởi", 5)
    assert rules.check_nominee(True, winner, False) is winner
    assert rules.check_nominee(True, advancing, False) is advancing
    assert _code(rules.check_nominee, False, winner, False) == "nomination_results_unpublished"
    assert _code(rules.check_nominee, True, nobody, False) == "nomination_not_eligible"
    assert _code(rules.check_nominee, True, None, False) == "nomination_not_eligible"
    assert _code(rules.check_nominee, True, winner, True) == "nomination_team_taken"


def test_best_first_orders_eligible_teams_by_rank() -> None:
    found = rules.best_first([Candidate(3, "C", 3, ("Giải Ba",)), Candidate(9, "X", 4),
                              Candidate(1, "A", 1, ("Giải Nhất",)), Candidate(7, "Z", None, ("Khán giả",))])
    assert [c.team_id for c in found] == [1, 3, 7]


def test_return_reason_is_required() -> None:
    assert rules.check_return_reason("  Thiếu danh sách dự bị ") == "Thiếu danh sách dự bị"
    assert _code(rules.check_return_reason, "  ") == "nomination_reason_needed"


def test_a_second_team_of_the_same_unit_is_named_after_its_own_team() -> None:
    assert rules.parent_team_name("Quận Tây Hồ", "Phường Nhật Tân", False) == "Quận Tây Hồ"
    assert rules.parent_team_name("Quận Tây Hồ", "Phường Nhật Tân", True) == "Quận Tây Hồ (Phường Nhật Tân)"


@pytest.mark.parametrize(("body", "unit"), [
    pytest.param("Ban Dân vận Quận ủy Tây Hồ", "Quận Tây Hồ", id="district"),
    pytest.param("Ban Dân vận Huyện ủy Đông Anh", "Huyện Đông Anh", id="rural-district"),
    pytest.param("Ban Dân vận Thị ủy Sơn Tây", "Thị xã Sơn Tây", id="town"),
    pytest.param("Ban Tuyên giáo và Dân vận Đảng ủy Công an Thành phố Hà Nội", "Công an Thành phố Hà Nội",
                 id="city-unit-since-2025"),
    pytest.param("Quận Tây Hồ", "Quận Tây Hồ", id="already-a-unit"),
    pytest.param("Ban Tổ chức", "Ban Tổ chức", id="other-name-kept"),
])
def test_the_unit_a_body_sends_up_is_named_after_its_locality(body: str, unit: str) -> None:
    assert rules.unit_of_body(body) == unit
