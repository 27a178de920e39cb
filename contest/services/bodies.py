"""Organizing bodies: the tree of boards that run contests, and where new rows go by default."""

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from contest.domain import access
from contest.domain.access import Access
from contest.domain.contest_rules import check_slug
from contest.domain.errors import DomainError, NotFound
from contest.domain.names import clean_name
from contest.extensions import db
from contest.models import Body, BodyRole, Contest, User
from contest.services import audit

HOME_SLUG = "ban-to-chuc"
HOME_NAME = "Ban Tổ chức"


def home_body(name: str = "") -> Body:
    """The body a single-board install works in: the first top-level body, created on first use.

    A board that never asks for a tree (one district's laptop) keeps working as before: its
    contests and accounts all belong to this one body.
    """
    body = db.session.scalar(select(Body).where(Body.parent_id.is_(None)).order_by(Body.id).limit(1))
    if body is None:
        body = Body(slug=HOME_SLUG, name=(name or HOME_NAME)[:300])
        db.session.add(body)
        db.session.flush()
    return body


def chain_of(body_id: int) -> list[int]:
    """The body's id and its ancestors' ids, nearest first, in one query (a recursive CTE)."""
    up = select(Body.id, Body.parent_id).where(Body.id == body_id).cte("up", recursive=True)
    up = up.union_all(select(Body.id, Body.parent_id).join(up, Body.id == up.c.parent_id))
    rows = {row.id: row.parent_id for row in db.session.execute(select(up.c.id, up.c.parent_id))}
    chain, current = [], body_id
    while current in rows and current not in chain:
        chain.append(current)
        current = rows[current]
    return chain


def roles_by_body(user: User) -> dict[int, set[str]]:
    roles: dict[int, set[str]] = {}
    for role in user.body_roles:
        roles.setdefault(role.body_id, set()).add(role.role)
    return roles


def access_to(user: User | None, contest: Contest) -> Access:
    """What a desk account may do in a contest (domain.access decides; this loads the facts)."""
    return standing_in(user, contest.body_id)[0]


def standing_in(user: User | None, body_id: int) -> tuple[Access, frozenset[str]]:
    """An account's access to what ``body_id`` owns (its contests, its pages), and its roles there."""
    if not isinstance(user, User) or not user.is_active:
        return Access.NONE, frozenset()
    roles = roles_by_body(user)
    return (access.access_to(roles, chain_of(body_id), is_admin=user.is_admin),
            access.roles_here(roles, body_id))


def get_body(slug: str) -> Body:
    """The body at ``slug``, its parent loaded in the same statement; ``NotFound`` otherwise."""
    body = db.session.scalar(select(Body).where(Body.slug == slug).options(joinedload(Body.parent)))
    if body is None:
        raise NotFound("Body", slug)
    return body


def all_bodies() -> list[Body]:
    """Every body, parents before children, siblings by position then name (for trees and selects)."""
    rows = db.session.scalars(select(Body).order_by(Body.position, Body.name, Body.id)).all()
    children: dict[int | None, list[Body]] = {}
    for body in rows:
        children.setdefault(body.parent_id, []).append(body)
    ordered: list[Body] = []

    def walk(parent_id: int | None) -> None:
        for body in children.get(parent_id, []):
            ordered.append(body)
            walk(body.id)

    walk(None)
    return ordered


def subtree_ids(start: ColumnElement[bool]) -> Select:
    """A statement of the ids of the bodies matching ``start`` and of every body below them (a recursive CTE)."""
    down = select(Body.id).where(start).cte("down", recursive=True)
    down = down.union_all(select(Body.id).join(down, Body.parent_id == down.c.id))
    return select(down.c.id)


def descendant_ids(body_ids: set[int]) -> set[int]:
    """``body_ids`` and every body below them, in one recursive query."""
    if not body_ids:
        return set()
    return set(db.session.scalars(subtree_ids(Body.id.in_(body_ids))))


