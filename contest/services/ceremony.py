"""What the public sees of a round: live, hidden, frozen, or the ceremony's reveal, step by step.

The organizer freezes the public board (it keeps showing the board as it was), and at the ceremony
reveals the final standings from last place to first, prize tier by prize tier. The steps are fixed
when the reveal is prepared, so what the organizer previews is exactly what goes out next.
Every operation takes the acting user and leaves an audit event; the caller commits.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from sqlalchemy import select

from contest.domain import prizes
from contest.domain.errors import DomainError
from contest.domain.ranking import Ranking
from contest.extensions import db
from contest.models import PrizeTier, Round, User
from contest.models.base import utcnow
from contest.models.judging import StageState
from contest.models.show_state import (
    MODE_FROZEN,
    MODE_HIDDEN,
    MODE_LIVE,
    MODE_REVEAL,
    BoardState,
)
from contest.services import audience, audit, show_settings
from contest.services import standings_payload as payload
from contest.services.standings import Board, round_board

BY_TEAM = "team"
BY_TIER = "tier"


def state_of(round_id: int) -> BoardState:
    """The round's board state (a default live one when the organizer never touched it)."""
    return db.session.get(BoardState, round_id) or BoardState(round_id=round_id, mode=MODE_LIVE, revealed_steps=0)


def _stored_state(actor: User, rnd: Round) -> BoardState:
    state = db.session.get(BoardState, rnd.id)
    if state is None:
        state = BoardState(round_id=rnd.id, mode=MODE_LIVE, revealed_steps=0)
        db.session.add(state)
    state.updated_at = utcnow()
    state.updated_by = audit.actor_label(actor)
    return state


def set_mode(actor: User, rnd: Round, mode: str) -> BoardState:
    """Go live, hide scores, or freeze the public board as the public sees it now."""
    if mode not in (MODE_LIVE, MODE_HIDDEN, MODE_FROZEN):
        raise DomainError("show_bad_mode", "Unknown board mode.", mode=mode)
    state = _stored_state(actor, rnd)
    old = state.mode
    if mode == old:
        return state
    if mode == MODE_FROZEN:
        board = round_board(rnd)
        # Freezing a hidden board keeps it hidden: nothing the public has not seen is captured.
        state.frozen_board = frozen_capture(board) if old == MODE_LIVE else {"rows": _empty_rows(), "card": None}
        state.frozen_at = utcnow()
    state.mode = mode
    state.reveal_plan = None
    state.revealed_steps = 0
    audit.record(actor, "board.mode", f"round:{rnd.id}", old={"mode": old}, new={"mode": mode},
                 contest_id=rnd.contest_id)
    return state


def frozen_capture(board: Board) -> dict[str, Any]:
    last = board.last_team_id
    return {"rows": payload.ranking_rows(board.overall, board),
            "card": payload.card_doc(board, last) if last is not None else None}


def _empty_rows() -> dict[str, Any]:
    return {"i": [], "t": [], "k": {}, "c": {}}


def prepare_reveal(actor: User, rnd: Round, cluster_id: int | None = None, by: str = BY_TEAM) -> BoardState:
    """Fix the ceremony's steps from the complete standings; the public board shows nothing new yet.

    A cluster's ranking needs only its own teams complete; the round's overall ranking needs every
    team. The ceremony clears the stage it is about: no team stays "on stage" through the reveal.
    """
    board = round_board(rnd)
    ranking = _ranking_for(board, cluster_id)
    if not board.complete_in(cluster_id):
        raise DomainError("reveal_incomplete", "Some scores are still missing.")
    steps = special_steps(rnd, board, ranking, cluster_id) + rank_steps(rnd, ranking, by)
    _clear_stages(actor, rnd, cluster_id)
    state = _stored_state(actor, rnd)
    state.mode = MODE_REVEAL
    state.reveal_plan = {"cluster": cluster_id, "by": by, "steps": steps}
    state.revealed_steps = 0
    audit.record(actor, "board.reveal_prepared", f"round:{rnd.id}", contest_id=rnd.contest_id,
                 new={"cluster": cluster_id, "by": by, "steps": len(steps)})
    return state


