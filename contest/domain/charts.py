"""What the pictures show, from plain numbers: no drawing, no database.

* ``judge_panel_chart``: for one part, each team's spread of judges' scores and how each judge
  leans against the rest of the panel. A judge's lean on a team is their score minus the mean of
  the *other* judges who scored it (with the judge's own score in the mean, a high scorer would
  pull the reference up and look less high on a panel of five); their lean overall is the mean
  of those over the teams they scored with at least one other judge.
* ``standings_movement``: the rank each team held after each performance, in running order.
  It is read from the final ranking: after k performances, a team's rank is one plus the number
  of teams already performed that the final ranking puts strictly above it. So the last column is
  the official ranking (tie-breaks and shared places included), and a team's rank only ever
  drops as better teams perform after it.

Points are integer centipoints; means are exact fractions.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class TeamSpread:
    team_id: int
    scores: tuple[tuple[int, int], ...]  # (judge id, points), in the panel's judge order
    low: int
    high: int
    mean: Fraction


@dataclass(frozen=True)
class JudgeLean:
    judge_id: int
    lean: Fraction | None  # None: never scored a team alongside another judge
    teams: int  # teams that lean is the mean over


@dataclass(frozen=True)
class JudgePanelChart:
    teams: tuple[TeamSpread, ...]  # teams with at least one score, in the order given
    judges: tuple[JudgeLean, ...]  # every judge given, in that order

    @property
    def low(self) -> int | None:
        return min((t.low for t in self.teams), default=None)

    @property
    def high(self) -> int | None:
        return max((t.high for t in self.teams), default=None)


def judge_panel_chart(scores: Mapping[tuple[int, int], int], judges: Sequence[int],
                      teams: Sequence[int]) -> JudgePanelChart:
    """``scores``: (judge id, team id) -> counted points for one part."""
    spreads = []
    leans: dict[int, list[Fraction]] = {judge: [] for judge in judges}
    for team in teams:
        row = tuple((judge, scores[judge, team]) for judge in judges if (judge, team) in scores)
        if not row:
            continue
        values = [points for _judge, points in row]
        total = sum(values)
        spreads.append(TeamSpread(team, row, min(values), max(values), Fraction(total, len(values))))
        if len(row) < 2:
            continue
        for judge, points in row:
            leans[judge].append(points - Fraction(total - points, len(row) - 1))
    return JudgePanelChart(tuple(spreads), tuple(
        JudgeLean(judge, sum(leans[judge], Fraction(0)) / len(leans[judge]) if leans[judge] else None,
                  len(leans[judge]))
        for judge in judges))


@dataclass(frozen=True)
class Movement:
    order: tuple[int, ...]  # the ranked teams in performance order
    ranks: dict[int, tuple[int | None, ...]]  # team -> rank after each performance (None: not on yet)

    @property
    def final(self) -> dict[int, int | None]:
        return {team: ranks[-1] for team, ranks in self.ranks.items()}


def standings_movement(performances: Sequence[int], final_rank: Mapping[int, int]) -> Movement:
    """``performances``: team ids in running order; ``final_rank``: the official rank of each ranked
    team. Teams without a rank (nothing scored) are left out."""
    order = tuple(team for team in performances if team in final_rank)
    ranks: dict[int, list[int | None]] = {team: [] for team in order}
    for step in range(1, len(order) + 1):
        performed = order[:step]
        for index, team in enumerate(order):
            if index >= step:
                ranks[team].append(None)
                continue
            above = sum(1 for other in performed if final_rank[other] < final_rank[team])
            ranks[team].append(above + 1)
    return Movement(order, {team: tuple(values) for team, values in ranks.items()})
