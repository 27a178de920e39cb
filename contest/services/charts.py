"""Data for the pictures, read from the stored sheets and standings (drawing: ``documents.svg_charts``).

* the head judge's per-part charts of each judge against the panel (counted sheets only: the
  latest received or accepted version, as the matrix counts them);
* the standings as they moved team by team, for the public results page and for the screens once
  the ceremony is over. The screens ask for it through a public address, so ``movement_public``
  says when the full ranking of a stage is public already: results published, the board live,
  or the ceremony of that stage (or of the whole round) has sent its last step.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from contest.domain.charts import JudgePanelChart, Movement, judge_panel_chart, standings_movement
from contest.extensions import db
from contest.models import Contest, Entry, Part, Round
from contest.models.show_state import MODE_LIVE, MODE_REVEAL
from contest.services import ceremony, panel, standings


@dataclass(frozen=True)
class PartChart:
    part: Part
    chart: JudgePanelChart
    judges: dict[int, str]  # judge id -> code, in seat order
    teams: dict[int, str]  # entry id -> team name


def judge_charts(contest: Contest, rnd: Round, cluster_id: int | None) -> list[PartChart]:
    """One chart per judged part of a stage."""
    view = panel.build_view(contest, rnd, cluster_id)
    judges = {j.id: j.code for j in view.judges}
    teams = {e.id: e.team.name for e in view.entries}
    charts = []
    for part in view.parts:
        scores = {(judge, entry): sheet.total for (judge, entry, part_id), sheet in view.counted.items()
                  if part_id == part.id and judge in judges and entry in teams}
        charts.append(PartChart(part, judge_panel_chart(scores, list(judges), list(teams)), judges, teams))
    return charts


@dataclass(frozen=True)
class StageMovement:
    movement: Movement
    names: dict[int, str]  # team id -> name
    orders: dict[int, int | None]  # team id -> running order


def movement_of(rnd: Round, ranked: Iterable[tuple[int, int | None]]) -> StageMovement:
    """``ranked``: (team id, official rank or None) of one stage, e.g. a results scope's placings."""
    ranks = {team: rank for team, rank in ranked if rank is not None}
    entries = db.session.scalars(select(Entry).filter_by(round_id=rnd.id, withdrawn=False)
                                 .where(Entry.team_id.in_(list(ranks)))).all()
    orders = {e.team_id: e.running_order for e in entries}
    performed = sorted(orders, key=lambda team: (orders[team] is None, orders[team] or 0, team))
    return StageMovement(standings_movement(performed, ranks), {e.team_id: e.team.name for e in entries}, orders)


def public_movement(contest: Contest, rnd: Round, cluster_id: int | None) -> StageMovement | None:
    """The stage's movement when its full ranking is public already, else None.

    After a ceremony it is drawn from the ranks the ceremony revealed (what the hall saw), not
    from the standings of now, which a late correction may have changed.
    """
    state = ceremony.state_of(rnd.id)
    if contest.published or state.mode == MODE_LIVE:
        return stage_movement(rnd, cluster_id)
    plan = state.reveal_plan or {}
    steps = plan.get("steps") or []
    if state.mode != MODE_REVEAL or not steps or state.revealed_steps < len(steps) or plan.get("cluster") != cluster_id:
        return None
    return movement_of(rnd, [(row[0], row[2]) for step in steps if step["kind"] == "rank" for row in step["rows"]])


def stage_movement(rnd: Round, cluster_id: int | None) -> StageMovement:
    """From the standings: the cluster's ranking, or the round's when ``cluster_id`` is None."""
    board = standings.round_board(rnd)
    ranking = board.clusters.get(cluster_id) if cluster_id is not None else board.overall
    rows = [(row.team_id, row.rank) for row in ranking.rows] if ranking else []
    return movement_of(rnd, rows)
