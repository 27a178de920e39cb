"""Head-judge decisions for teams still tied after the tie-break parts (recorded, audited)."""

from __future__ import annotations

from sqlalchemy import select

from contest.domain.errors import DomainError
from contest.extensions import db
from contest.models import Entry, Round, User
from contest.models.show_state import TieDecision
from contest.services import audit


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
    decision = db.session.get(TieDecision, decision_id)
    if decision is None or decision.round_id != rnd.id:
        raise DomainError("tie_unknown_decision", "Unknown decision.")
    audit.record(actor, "tie.decision_removed", f"round:{rnd.id}", old={"id": decision.id, "order": decision.team_ids},
                 contest_id=rnd.contest_id)
    db.session.delete(decision)


def of_round(round_id: int) -> list[TieDecision]:
    return list(db.session.scalars(select(TieDecision).filter_by(round_id=round_id).order_by(TieDecision.id)))
