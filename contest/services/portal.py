"""Reading organizing bodies and their contests for the public portal and the public API.

Only what the public home page already shows: bodies (slug, name, level, place in the tree) and
contests (name, year, place, published or not). Every reader issues a fixed number of statements,
whatever the number of bodies and contests (tests/web/test_portal_queries.py counts them).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from contest.domain.errors import NotFound
from contest.domain.names import sort_key
from contest.extensions import db
from contest.models import Body, Contest


@dataclass
class BodyNode:
    """A body with its children, built from one query of the whole tree (no lazy loads)."""

    body: Body
    children: list["BodyNode"] = field(default_factory=list)


@dataclass(frozen=True)
class ContestFilter:
    """The portal's filters, from the query string: a body (and everything under it), a level, a year."""

    body: str = ""
    level: str = ""
    year: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.body or self.level or self.year)


def _ordered(bodies: list[Body]) -> list[Body]:
    return sorted(bodies, key=lambda b: (b.position, sort_key(b.name)))


def body_tree() -> list[BodyNode]:
    """Every top-level body with its descendants nested, siblings in their order."""
    nodes = {b.id: BodyNode(b) for b in _ordered(list(db.session.scalars(select(Body))))}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.body.parent_id) if node.body.parent_id is not None else None
        (parent.children if parent is not None else roots).append(node)
    return roots


def flatten(tree: list[BodyNode], depth: int = 0) -> list[tuple[int, Body]]:
    """(depth, body) in tree order: the options of the portal's body filter."""
    rows = []
    for node in tree:
        rows.append((depth, node.body))
        rows.extend(flatten(node.children, depth + 1))
    return rows


def get_body(slug: str) -> Body:
    """The body with this slug, its parent loaded; ``NotFound`` otherwise."""
    body = db.session.scalar(select(Body).filter_by(slug=slug).options(joinedload(Body.parent)))
    if body is None:
        raise NotFound("Body", slug)
    return body


def children_of(body: Body) -> list[Body]:
    return _ordered(list(db.session.scalars(select(Body).filter_by(parent_id=body.id))))


def _with_body(query: Select) -> Select:
    # The body and the fed contest are shown with every contest: joined, never loaded one by one.
    return query.options(joinedload(Contest.body), joinedload(Contest.feeds))


def _newest_first(contests: Iterable[Contest]) -> list[Contest]:
    """Newest year first, then by name as Vietnamese sorts it (Đ after D, not after Z)."""
    return sorted(contests, key=lambda c: (-c.year, sort_key(c.name)))


def contests_of(body: Body) -> list[Contest]:
    """The body's own contests, newest year first."""
    return _newest_first(db.session.scalars(_with_body(select(Contest).filter_by(body_id=body.id))))


def _subtree_ids(slug: str) -> Select:
    """The ids of the body named ``slug`` and of every body under it (a recursive CTE)."""
    down = select(Body.id).where(Body.slug == slug).cte("down", recursive=True)
    down = down.union_all(select(Body.id).join(down, Body.parent_id == down.c.id))
    return select(down.c.id)


def list_contests(filters: ContestFilter = ContestFilter()) -> list[Contest]:
    """Contests matching the filters, newest year first, each with its body and the contest it feeds."""
    query = select(Contest)
    if filters.body:
        query = query.where(Contest.body_id.in_(_subtree_ids(filters.body)))
    if filters.level:
        query = query.where(Contest.body_id.in_(select(Body.id).where(Body.level == filters.level)))
    if filters.year:
        query = query.where(Contest.year == filters.year)
    return _newest_first(db.session.scalars(_with_body(query)))


def levels(rows: list[tuple[int, Body]]) -> list[str]:
    """The level labels in use, in the order their first body appears in the flattened tree."""
    return [level for level in dict.fromkeys(b.level for _depth, b in rows) if level]


def years() -> list[int]:
    return list(db.session.scalars(select(Contest.year).distinct().order_by(Contest.year.desc())))


def parse_filter(args: dict[str, str]) -> ContestFilter:
    """Filters from query-string values; a year that is not a number is ignored, not an error."""
    year = args.get("year", "").strip()
    return ContestFilter(body=args.get("body", "").strip()[:80], level=args.get("level", "").strip()[:60],
                         year=int(year) if year.isdigit() and len(year) == 4 else None)


def contest_counts(body_ids: list[int]) -> dict[int, int]:
    """How many contests each of these bodies runs itself (one grouped query)."""
    if not body_ids:
        return {}
    rows = db.session.execute(select(Contest.body_id, func.count(Contest.id))
                              .where(Contest.body_id.in_(body_ids)).group_by(Contest.body_id))
    return {body_id: count for body_id, count in rows}