def _clear_stages(actor: User, rnd: Round, cluster_id: int | None) -> None:
    """Nobody on the ceremony's stage (every stage of the round for the overall ranking)."""
    query = select(StageState).filter_by(round_id=rnd.id)
    if cluster_id is not None:
        query = query.filter_by(cluster_id=cluster_id)
    for stage in db.session.scalars(query):
        if stage.timer_running:
            # The running timer measures a team still performing: its time would be lost.
            raise DomainError("timer_running", "Stop the timer first.")
        if stage.entry_id is None and stage.timer_started_at is None:
            continue
        old = {"entry_id": stage.entry_id, "part_id": stage.part_id}
        stage.entry_id = stage.part_id = stage.timer_entry_id = stage.timer_part_id = None
        stage.timer_started_at = stage.timer_stopped_at = None
        stage.updated_at = utcnow()
        stage.updated_by = audit.actor_label(actor)
        audit.record(actor, "stage.cleared", f"stage:{stage.scope}", contest_id=rnd.contest_id, old=old,
                     new={"entry_id": None, "reason": "ceremony"})


def reveal_next(actor: User, rnd: Round) -> dict[str, Any]:
    """Send the previewed step to every screen; returns it."""
    state = _stored_state(actor, rnd)
    if state.mode != MODE_REVEAL or not state.reveal_plan:
        raise DomainError("reveal_not_prepared", "Prepare the reveal first.")
    steps = state.reveal_plan["steps"]
    if state.revealed_steps >= len(steps):
        raise DomainError("reveal_finished", "Every step has been revealed.")
    step = steps[state.revealed_steps]
    state.revealed_steps += 1
    audit.record(actor, "board.reveal_step", f"round:{rnd.id}", contest_id=rnd.contest_id,
                 new={"step": state.revealed_steps, **step})
    return step


def _ranking_for(board: Board, cluster_id: int | None) -> Ranking:
    if cluster_id is None:
        return board.overall
    if cluster_id not in board.clusters:
        raise DomainError("reveal_unknown_cluster", "Unknown cluster.", cluster=cluster_id)
    return board.clusters[cluster_id]


def _tiers(rnd: Round, kind: str) -> list[PrizeTier]:
    return list(db.session.scalars(select(PrizeTier).filter_by(contest_id=rnd.contest_id, round_kind=rnd.kind,
                                                               kind=kind).order_by(PrizeTier.position)))


def rank_steps(rnd: Round, ranking: Ranking, by: str = BY_TEAM) -> list[dict[str, Any]]:
    """Rank groups from last place to first, each with its prize tier (None beyond the last tier)."""
    tiers = _tiers(rnd, "rank")
    awards = prizes.award_tiers(ranking, [prizes.PrizeTier(t.code, t.count) for t in tiers])
    tier_of = {a.team_id: a.tier for a in awards}
    groups = []
    for rank_, rows in groupby(ranking.rows, key=lambda r: r.rank):
        rows = list(rows)
        groups.append({"kind": "rank", "tier": tier_of.get(rows[0].team_id), "rank": rank_,
                       "rows": [[r.team_id, payload.centi(r.total), r.rank] for r in rows]})
    groups.reverse()
    if by != BY_TIER:
        return groups
    merged: list[dict[str, Any]] = []
    for tier, same in groupby(groups, key=lambda g: g["tier"]):
        same = list(same)
        # Within one step the teams are listed best first, as the tier is read out.
        merged.append({"kind": "rank", "tier": tier, "rank": same[-1]["rank"],
                       "rows": [row for g in reversed(same) for row in g["rows"]]})
    return merged


