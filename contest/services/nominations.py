"""Sending teams up: the parent opens a call, a child body nominates from its own results, the
parent approves (the team joins the parent contest) or returns it with a reason.

Who acts is checked here too, not only in the views (the CLI and the demo call these functions):
the child body's organizer nominates, edits, submits and withdraws; the parent contest's staff
with change access opens the call and decides. Every step is audited twice, once in each
contest's log (``contest_id`` on both sides), so each board's audit page tells the whole story.
The deadline is compared with the server's clock (``utcnow``). The caller commits.
"""

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import func, select

from contest.domain import nominations as rules
from contest.domain.access import Access
from contest.domain.errors import DomainError, NotFound
from contest.domain.names import find_lookalike, lookalike_index
from contest.domain.nominations import Candidate
from contest.domain.teams import TeamSpec, check_team
from contest.extensions import db
from contest.models import Body, Contest, Entry, Member, Round, Team, User
from contest.models.base import utcnow
from contest.models.nominations import Nomination, NominationCall, NominationQuota
from contest.services import audit, bodies, finalists, standings, teams
from contest.services.lookup import scoped

_COPIED = ("leader", "contact_name", "contact_phone", "contact_email", "model_title")


# Who may act -----------------------------------------------------------------------------------

def is_child_organizer(user: User | None, contest: Contest) -> bool:
    """The organizer of the body that runs ``contest`` (the one who sends its teams up)."""
    return (isinstance(user, User) and bodies.access_to(user, contest) is Access.CHANGE
            and "organizer" in bodies.roles_by_body(user).get(contest.body_id, set()))


def is_parent_organizer(user: User | None, contest: Contest) -> bool:
    """Staff who may change the parent contest (they decide on what comes up)."""
    return isinstance(user, User) and bodies.access_to(user, contest) is Access.CHANGE


def _require(allowed: bool) -> None:
    if not allowed:
        raise DomainError("nomination_forbidden", "Not allowed for this account.")


# The call --------------------------------------------------------------------------------------

def get_call(parent: Contest) -> NominationCall | None:
    return db.session.scalar(select(NominationCall).filter_by(parent_contest_id=parent.id))


def child_bodies(parent: Contest) -> list[Body]:
    return list(db.session.scalars(select(Body).filter_by(parent_id=parent.body_id)
                                   .order_by(Body.position, Body.name)))


def quotas_of(call: NominationCall | None) -> dict[int, int]:
    """Child body id -> teams it may send (bodies without a row get ``rules.DEFAULT_QUOTA``)."""
    return {q.body_id: q.teams for q in call.quotas} if call else {}


def open_call(parent: Contest, actor: User, *, is_open: bool, deadline: datetime | None,
              quotas: Mapping[int, int]) -> NominationCall:
    """Open (or close, or change) the parent's call: deadline, quota per child body. The child
    bodies' contests of the same year that feed nothing yet are pointed at this contest."""
    _require(is_parent_organizer(actor, parent))
    rules.check_open_call(is_open, deadline, utcnow())
    children = {b.id for b in child_bodies(parent)}
    call = get_call(parent)
    old = _call_snapshot(call)
    if call is None:
        call = NominationCall(parent_contest_id=parent.id)
        db.session.add(call)
    call.is_open, call.deadline, call.updated_at = is_open, deadline, utcnow()
    rows = {q.body_id: q for q in call.quotas}
    for body_id, teams_count in quotas.items():
        if body_id not in children:
            raise DomainError("nomination_not_child", "Not a child body of this contest's body.")
        rules.check_quota_value(teams_count)
        if body_id in rows:
            rows[body_id].teams = teams_count
        else:
            call.quotas.append(NominationQuota(body_id=body_id, teams=teams_count))
    db.session.flush()
    audit.record(actor, "nomination.call", f"contest:{parent.id}", old=old, new=_call_snapshot(call),
                 contest_id=parent.id)
    _link_children(parent, children, actor)
    return call


def _call_snapshot(call: NominationCall | None) -> dict | None:
    if call is None:
        return None
    return {"open": call.is_open, "deadline": call.deadline.isoformat() if call.deadline else None,
            "quotas": {str(q.body_id): q.teams for q in call.quotas}}


