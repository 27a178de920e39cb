"""Advancement to the next round, applied in one step, and the prizes of a round.

The organizer previews who goes through (top k per cluster, the best runners-up, named reserves)
and applies it once: the next round's entries are created in the same transaction as the record
of who advanced and why. A tie at a cut is never settled here: the head judge records a decision
first. The acting user is a parameter; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from contest.domain import advancement as adv
from contest.domain import prizes
from contest.domain.errors import DomainError
from contest.extensions import db
from contest.models import Contest, Entry, PrizeTier, Round, User
from contest.models.show_state import Finalist
from contest.services import audit, ceremony
from contest.services.standings import Board, round_board


@dataclass
class Preview:
    board: Board
    result: adv.Advancement
    target: Round | None
    applied: list[Finalist]


def next_round(rnd: Round) -> Round | None:
    later = [r for r in rnd.contest.rounds if r.position > rnd.position]
    return min(later, key=lambda r: r.position) if later else None


def rule_of(contest: Contest) -> adv.AdvancementRule:
    return adv.AdvancementRule(contest.advance_per_cluster, contest.advance_best_runners_up, contest.advance_reserves)


def preview(rnd: Round) -> Preview:
    board = round_board(rnd)
    result = advancement_of(rnd, board)
    applied = list(db.session.scalars(select(Finalist).filter_by(from_round_id=rnd.id)
                                      .order_by(Finalist.reserve_order.is_not(None), Finalist.reserve_order,
                                                Finalist.place)))
    return Preview(board, result, next_round(rnd), applied)


def advancement_of(rnd: Round, board: Board) -> adv.Advancement:
    """Who goes through from ``rnd`` by the contest's rule (computed whether or not a round follows)."""
    clusters = [c.id for c in rnd.clusters]
    if clusters:
        entries = list(board.overall.entries.values())
        return adv.advance(entries, rule_of(rnd.contest), board.overall.tie_break, clusters)
    # A round without clusters: the best per_cluster + best_runners_up overall.
    return _without_clusters(board, rule_of(rnd.contest))


def _without_clusters(board: Board, rule: adv.AdvancementRule) -> adv.Advancement:
    entries = [adv.Entry(e.team_id, e.total, e.parts, 0) for e in board.overall.entries.values()]
    return adv.advance(entries, rule, board.overall.tie_break, [0])


def apply(actor: User, rnd: Round) -> list[Finalist]:
    """Create the next round's entries for the advancing teams and record the reserves."""
    found = preview(rnd)
    if found.target is None:
        raise DomainError("advancement_no_next_round", "There is no later round.")
    if not found.board.complete:
        raise DomainError("advancement_incomplete", "Some scores are still missing.")
    if not found.result.complete:
        raise DomainError("advancement_tie", "Teams are tied at a cut: record a head-judge decision first.")
    if found.applied or db.session.scalar(select(Entry.id).filter_by(round_id=found.target.id).limit(1)):
        raise DomainError("advancement_already", "The next round already has its teams.")
    rows = []
    for advancer in found.result.advancing:
        db.session.add(Entry(round_id=found.target.id, team_id=advancer.team_id))
        rows.append(_finalist(actor, rnd, found.target, advancer, None))
    for order, reserve in enumerate(found.result.reserves, start=1):
        rows.append(_finalist(actor, rnd, found.target, reserve, order))
    db.session.add_all(rows)
    audit.record(actor, "advancement.apply", f"round:{rnd.id}", contest_id=rnd.contest_id,
                 new={"to_round": found.target.id, "teams": [a.team_id for a in found.result.advancing],
                      "reserves": [r.team_id for r in found.result.reserves]})
    return rows


def _finalist(actor: User, rnd: Round, target: Round, advancer: adv.Advancer, order: int | None) -> Finalist:
    return Finalist(from_round_id=rnd.id, to_round_id=target.id, team_id=advancer.team_id, reason=advancer.reason,
                    cluster_id=advancer.cluster or None, place=advancer.place, reserve_order=order,
                    applied_by=audit.actor_label(actor))


def round_prizes(rnd: Round, board: Board | None = None) -> list[dict[str, Any]]:
    """Prizes of a round: rank tiers (per cluster in a preliminary), part prizes, audience favourite."""
    board = board or round_board(rnd)
    tiers = list(db.session.scalars(select(PrizeTier).filter_by(contest_id=rnd.contest_id, round_kind=rnd.kind)
                                    .order_by(PrizeTier.position)))
    rank_tiers = [prizes.PrizeTier(t.code, t.count) for t in tiers if t.kind == "rank"]
    names = {t.code: t.name for t in tiers}
    groups = [(c.id, board.clusters.get(c.id)) for c in rnd.clusters] or [(None, board.overall)]
    found = []
    for cluster_id, ranking in groups:
        if ranking is None:
            continue
        for award in prizes.award_tiers(ranking, rank_tiers):
            found.append({"kind": "rank", "tier": award.tier, "name": names[award.tier], "cluster": cluster_id,
                          "teams": [award.team_id], "rank": award.rank})
    entries = list(board.overall.entries.values())
    for tier in tiers:
        if tier.kind == "part":
            award = prizes.award_part_prize(prizes.PartPrize(tier.code, tier.part_code or ""), entries)
            found.append({"kind": "part", "tier": tier.code, "name": tier.name, "cluster": None,
                          "teams": list(award.team_ids), "points": award.centipoints})
        elif tier.kind == "audience":
            votes = ceremony.vote_counts(rnd, set(board.teams), board)
            award = prizes.audience_favourite(votes)
            found.append({"kind": "audience", "tier": tier.code, "name": tier.name, "cluster": None,
                          "teams": list(award.team_ids), "votes": award.votes})
    return found