def special_steps(rnd: Round, board: Board, ranking: Ranking, cluster_id: int | None) -> list[dict[str, Any]]:
    """Part prizes and the audience favourite, announced before the ranked prizes."""
    entries = list(ranking.entries.values())
    steps = []
    for tier in _tiers(rnd, "part"):
        award = prizes.award_part_prize(prizes.PartPrize(tier.code, tier.part_code or ""), entries)
        if award.team_ids:
            steps.append({"kind": "part", "tier": tier.code, "teams": list(award.team_ids)})
    for tier in _tiers(rnd, "audience"):
        award = prizes.audience_favourite(vote_counts(rnd, {e.team_id for e in entries}, board))
        if award.team_ids:
            steps.append({"kind": "audience", "tier": tier.code, "teams": list(award.team_ids), "votes": award.votes})
    return steps


def vote_counts(rnd: Round, team_ids: set[int], board: Board) -> dict[int, int]:
    """Audience votes per team of this round (votes are counted apart from the judges' scores)."""
    entry_to_team = {t.entry_id: t.team_id for t in board.teams.values()}
    mode = show_settings.settings_of(rnd.contest_id).vote_mode
    counts = {team: 0 for team in team_ids}
    for entry_id, count in audience.entry_counts(rnd.id, mode).items():
        team = entry_to_team.get(entry_id)
        if team in counts:
            counts[team] = count
    return counts


def public_rows(board: Board, state: BoardState) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The rows and card the public may see in the current mode (never anything hidden)."""
    if state.mode == MODE_LIVE:
        last = board.last_team_id
        return payload.ranking_rows(board.overall, board), (payload.card_doc(board, last) if last else None)
    if state.mode == MODE_FROZEN and state.frozen_board:
        return dict(state.frozen_board["rows"]), state.frozen_board.get("card")
    if state.mode == MODE_REVEAL and state.reveal_plan:
        return revealed_rows(state), None
    return _empty_rows(), None


def revealed_rows(state: BoardState) -> dict[str, Any]:
    """Revealed ranked rows best first with explicit ranks and tiers, the special awards, the last step."""
    steps = state.reveal_plan["steps"][: state.revealed_steps]
    ranked = sorted((row for s in steps if s["kind"] == "rank" for row in s["rows"]), key=lambda r: (r[2], r[0]))
    tier_of = {row[0]: s["tier"] for s in steps if s["kind"] == "rank" for row in s["rows"] if s["tier"]}
    specials = [[s["kind"], s["tier"], s["teams"]] for s in steps if s["kind"] != "rank"]
    last = steps[-1] if steps else None
    return {
        "i": [r[0] for r in ranked], "t": [r[1] for r in ranked], "k": {str(r[0]): r[2] for r in ranked}, "c": {},
        "z": {str(team): tier for team, tier in tier_of.items()}, "x": specials, "rs": len(steps),
        "rc": state.reveal_plan.get("cluster") or 0,
        "ls": _last_step(last),
    }


def _last_step(step: dict[str, Any] | None) -> list[Any] | None:
    if step is None:
        return None
    teams = [row[0] for row in step["rows"]] if step["kind"] == "rank" else step["teams"]
    return [step["kind"], step["tier"], teams]


def preview(state: BoardState) -> dict[str, Any] | None:
    """For the organizer: the next step, the number of steps, and how many went out."""
    if state.mode != MODE_REVEAL or not state.reveal_plan:
        return None
    steps = state.reveal_plan["steps"]
    nxt = steps[state.revealed_steps] if state.revealed_steps < len(steps) else None
    return {"steps": len(steps), "revealed": state.revealed_steps, "next": nxt,
            "cluster": state.reveal_plan.get("cluster"), "by": state.reveal_plan.get("by")}


def plan_stale(state: BoardState, board: Board) -> bool:
    """True when a score changed after the reveal was prepared (the plan no longer matches)."""
    if not state.reveal_plan:
        return False
    cluster = state.reveal_plan.get("cluster")
    ranking = board.overall if cluster is None else board.clusters.get(cluster)
    if ranking is None:
        return True
    live = {(r.team_id, payload.centi(r.total), r.rank) for r in ranking.rows}
    planned = {tuple(row) for s in state.reveal_plan["steps"] if s["kind"] == "rank" for row in s["rows"]}
    return live != planned
