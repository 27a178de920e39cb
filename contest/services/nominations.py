"""Sending teams up, the child's side: a child body nominates from its own published results
(prize winners or advancing teams), corrects what travels up, submits or withdraws.

Who acts is checked here too, not only in the views (the CLI and the demo call these functions).
Every step is audited twice, once in each contest's log (``contest_id`` on both sides), so each
board's audit page tells the whole story. The deadline is compared with the server's clock
(``utcnow``), never a hall laptop's. The caller commits.
"""

from collections.abc import Mapping

from sqlalchemy import func, select

from contest.domain import nominations as rules
from contest.domain.errors import DomainError, NotFound
from contest.domain.nominations import Candidate
from contest.domain.teams import TeamSpec, check_team
from contest.extensions import db
from contest.models import Body, Contest, Entry, Round, Team, User
from contest.models.base import utcnow
from contest.models.nominations import Nomination, NominationCall
from contest.services import audit, finalists, standings
from contest.services import nomination_calls as calls
from contest.services.lookup import scoped

COPIED = ("leader", "contact_name", "contact_phone", "contact_email", "model_title")


def results_round(child: Contest) -> Round | None:
    """The round whose results decide who goes up: the last one that has teams."""
    rounds = sorted(child.rounds, key=lambda r: r.position, reverse=True)
    for rnd in rounds:
        if db.session.scalar(select(func.count()).select_from(Entry).filter_by(round_id=rnd.id)):
            return rnd
    return None


def candidates(child: Contest) -> list[Candidate]:
    """Every team of the results round with its rank, prizes and whether it advances by the rules."""
    rnd = results_round(child)
    if rnd is None:
        return []
    board = standings.round_board(rnd)
    prizes: dict[int, list[str]] = {}
    for prize in finalists.round_prizes(rnd, board):
        for team_id in prize["teams"]:
            prizes.setdefault(team_id, []).append(prize["name"])
    advancing = {a.team_id for a in finalists.advancement_of(rnd, board).advancing} if board.complete else set()
    found = [Candidate(tid, team.name, board.overall.rank_of(tid) if board.is_ranked(tid) else None,
                       tuple(prizes.get(tid, ())), tid in advancing) for tid, team in board.teams.items()]
    return sorted(found, key=lambda c: (c.rank is None, c.rank or 0, c.team_name))


def list_for_child(child: Contest) -> list[Nomination]:
    return list(db.session.scalars(select(Nomination).filter_by(child_contest_id=child.id)
                                   .order_by(Nomination.created_at, Nomination.id)))


def get_for_child(child: Contest, nomination_id: int) -> Nomination:
    # A nomination belongs to two contests, so ``scoped`` (one contest_id) cannot say which side asks.
    found = db.session.get(Nomination, nomination_id)
    if found is None or found.child_contest_id != child.id:
        raise NotFound("Nomination", nomination_id)
    return found


def _locked_call(child: Contest) -> NominationCall:
    """The call, locked until commit: two desks nominating at once cannot both take the last place."""
    call = calls.call_for(child)
    if call is None:
        raise DomainError("nomination_no_call", "That contest is not asking for nominations.")
    return calls.lock(call.id)


def _check_child_of(child: Contest, call: NominationCall) -> Contest:
    parent = db.session.get(Contest, call.parent_contest_id)
    body = db.session.get(Body, child.body_id)
    if body is None or body.parent_id != parent.body_id:
        raise DomainError("nomination_not_child", "Not a child body of this contest's body.")
    return parent


def _active_others(call: NominationCall, body_id: int, except_id: int | None = None) -> int:
    query = select(func.count(Nomination.id)).where(
        Nomination.call_id == call.id, Nomination.child_body_id == body_id, Nomination.status.in_(rules.ACTIVE))
    if except_id is not None:
        query = query.where(Nomination.id != except_id)
    return db.session.scalar(query) or 0


def nominate(child: Contest, team_id: int, actor: User) -> Nomination:
    """A draft nomination of one of the child's prize winners or advancing teams, its people copied."""
    calls.require(calls.is_child_organizer(actor, child))
    call = _locked_call(child)
    parent = _check_child_of(child, call)
    rules.check_window(call.is_open, call.deadline, utcnow())
    rules.check_quota(_active_others(call, child.body_id), calls.quota_for(call, child.body_id))
    candidate = next((c for c in candidates(child) if c.team_id == team_id), None)
    taken = db.session.scalar(select(Nomination.id).where(
        Nomination.call_id == call.id, Nomination.child_team_id == team_id, Nomination.status.in_(rules.ACTIVE)))
    rules.check_nominee(child.published, candidate, taken is not None)
    team = scoped(Team, team_id, contest=child)
    body = db.session.get(Body, child.body_id)
    found = Nomination(call_id=call.id, parent_contest_id=parent.id, child_body_id=body.id, child_contest_id=child.id,
                       child_team_id=team.id, child_team_name=team.name, prize=", ".join(candidate.prizes),
                       rank=candidate.rank, unit=rules.unit_of_body(body.name)[:200], unit_type=team.unit_type,
                       team_name=team.name,
                       members=[{"full_name": m.full_name, "role": m.role} for m in team.members],
                       status=rules.DRAFT, **{name: getattr(team, name) for name in COPIED})
    db.session.add(found)
    db.session.flush()
    audit_both(actor, "nomination.create", found, new=snapshot(found))
    return found