def _link_children(parent: Contest, children: set[int], actor: User) -> None:
    if not children:
        return
    found = db.session.scalars(select(Contest).where(
        Contest.body_id.in_(children), Contest.year == parent.year, Contest.feeds_contest_id.is_(None)))
    for child in found:
        set_feeds(child, parent, actor)


def set_feeds(child: Contest, parent: Contest, actor: User | str) -> None:
    """Name ``parent`` as the contest ``child`` sends its teams to (audited on both sides)."""
    child.feeds_contest_id = parent.id
    for contest_id in (child.id, parent.id):
        audit.record(actor, "contest.feeds", f"contest:{child.id}", new={"feeds": parent.id}, contest_id=contest_id)


def call_for(child: Contest) -> NominationCall | None:
    """The call of the contest ``child`` feeds, if that contest has one."""
    if child.feeds_contest_id is None:
        return None
    return db.session.scalar(select(NominationCall).filter_by(parent_contest_id=child.feeds_contest_id))


def open_calls_above(child: Contest) -> list[Contest]:
    """Contests of the parent body, same year, with an open call: where a child that feeds nothing
    yet (created after the call opened) may send its teams."""
    body = db.session.get(Body, child.body_id)
    if body is None or body.parent_id is None:
        return []
    return list(db.session.scalars(
        select(Contest).join(NominationCall, NominationCall.parent_contest_id == Contest.id)
        .where(Contest.body_id == body.parent_id, Contest.year == child.year, NominationCall.is_open.is_(True))
        .order_by(Contest.name)))


def choose_parent(child: Contest, parent: Contest, actor: User) -> None:
    """The child's organizer points its contest at one of ``open_calls_above``."""
    _require(is_child_organizer(actor, child))
    if parent.id not in {c.id for c in open_calls_above(child)}:
        raise DomainError("nomination_no_call", "That contest is not asking for nominations.")
    set_feeds(child, parent, actor)


# The child side --------------------------------------------------------------------------------

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
    call = call_for(child)
    if call is None:
        raise DomainError("nomination_no_call", "That contest is not asking for nominations.")
    return _lock(call.id)


def _lock(call_id: int) -> NominationCall:
    return db.session.get(NominationCall, call_id, with_for_update=True, populate_existing=True)


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


def _quota(call: NominationCall, body_id: int) -> int:
    return quotas_of(call).get(body_id, rules.DEFAULT_QUOTA)


def nominate(child: Contest, team_id: int, actor: User) -> Nomination:
    """A draft nomination of one of the child's prize winners or advancing teams, its people copied."""
    _require(is_child_organizer(actor, child))
    call = _locked_call(child)
    parent = _check_child_of(child, call)
    rules.check_window(call.is_open, call.deadline, utcnow())
    rules.check_quota(_active_others(call, child.body_id), _quota(call, child.body_id))
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
                       status=rules.DRAFT, **{name: getattr(team, name) for name in _COPIED})
    db.session.add(found)
    db.session.flush()
    _audit(actor, "nomination.create", found, new=snapshot(found))
    return found


def snapshot(found: Nomination) -> dict:
    return {"status": found.status, "unit": found.unit, "unit_type": found.unit_type, "team_name": found.team_name,
            "child_team_id": found.child_team_id, "prize": found.prize, "rank": found.rank,
            "members": found.members, **{name: getattr(found, name) for name in _COPIED}}


def _audit(actor: User | str, action: str, found: Nomination, *, old: object = None, new: object = None) -> None:
    for contest_id in (found.child_contest_id, found.parent_contest_id):
        audit.record(actor, action, f"nomination:{found.id}", old=old, new=new, contest_id=contest_id)


def as_spec(found: Nomination) -> TeamSpec:
    return TeamSpec.from_payload({**snapshot(found), "name": found.unit, "home_cluster": ""})


def edit(found: Nomination, raw: Mapping[str, str], actor: User) -> list[DomainError]:
    """Correct what travels up (unit, people, contact, model); the problems, or [] once stored."""
    child = db.session.get(Contest, found.child_contest_id)
    _require(is_child_organizer(actor, child))
    rules.next_state(found.status, "edit")
    call = db.session.get(NominationCall, found.call_id)
    rules.check_window(call.is_open, call.deadline, utcnow())
    spec, errors = check_team({**raw, "name": raw.get("unit", ""), "home_cluster": ""})
    if spec is None:
        return [_field_alias(e) for e in errors]
    old = snapshot(found)
    found.unit, found.unit_type = spec.name, spec.unit_type
    found.members = [{"full_name": m.full_name, "role": m.role} for m in spec.members]
    for name in _COPIED:
        setattr(found, name, getattr(spec, name))
    found.updated_at = utcnow()
    _audit(actor, "nomination.edit", found, old=old, new=snapshot(found))
    return []


