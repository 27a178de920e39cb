"""Final results of a round, per cluster or overall, for papers, exports and the public page.

Totals and ranks come from the standings service (``standings.round_board``), prizes from
``finalists.round_prizes``; this module arranges them per scope (a cluster in a preliminary round,
the whole round otherwise), adds who went through to the next round, and the audit chain head
that lets a printout be checked against the database later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from sqlalchemy import select

from contest.documents.data import ChainHead
from contest.domain import ranking as rk
from contest.domain.names import sort_key
from contest.extensions import db
from contest.models import AuditEvent, Cluster, Contest, Judge, Round, User
from contest.models.show_state import Finalist
from contest.services import audit, finalists, standings, tie_decisions
from contest.services.lookup import scoped

RESERVE = "reserve"


@dataclass(frozen=True)
class Placing:
    """One team's line in a scope's standings (rank None: nothing scored yet)."""

    team_id: int
    team: str
    cluster_id: int | None
    rank: int | None
    parts: dict[str, Fraction | None]
    penalty: int
    total: Fraction | None
    pending: tuple[str, ...]
    prizes: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class PartPrizeResult:
    prize: str
    teams: tuple[str, ...]
    points: Fraction | None


@dataclass
class ScopeResult:
    """The standings of one cluster, or of a whole round when it has no clusters."""

    round: Round
    cluster: Cluster | None
    placings: list[Placing]
    part_prizes: list[PartPrizeResult] = field(default_factory=list)
    unresolved: tuple[tuple[str, ...], ...] = ()

    @property
    def complete(self) -> bool:
        return bool(self.placings) and all(p.rank is not None and not p.pending for p in self.placings)

    @property
    def title(self) -> str:
        return f"{self.round.name} — {self.cluster.name}" if self.cluster else self.round.name


def round_results(rnd: Round) -> list[ScopeResult]:
    """One result per cluster (in programme order), or one for the round when it has none."""
    board = standings.round_board(rnd)
    notes = _advancement_notes(rnd)
    prizes = finalists.round_prizes(rnd, board)
    asked = tie_decisions.to_decide(rnd, board)
    if rnd.clusters:
        return [_scope(board, rnd, c, board.clusters.get(c.id), prizes, notes, asked) for c in rnd.clusters]
    return [_scope(board, rnd, None, board.overall, prizes, notes, asked)]


def scope_result(rnd: Round, cluster_id: int | None) -> ScopeResult | None:
    for scope in round_results(rnd):
        if (scope.cluster.id if scope.cluster else None) == cluster_id:
            return scope
    return None


def _scope(board: standings.Board, rnd: Round, cluster: Cluster | None, ranking: rk.Ranking | None,
           prizes: list[dict[str, Any]], notes: dict[int, str], asked: tuple[tuple[int, ...], ...]) -> ScopeResult:
    """A cluster's (or the round's) placings with the prizes the standings service awarded.

    Rank tiers are the scope's own (cluster prizes); a round-wide prize (best part, audience
    favourite) is listed in the scope of its winners.
    """
    team_ids = [t for t, team in board.teams.items() if cluster is None or team.cluster_id == cluster.id]
    ranking = ranking or rk.rank([])
    awarded: dict[int, list[str]] = {t: [] for t in team_ids}
    part_prizes: list[PartPrizeResult] = []
    for prize in prizes:
        winners = [t for t in prize["teams"] if t in awarded]
        if prize["kind"] == "rank" and prize["cluster"] != (cluster.id if cluster else None):
            continue
        for team_id in winners:
            awarded[team_id].append(prize["name"])
        if prize["kind"] != "rank" and (winners or cluster is None):
            part_prizes.append(PartPrizeResult(prize["name"], tuple(board.teams[t].name for t in prize["teams"]),
                                               prize.get("points")))
    placings = [_placing(board, t, ranking, awarded[t], notes.get(t, "")) for t in team_ids]
    placings.sort(key=lambda p: (p.rank is None, p.rank or 0, _order_in(ranking, p.team_id), sort_key(p.team)))
    # Only ties the head judge must settle (a prize or advancement at stake); others share the place.
    unresolved = tuple(tuple(board.teams[t].name for t in group) for group in asked if set(group) <= set(team_ids))
    return ScopeResult(rnd, cluster, placings, part_prizes, unresolved)


def _order_in(ranking: rk.Ranking, team_id: int) -> int:
    ids = ranking.team_ids
    return ids.index(team_id) if team_id in ids else len(ids)


def _placing(board: standings.Board, team_id: int, ranking: rk.Ranking, prizes: list[str], note: str) -> Placing:
    team = board.teams[team_id]
    score = board.scores.get(team_id)
    ranked = team_id in ranking.entries
    # Part scores before penalties: the papers list penalties in their own column, total = parts - penalties.
    parts = {p.code: p.score for p in score.parts} if score else {}
    return Placing(
        team_id=team_id, team=team.name, cluster_id=team.cluster_id,
        rank=ranking.rank_of(team_id) if ranked else None, parts=parts,
        penalty=score.penalty_total if score else 0,
        total=score.total if score and ranked else None,
        pending=score.pending_parts if score else (), prizes=tuple(prizes), note=note,
    )


def _advancement_notes(rnd: Round) -> dict[int, str]:
    """"Vào vòng chung khảo" / "Dự bị 1" for teams the organizer sent on (Finalist rows)."""
    rows = db.session.scalars(select(Finalist).filter_by(from_round_id=rnd.id)).all()
    targets = {r.id: r.name for r in db.session.scalars(select(Round).filter_by(contest_id=rnd.contest_id))}
    notes = {}
    for row in rows:
        if row.reason == RESERVE or row.reserve_order is not None:
            notes[row.team_id] = f"Dự bị {row.reserve_order or ''}".strip()
        else:
            notes[row.team_id] = f"Vào {targets.get(row.to_round_id, 'vòng sau').lower()}"
    return notes


def set_published(contest: Contest, actor: User | str, published: bool) -> bool:
    """Show or hide the contest's results page (audited; the caller commits). True when it changed."""
    if contest.published == published:
        return False
    audit.record(actor, "contest.publish" if published else "contest.unpublish", f"contest:{contest.id}",
                 old={"published": contest.published}, new={"published": published}, contest_id=contest.id)
    contest.published = published
    return True


def publish(slug: str, actor: User | str, published: bool) -> bool:
    """``set_published`` on the contest row locked first (``FOR UPDATE``), so two organizers clicking
    at once cannot both record the same change. The caller commits. True when it changed."""
    return set_published(scoped(Contest, slug, lock=True), actor, published)


def judge_panels(rnd: Round) -> dict[int | None, list[Judge]]:
    """The round's judges by cluster id (None: judges of the whole round), by code."""
    grouped: dict[int | None, list[Judge]] = {}
    for judge in db.session.scalars(select(Judge).filter_by(round_id=rnd.id).order_by(Judge.code)):
        grouped.setdefault(judge.cluster_id, []).append(judge)
    return grouped


def chain_head() -> ChainHead | None:
    """The newest audit event: printed on every paper so it can be checked later."""
    event = db.session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
    return ChainHead(event.id, event.hash, event.at) if event else None