def snapshot(found: Nomination) -> dict:
    return {"status": found.status, "unit": found.unit, "unit_type": found.unit_type, "team_name": found.team_name,
            "child_team_id": found.child_team_id, "prize": found.prize, "rank": found.rank,
            "members": found.members, **{name: getattr(found, name) for name in COPIED}}


def audit_both(actor: User | str, action: str, found: Nomination, *, old: object = None, new: object = None) -> None:
    for contest_id in (found.child_contest_id, found.parent_contest_id):
        audit.record(actor, action, f"nomination:{found.id}", old=old, new=new, contest_id=contest_id)


def as_spec(found: Nomination) -> TeamSpec:
    return TeamSpec.from_payload({**snapshot(found), "name": found.unit, "home_cluster": ""})


def edit(found: Nomination, raw: Mapping[str, str], actor: User) -> list[DomainError]:
    """Correct what travels up (unit, people, contact, model); the problems, or [] once stored."""
    child = db.session.get(Contest, found.child_contest_id)
    calls.require(calls.is_child_organizer(actor, child))
    rules.next_state(found.status, "edit")
    call = db.session.get(NominationCall, found.call_id)
    rules.check_window(call.is_open, call.deadline, utcnow())
    spec, errors = check_team({**raw, "name": raw.get("unit", ""), "home_cluster": ""})
    if spec is None:
        return [_field_alias(e) for e in errors]
    old = snapshot(found)
    found.unit, found.unit_type = spec.name, spec.unit_type
    found.members = [{"full_name": m.full_name, "role": m.role} for m in spec.members]
    for name in COPIED:
        setattr(found, name, getattr(spec, name))
    found.updated_at = utcnow()
    audit_both(actor, "nomination.edit", found, old=old, new=snapshot(found))
    return []


def _field_alias(error: DomainError) -> DomainError:
    """``check_team`` names the unit ``name``; the nomination form calls it ``unit``."""
    if error.params.get("field") == "name":
        error.params["field"] = "unit"
    return error


def submit(found: Nomination, actor: User) -> None:
    """Send the nomination to the parent (complete, within the quota, before the deadline)."""
    child = db.session.get(Contest, found.child_contest_id)
    calls.require(calls.is_child_organizer(actor, child))
    after = rules.next_state(found.status, "submit")
    call = calls.lock(found.call_id)
    rules.check_window(call.is_open, call.deadline, utcnow())
    others = _active_others(call, found.child_body_id, except_id=found.id)
    rules.check_quota(others, calls.quota_for(call, found.child_body_id))
    spec, errors = check_team({**snapshot(found), "name": found.unit, "home_cluster": "",
                               **_member_texts(found)}, complete=True)
    if spec is None:
        raise DomainError("nomination_incomplete", "Complete the team first.", count=len(errors))
    old_status = found.status
    found.status, found.submitted_at, found.updated_at = after, utcnow(), utcnow()
    audit_both(actor, "nomination.submit", found, old={"status": old_status}, new=snapshot(found))


def _member_texts(found: Nomination) -> dict[str, str]:
    return {role: "\n".join(m["full_name"] for m in found.members if m["role"] == role)
            for role in ("official", "reserve", "supporting")}


def withdraw(found: Nomination, actor: User) -> None:
    """The child takes its nomination back (until the parent approves it); its place is free again."""
    child = db.session.get(Contest, found.child_contest_id)
    calls.require(calls.is_child_organizer(actor, child))
    old_status = found.status
    found.status = rules.next_state(found.status, "withdraw")
    found.updated_at = utcnow()
    audit_both(actor, "nomination.withdraw", found, old={"status": old_status}, new={"status": found.status})


def send_up_winners(child: Contest, actor: User) -> list[Nomination]:
    """Nominate and submit the child's best eligible teams, up to what its quota still allows."""
    call = calls.call_for(child)
    if call is None:
        raise DomainError("nomination_no_call", "That contest is not asking for nominations.")
    free = calls.quota_for(call, child.body_id) - _active_others(call, child.body_id)
    taken = set(db.session.scalars(select(Nomination.child_team_id).where(
        Nomination.call_id == call.id, Nomination.status.in_(rules.ACTIVE))))
    sent = []
    for candidate in rules.best_first(candidates(child)):
        if len(sent) >= free:
            break
        if candidate.team_id in taken:
            continue
        found = nominate(child, candidate.team_id, actor)
        submit(found, actor)
        sent.append(found)
    return sent
