"""Sending teams up, the call: who may act, and the parent's call for nominations (deadline, quota
per child body, which child contests feed the parent).

The child body's organizer sends teams up; staff who may change the parent contest open the call
and decide (``services.nomination_decisions``). The caller commits.
"""

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select

from contest.domain import nominations as rules
from contest.domain.access import Access
from contest.domain.errors import DomainError
from contest.extensions import db
from contest.models import Body, Contest, User
from contest.models.base import utcnow
from contest.models.nominations import NominationCall, NominationQuota
from contest.services import audit, bodies


def is_child_organizer(user: User | None, contest: Contest) -> bool:
    """The organizer of the body that runs ``contest`` (the one who sends its teams up)."""
    return (isinstance(user, User) and bodies.access_to(user, contest) is Access.CHANGE
            and "organizer" in bodies.roles_by_body(user).get(contest.body_id, set()))


def is_parent_organizer(user: User | None, contest: Contest) -> bool:
    """Staff who may change the parent contest (they decide on what comes up)."""
    return isinstance(user, User) and bodies.access_to(user, contest) is Access.CHANGE


def require(allowed: bool) -> None:
    if not allowed:
        raise DomainError("nomination_forbidden", "Not allowed for this account.")


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
    require(is_parent_organizer(actor, parent))
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
    require(is_child_organizer(actor, child))
    if parent.id not in {c.id for c in open_calls_above(child)}:
        raise DomainError("nomination_no_call", "That contest is not asking for nominations.")
    set_feeds(child, parent, actor)


def lock(call_id: int) -> NominationCall:
    """The call, locked until commit: two desks nominating at once cannot both take the last place."""
    return db.session.get(NominationCall, call_id, with_for_update=True, populate_existing=True)


def quota_for(call: NominationCall, body_id: int) -> int:
    return quotas_of(call).get(body_id, rules.DEFAULT_QUOTA)