def organizer_bodies(user: User) -> list[Body]:
    """The bodies where ``user`` is an organizer (where it may create contests), oldest first."""
    ids = {held.body_id for held in user.body_roles if held.role == "organizer"}
    return list(db.session.scalars(select(Body).where(Body.id.in_(ids)).order_by(Body.id))) if ids else []


def create_body(slug: str, name: str, *, parent: Body | None = None, level: str = "",
                actor: User | str = "system") -> Body:
    """A new organizing body, under ``parent`` when given. Audited; the caller commits."""
    slug = check_slug(slug.strip())
    name = clean_name(name, "name", 300)
    if db.session.scalar(select(Body.id).where(Body.slug == slug)):
        raise DomainError("body_slug_taken", "Another body already uses this address.", value=slug)
    position = db.session.scalar(select(func.count(Body.id)).where(
        Body.parent_id.is_(None) if parent is None else Body.parent_id == parent.id)) or 0
    body = Body(slug=slug, name=name, level=clean_name(level, "level", 60) if level.strip() else "",
                parent_id=parent.id if parent else None, position=position)
    db.session.add(body)
    db.session.flush()
    audit.record(actor, "body.create", f"body:{body.id}",
                 new={"slug": slug, "name": name, "level": body.level, "parent": parent.slug if parent else None})
    return body


@dataclass(frozen=True)
class ListedContest:
    """A contest on an organizer's home list, and whether the account may only look at it."""

    contest: Contest
    read_only: bool


def contests_seen_by(user: User) -> list[ListedContest]:
    """The organizer's home: its bodies' contests (to change), its organizer bodies' descendants'
    contests (to look at), and for a system administrator every contest. A fixed number of queries."""
    roles = roles_by_body(user)
    change = set(roles)
    looked = descendant_ids({body for body, held in roles.items() if "organizer" in held}) - change
    query = (select(Contest).options(selectinload(Contest.rounds), joinedload(Contest.body))
             .order_by(Contest.year.desc(), Contest.name))
    if not user.is_admin:
        query = query.where(Contest.body_id.in_(change | looked))
    return [ListedContest(contest, contest.body_id not in change)
            for contest in db.session.scalars(query).unique()]


def has_children() -> ColumnElement[bool]:
    """A condition on ``Body``: the body has bodies under it (so it has a pipeline page)."""
    child = aliased(Body)
    return select(child.id).where(child.parent_id == Body.id).exists()


def pipelines_of(user: User) -> list[Body]:
    """The bodies ``user`` organizes that have bodies under them: each has a pipeline page."""
    organized = [body for body, held in roles_by_body(user).items() if "organizer" in held]
    if not organized:
        return []
    return list(db.session.scalars(select(Body).where(Body.id.in_(organized), has_children())
                                   .order_by(Body.position, Body.name)))


def depths(tree: list[Body]) -> dict[int, int]:
    """Each body's depth in the tree (0: top level), from ``all_bodies()``'s parents-first order."""
    depth: dict[int, int] = {}
    for body in tree:
        depth[body.id] = depth.get(body.parent_id, -1) + 1 if body.parent_id is not None else 0
    return depth


def people_of(body: Body) -> list[tuple[User, list[str]]]:
    """The accounts holding roles in ``body``, each with those roles, by username."""
    rows = db.session.execute(select(User, BodyRole.role).join(BodyRole, BodyRole.user_id == User.id)
                              .where(BodyRole.body_id == body.id).order_by(User.username, BodyRole.id)).all()
    people: dict[int, tuple[User, list[str]]] = {}
    for user, role in rows:
        people.setdefault(user.id, (user, []))[1].append(role)
    return list(people.values())


def contests_of(body: Body) -> list[Contest]:
    return list(db.session.scalars(select(Contest).where(Contest.body_id == body.id)
                                   .order_by(Contest.year.desc(), Contest.name)))
