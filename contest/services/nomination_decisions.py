"""Sending teams up, the parent's side: see what the child bodies submitted, approve (the team
joins the parent contest, or the unit's team already there is linked) or return with a reason.

Only staff who may change the parent contest decide; each decision is audited in both contests.
The caller commits.
"""

from dataclasses import replace

from sqlalchemy import select

from contest.domain import nominations as rules
from contest.domain.errors import NotFound
from contest.domain.names import find_lookalike, lookalike_index
from contest.extensions import db
from contest.models import Contest, Member, Team, User
from contest.models.base import utcnow
from contest.models.nominations import Nomination
from contest.services import audit, teams
from contest.services import nomination_calls as calls
from contest.services.nominations import COPIED, as_spec, audit_both


def list_for_parent(parent: Contest) -> list[Nomination]:
    return list(db.session.scalars(select(Nomination).filter_by(parent_contest_id=parent.id)
                                   .order_by(Nomination.child_body_id, Nomination.created_at, Nomination.id)))


def get_for_parent(parent: Contest, nomination_id: int) -> Nomination:
    found = db.session.get(Nomination, nomination_id)
    if found is None or found.parent_contest_id != parent.id:
        raise NotFound("Nomination", nomination_id)
    return found


def existing_team(parent: Contest, found: Nomination) -> Team | None:
    """A team of the parent contest of the nomination's unit that no other approved nomination holds."""
    held = set(db.session.scalars(select(Nomination.parent_team_id).where(
        Nomination.parent_contest_id == parent.id, Nomination.status == rules.APPROVED,
        Nomination.parent_team_id.is_not(None), Nomination.id != found.id)))
    rows = db.session.execute(select(Team.id, Team.name).filter_by(contest_id=parent.id)).all()
    team_id = find_lookalike(_unheld_index(rows, held), found.unit)
    return db.session.get(Team, team_id) if team_id is not None else None


def _unheld_index(rows: list, held: set[int]) -> dict[str, int]:
    names = {name: team_id for team_id, name in rows if team_id not in held}
    return {key: names[name] for key, name in lookalike_index(names).items()}


def approve(found: Nomination, actor: User) -> Team:
    """The nominated team joins the parent contest: a new team, or the unit's team already there
    (its empty fields filled from the nomination, nothing it has overwritten)."""
    parent = db.session.get(Contest, found.parent_contest_id)
    calls.require(calls.is_parent_organizer(actor, parent))
    after = rules.next_state(found.status, "approve")
    team = existing_team(parent, found)
    if team is None:
        unit_taken = find_lookalike(teams.existing_names(parent), found.unit) is not None
        name = rules.parent_team_name(found.unit, found.team_name, unit_taken)
        team = teams.create_team(parent, replace(as_spec(found), name=name), actor)
    else:
        _fill_empty(team, found, actor)
    found.status, found.parent_team_id, found.decided_at = after, team.id, utcnow()
    found.return_reason = ""
    audit_both(actor, "nomination.approve", found, new={"status": after, "parent_team_id": team.id,
                                                    "parent_team": team.name})
    return team


def _fill_empty(team: Team, found: Nomination, actor: User) -> None:
    old = teams.snapshot(team)
    for name in COPIED:
        if not getattr(team, name) and getattr(found, name):
            setattr(team, name, getattr(found, name))
    if not team.members and found.members:
        from_spec = as_spec(found)
        team.members = [Member(full_name=m.full_name, role=m.role, position=i)
                        for i, m in enumerate(from_spec.members)]
    new = teams.snapshot(team)
    if new != old:
        audit.record(actor, "team.update", f"team:{team.id}", old=old, new=new, contest_id=team.contest_id)


def send_back(found: Nomination, reason: str, actor: User) -> None:
    """Return the nomination to the child body with what to correct."""
    parent = db.session.get(Contest, found.parent_contest_id)
    calls.require(calls.is_parent_organizer(actor, parent))
    after = rules.next_state(found.status, "return")
    found.return_reason = rules.check_return_reason(reason)
    found.status, found.decided_at = after, utcnow()
    audit_both(actor, "nomination.return", found, new={"status": after, "reason": found.return_reason})


def reopen_for_deleted_team(team_id: int) -> list[Nomination]:
    """The parent team approved from these nominations is being deleted: they wait for a decision
    again (as a unit's registration does), instead of staying approved with no team."""
    found = list(db.session.scalars(select(Nomination).filter_by(parent_team_id=team_id, status=rules.APPROVED)))
    for item in found:
        item.parent_team_id, item.status, item.decided_at = None, rules.SUBMITTED, None
    return found
