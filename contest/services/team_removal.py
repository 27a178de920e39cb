"""Taking a team out: deleting one registered by mistake, or withdrawing one that pulls out.

A team may be deleted only while nothing refers to it yet: not drawn into a cluster or a running
order, no score sheet, quiz mark, penalty or absence, not sent to a later round. Anything later is
a withdrawal: the team stays on record (papers, audit, exports say "withdrawn") and leaves the
standings, the draws, the judges' tablets and the audience vote; it can be reinstated. Both are
audited; the caller commits.
"""

from sqlalchemy import exists, or_, select

from contest.domain.errors import DomainError
from contest.domain.names import required_reason
from contest.extensions import db
from contest.models import Entry, Judge, Team, User
from contest.models.judging import Absence, Penalty, QuizMark, ScoreSheet
from contest.models.show_state import Finalist
from contest.services import audit, nomination_decisions, registration
from contest.services.teams import snapshot


def deletable(team: Team) -> bool:
    """Whether nothing refers to the team yet (see the module's rule)."""
    entries = [e.id for e in team.entries]
    if len(entries) > 1 or any(e.cluster_id is not None or e.running_order is not None for e in team.entries):
        return False
    recorded = [exists().where(model.entry_id.in_(entries)) for model in (ScoreSheet, QuizMark, Penalty, Absence)]
    sent_on = exists().where(Finalist.team_id == team.id)
    return not db.session.scalar(select(or_(sent_on, *recorded)))


def delete_team(team: Team, actor: User) -> None:
    if not deletable(team):
        raise DomainError("team_in_play", "The team is drawn, scored or advanced: withdraw it instead.")
    old = snapshot(team)
    # A unit's own registration goes back to "submitted": the organizer can approve or return it again.
    registrations = registration.reopen_for_deleted_team(team.id)
    nominated = nomination_decisions.reopen_for_deleted_team(team.id)  # the same for a team sent up from below
    judges = db.session.scalars(select(Judge).filter_by(conflict_team_id=team.id)).all()
    for judge in judges:
        judge.conflict_team_id = None
    audit.record(actor, "team.delete", f"team:{team.id}", contest_id=team.contest_id, old=old,
                 new={"registrations_reopened": [r.id for r in registrations],
                      "nominations_reopened": [n.id for n in nominated],
                      "conflicts_cleared": [j.code for j in judges]})
    db.session.delete(team)


def withdraw_team(team: Team, actor: User, reason: str) -> None:
    reason = required_reason(reason)
    if team.withdrawn:
        raise DomainError("team_already_withdrawn", "The team has already withdrawn.")
    _set_withdrawn(team, True)
    audit.record(actor, "team.withdraw", f"team:{team.id}", contest_id=team.contest_id,
                 new={"team": team.name, "reason": reason, "rounds": [e.round_id for e in team.entries]})


def reinstate_team(team: Team, actor: User) -> None:
    if not any(e.withdrawn for e in team.entries):
        raise DomainError("not_withdrawn", "The team has not withdrawn.")
    _set_withdrawn(team, False)
    audit.record(actor, "team.reinstate", f"team:{team.id}", contest_id=team.contest_id,
                 new={"team": team.name, "rounds": [e.round_id for e in team.entries]})


def _set_withdrawn(team: Team, withdrawn: bool) -> None:
    db.session.scalars(select(Entry).filter_by(team_id=team.id).with_for_update()).all()
    for entry in team.entries:
        entry.withdrawn = withdrawn
