"""Who sees and changes which contest: the rules of organizing bodies, on plain data."""

from contest.domain.access import Access, access_to, may_act_as

CITY, DISTRICT, WARD, OTHER_DISTRICT = 1, 2, 3, 4
WARD_CONTEST = [WARD, DISTRICT, CITY]


def test_staff_of_the_contests_body_change_it_whatever_their_role():
    assert access_to({WARD: {"secretary"}}, WARD_CONTEST) is Access.CHANGE
    assert access_to({WARD: {"organizer"}}, WARD_CONTEST) is Access.CHANGE


def test_organizers_of_any_ancestor_only_look():
    assert access_to({DISTRICT: {"organizer"}}, WARD_CONTEST) is Access.READ
    assert access_to({CITY: {"organizer"}}, WARD_CONTEST) is Access.READ


def test_a_head_judge_of_the_parent_body_sees_nothing_of_a_child_contest():
    assert access_to({DISTRICT: {"head_judge"}}, WARD_CONTEST) is Access.NONE


def test_staff_of_an_unrelated_or_child_body_see_nothing():
    assert access_to({OTHER_DISTRICT: {"organizer"}}, WARD_CONTEST) is Access.NONE
    assert access_to({WARD: {"organizer"}}, [DISTRICT, CITY]) is Access.NONE


def test_the_administrator_looks_at_everything_and_changes_nothing_without_a_role():
    assert access_to({}, WARD_CONTEST, is_admin=True) is Access.READ
    assert access_to({WARD: {"organizer"}}, WARD_CONTEST, is_admin=True) is Access.CHANGE


def test_access_levels_are_ordered():
    assert Access.CHANGE >= Access.READ >= Access.NONE
    assert not Access.READ >= Access.CHANGE


def test_roles_allow_pages_meant_for_them_and_organizers_everything():
    assert may_act_as(frozenset({"organizer"}), ["secretary"])
    assert may_act_as(frozenset({"secretary"}), ["secretary", "head_judge"])
    assert not may_act_as(frozenset({"secretary"}), ["head_judge"])
    assert not may_act_as(frozenset(), [])
