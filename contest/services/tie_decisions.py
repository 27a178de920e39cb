"""Head-judge decisions for teams still tied after the tie-break parts (recorded, audited), and
which ties need one: only those deciding a prize or who goes through (``domain.ties``)."""

from __future__ import annotations

from sqlalchemy import select

from contest.domain import ties
from contest.domain.errors import DomainError
from contest.extensions import db
from contest.models import Entry, PrizeTier, Round, User
from contest.models.show_state import TieDecision
from contest.services import audit, finalists
from contest.services.lookup import scoped
from contest.services.standings import Board


def record(actor: User, rnd: Round, team_ids: list[int], note: str = "") -> TieDecision:
    """Order ``team_ids`` (best first); they must be distinct teams of the round. The caller commits."""
    if len(team_ids) < 2 or len(set(team_ids)) != len(team_ids):
        raise DomainError("tie_bad_order", "List at least two different teams.")
    known = set(db.session.scalars(select(Entry.team_id).where(Entry.round_id == rnd.id, Entry.team_id.in_(team_ids))))
    if known != set(team_ids):
        raise DomainError("tie_unknown_team", "A team is not in this round.")
    decision = TieDecision(round_id=rnd.id, team_ids=list(team_ids), note=note.strip(),
                           recorded_by=audit.actor_label(actor))
    db.session.add(decision)
    db.session.flush()
    audit.record(actor, "tie.decision", f"round:{rnd.id}", new={"id": decision.id, "order": team_ids, "note": note},
                 contest_id=rnd.contest_id)
    return decision


def remove(actor: User, rnd: Round, decision_id: int) -> None:
    decision = scoped(TieDecision, decision_id, round=rnd)
    audit.record(actor, "tie.decision_removed", f"round:{rnd.id}", old={"id": decision.id, "order": decision.team_ids},
                 contest_id=rnd.contest_id)
    db.session.delete(decision)


def of_round(round_id: int) -> list[TieDecision]:
    return list(db.session.scalars(select(TieDecision).filter_by(round_id=round_id).order_by(TieDecision.id)))


def to_decide(rnd: Round, board: Board) -> tuple[tuple[int, ...], ...]:
    """Groups the head judge must order: ties across a prize cut of the round's (or each cluster's)
    ranking, and ties at an advancement cut when a later round follows."""
    counts = db.session.scalars(select(PrizeTier.count).filter_by(contest_id=rnd.contest_id, round_kind=rnd.kind,
                                                                  kind="rank").order_by(PrizeTier.position))
    cuts = ties.cut_places(counts)
    rankings = [board.clusters[c.id] for c in rnd.clusters if c.id in board.clusters] or [board.overall]
    groups = [group for ranking in rankings for group in ties.deciding(ranking, cuts)]
    if finalists.next_round(rnd) is not None:
        groups += [tie.team_ids for tie in finalists.advancement_of(rnd, board).ties]
    unique: dict[frozenset[int], tuple[int, ...]] = {}
    for group in groups:
        unique.setdefault(frozenset(group), group)
    return tuple(unique.values())
