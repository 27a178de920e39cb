"""Final results of a round, per cluster or overall, for papers, exports and the public page.

Totals and ranks come from the standings service (``standings.round_board``); this module adds
what the papers print beside them: the prizes of each scope (cluster prizes in a preliminary
round, the contest prizes in the final), who went through to the next round, and the audit
chain head that lets a printout be checked against the database later.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from sqlalchemy import func, select

from contest.documents.data import ChainHead
from contest.domain import prizes as pz
from contest.domain import ranking as rk
from contest.domain.names import sort_key
from contest.extensions import db
from contest.models import AuditEvent, Cluster, Contest, Round
from contest.models.show_state import AudienceVote, Finalist
from contest.services import standings

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
    contest = db.session.get(Contest, rnd.contest_id)
    board = standings.round_board(rnd)
    notes = _advancement_notes(rnd)
    votes = _votes(rnd, board)
    tiers = [t for t in contest.prize_tiers if t.round_kind == rnd.kind]
    if rnd.clusters:
        return [_scope(board, rnd, c, board.clusters.get(c.id), tiers, notes, votes) for c in rnd.clusters]
    return [_scope(board, rnd, None, board.overall, tiers, notes, votes)]


def scope_result(rnd: Round, cluster_id: int | None) -> ScopeResult | None:
    for scope in round_results(rnd):
        if (scope.cluster.id if scope.cluster else None) == cluster_id:
            return scope
    return None


def _scope(board: standings.Board, rnd: Round, cluster: Cluster | None, ranking: rk.Ranking | None,
           tiers: list, notes: dict[int, str], votes: dict[int, int]) -> ScopeResult:
    team_ids = [t for t, team in board.teams.items() if cluster is None or team.cluster_id == cluster.id]
    ranking = ranking or rk.rank([])
    awarded: dict[int, list[str]] = {t: [] for t in team_ids}
    part_prizes: list[PartPrizeResult] = []
    for tier_group in _rank_tier_groups(tiers):
        for award in pz.award_tiers(ranking, tier_group):
            awarded[award.team_id].append(award.tier)
    names = {t: board.teams[t].name for t in team_ids}
    for tier in tiers:
        if tier.kind == "part" and tier.part_code:
            won = pz.award_part_prize(pz.PartPrize(tier.name, tier.part_code), ranking.entries.values())
        elif tier.kind == "audience":
            fav = pz.audience_favourite({t: votes.get(t, 0) for t in team_ids})
            won = pz.PartAward(tier.name, "", fav.team_ids, None)
        else:
            continue
        for team_id in won.team_ids:
            awarded[team_id].append(tier.name)
        part_prizes.append(PartPrizeResult(tier.name, tuple(names[t] for t in won.team_ids), won.centipoints))
    placings = [_placing(board, t, ranking, awarded[t], notes.get(t, "")) for t in team_ids]
    placings.sort(key=lambda p: (p.rank is None, p.rank or 0, _order_in(ranking, p.team_id), sort_key(p.team)))
    unresolved = tuple(tuple(names[t] for t in group) for group in ranking.unresolved)
    return ScopeResult(rnd, cluster, placings, part_prizes, unresolved)


def _rank_tier_groups(tiers: list) -> list[list[pz.PrizeTier]]:
    """Rank tiers in their configured order form one positional ladder."""
    ladder = [pz.PrizeTier(t.name, t.count) for t in tiers if t.kind == "rank"]
    return [ladder] if ladder else []


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


def _votes(rnd: Round, board: standings.Board) -> dict[int, int]:
    by_entry = {team.entry_id: tid for tid, team in board.teams.items()}
    counts: Counter[int] = Counter()
    rows = db.session.execute(select(AudienceVote.entry_id, func.count()).filter_by(round_id=rnd.id)
                              .group_by(AudienceVote.entry_id))
    for entry_id, count in rows:
        if entry_id in by_entry:
            counts[by_entry[entry_id]] += count
    return dict(counts)


def chain_head() -> ChainHead | None:
    """The newest audit event: printed on every paper so it can be checked later."""
    event = db.session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
    return ChainHead(event.id, event.hash, event.at) if event else None
