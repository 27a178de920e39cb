"""Organizing bodies: the tree of boards that run contests, and where new rows go by default."""

from sqlalchemy import func, select

from contest.domain import access
from contest.domain.access import Access
from contest.domain.errors import DomainError
from contest.domain.names import clean_name
from contest.domain.setup import check_slug
from contest.extensions import db
from contest.models import Body, Contest, User
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
    if not isinstance(user, User) or not user.is_active:
        return Access.NONE
    return access.access_to(roles_by_body(user), chain_of(contest.body_id), is_admin=user.is_admin)


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