def _field_alias(error: DomainError) -> DomainError:
    """``check_team`` names the unit ``name``; the nomination form calls it ``unit``."""
    if error.params.get("field") == "name":
        error.params["field"] = "unit"
    return error


def submit(found: Nomination, actor: User) -> None:
    """Send the nomination to the parent (complete, within the quota, before the deadline)."""
    child = db.session.get(Contest, found.child_contest_id)
    _require(is_child_organizer(actor, child))
    after = rules.next_state(found.status, "submit")
    call = _lock(found.call_id)
    rules.check_window(call.is_open, call.deadline, utcnow())
    rules.check_quota(_active_others(call, found.child_body_id, except_id=found.id), _quota(call, found.child_body_id))
    spec, errors = check_team({**snapshot(found), "name": found.unit, "home_cluster": "",
                               **_member_texts(found)}, complete=True)
    if spec is None:
        raise DomainError("nomination_incomplete", "Complete the team first.", count=len(errors))
    old_status = found.status
    found.status, found.submitted_at, found.updated_at = after, utcnow(), utcnow()
    _audit(actor, "nomination.submit", found, old={"status": old_status}, new=snapshot(found))


def _member_texts(found: Nomination) -> dict[str, str]:
    return {role: "\n".join(m["full_name"] for m in found.members if m["role"] == role)
            for role in ("official", "reserve", "supporting")}


def withdraw(found: Nomination, actor: User) -> None:
    """The child takes its nomination back (until the parent approves it); its place is free again."""
    child = db.session.get(Contest, found.child_contest_id)
    _require(is_child_organizer(actor, child))
    old_status = found.status
    found.status = rules.next_state(found.status, "withdraw")
    found.updated_at = utcnow()
    _audit(actor, "nomination.withdraw", found, old={"status": old_status}, new={"status": found.status})


# The parent side -------------------------------------------------------------------------------

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
    _require(is_parent_organizer(actor, parent))
    after = rules.next_state(found.status, "approve")
    team = existing_team(parent, found)
    if team is None:
        unit_taken = find_lookalike(teams.existing_names(parent), found.unit) is not None
        spec = as_spec(found)
        spec = TeamSpec(**{**spec.__dict__, "name": rules.parent_team_name(found.unit, found.team_name, unit_taken)})
        team = teams.create_team(parent, spec, actor)
    else:
        _fill_empty(team, found, actor)
    found.status, found.parent_team_id, found.decided_at = after, team.id, utcnow()
    found.return_reason = ""
    _audit(actor, "nomination.approve", found, new={"status": after, "parent_team_id": team.id,
                                                    "parent_team": team.name})
    return team


def _fill_empty(team: Team, found: Nomination, actor: User) -> None:
    old = teams.snapshot(team)
    for name in _COPIED:
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
    _require(is_parent_organizer(actor, parent))
    after = rules.next_state(found.status, "return")
    found.return_reason = rules.check_return_reason(reason)
    found.status, found.decided_at = after, utcnow()
    _audit(actor, "nomination.return", found, new={"status": after, "reason": found.return_reason})


def reopen_for_deleted_team(team_id: int) -> list[Nomination]:
    """The parent team approved from these nominations is being deleted: they wait for a decision
    again (as a unit's registration does), instead of staying approved with no team."""
    found = list(db.session.scalars(select(Nomination).filter_by(parent_team_id=team_id, status=rules.APPROVED)))
    for item in found:
        item.parent_team_id, item.status, item.decided_at = None, rules.SUBMITTED, None
    return found


# The demo's shortcut ---------------------------------------------------------------------------

def send_up_winners(child: Contest, actor: User) -> list[Nomination]:
    """Nominate and submit the child's best eligible teams, up to what its quota still allows."""
    call = call_for(child)
    if call is None:
        raise DomainError("nomination_no_call", "That contest is not asking for nominations.")
    free = _quota(call, child.body_id) - _active_others(call, child.body_id)
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
