"""A tie is put to the head judge only when a prize or advancement cut falls inside it."""

from fractions import Fraction

import pytest

from contest.domain.ranking import Entry, rank
from contest.domain.ties import cut_places, deciding


def _ranking(*totals: int):
    """Teams 1, 2, ... with these totals (equal totals stay tied: no tie-break part)."""
    return rank(Entry(team, Fraction(total)) for team, total in enumerate(totals, start=1))


def test_cuts_are_the_running_totals_of_the_tiers_and_the_advancement_counts():
    assert cut_places([1, 2, 3]) == {1, 3, 6}
    assert cut_places([1, 1, 1], advancing=[1, 0]) == {1, 2, 3}
    assert cut_places([0, 2], advancing=[6]) == {2, 6}


@pytest.mark.parametrize(("totals", "cuts", "asked"), [
    ((90, 80, 80, 70), {1, 3, 6}, ()),                  # places 2-3 share the 2nd prize: nothing to decide
    ((90, 80, 80, 70), {1, 2, 3}, ((2, 3),)),           # one 2nd prize, two teams: the head judge decides
    ((90, 90, 80), {1}, ((1, 2),)),                      # the first place
    ((90, 80, 70, 60, 60, 50), {1, 3}, ()),              # places 4-5 decide nothing
    ((90, 80, 70, 60, 60, 50), {1, 3, 4}, ((4, 5),)),    # the last advancing place
    ((90, 80, 80, 80, 70), {2}, ((2, 3, 4),)),           # the cut falls at the first of the tied places
    ((90, 80, 80, 80, 70), {4}, ()),                     # ... or after the last: all are on one side
], ids=["same-tier", "tier-cut", "first-place", "mid-table", "advancement-cut", "cut-at-first", "cut-after-last"])
def test_only_a_tie_across_a_cut_is_asked(totals, cuts, asked):
    assert deciding(_ranking(*totals), cuts) == asked


def test_no_cut_means_no_question():
    ranking = _ranking(70, 70, 70)
    assert ranking.unresolved == ((1, 2, 3),)
    assert deciding(ranking, frozenset()) == ()
