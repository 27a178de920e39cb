"""Reading organizing bodies and their contests for the public portal and the public API.

Only what the public home page already shows: bodies (slug, name, level, place in the tree) and
contests (name, year, place, published or not). Every reader issues a fixed number of statements,
whatever the number of bodies and contests (tests/portal/test_portal_queries.py counts them), and
contest lists are read as plain rows, not ORM objects: a city has hundreds of contests a year.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from contest.domain.names import sort_key
from contest.extensions import db
from contest.models import Body, Contest
from contest.services.bodies import subtree_ids

PER_PAGE = 60
# Contest names sorted the Vietnamese way on every list: the key (an NFD decomposition) is the list's
# main cost with hundreds of contests, and names rarely change, so keys are remembered.
_name_order = lru_cache(maxsize=16384)(sort_key)


@dataclass
class BodyNode:
    """A body with its children, built from one query of the whole tree (no lazy loads)."""

    body: Body
    children: list["BodyNode"] = field(default_factory=list)


@dataclass(frozen=True)
class BodyRef:
    slug: str
    name: str
    level: str


@dataclass(frozen=True)
class ContestRef:
    slug: str
    name: str


@dataclass(frozen=True)
class ContestRow:
    """What a list shows of a contest (the API's summary has the same fields)."""

    slug: str
    name: str
    organizer_body: str
    year: int
    place: str
    published: bool
    body: BodyRef
    feeds: ContestRef | None


@dataclass(frozen=True)
class ContestFilter:
    """The portal's filters, from the query string: a body (and everything under it), a level, a year."""

    body: str = ""
    level: str = ""
    year: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.body or self.level or self.year)


@dataclass(frozen=True)
class ContestPage:
    rows: list[ContestRow]
    number: int
    pages: int
    total: int


def parse_filter(args: Mapping[str, str]) -> ContestFilter:
    """Filters from query-string values; a year that is not a number is ignored, not an error."""
    year = args.get("year", "").strip()
    return ContestFilter(body=args.get("body", "").strip()[:80], level=args.get("level", "").strip()[:60],
                         year=int(year) if year.isdigit() and len(year) == 4 else None)


def _ordered(bodies: Iterable[Body]) -> list[Body]:
    return sorted(bodies, key=lambda b: (b.position, sort_key(b.name)))


def body_tree() -> list[BodyNode]:
    """Every top-level body with its descendants nested, siblings in their order."""
    nodes = {b.id: BodyNode(b) for b in _ordered(db.session.scalars(select(Body)))}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.body.parent_id) if node.body.parent_id is not None else None
        (parent.children if parent is not None else roots).append(node)
    return roots


def filter_bodies(selected: str = "") -> list[tuple[int, Body]]:
    """The body filter's choices: the top two levels (a city and its districts), plus the chosen body
    when it is deeper (a commune is chosen from its own page). Hundreds of communes would make the list
    useless on a phone."""
    roots = select(Body.id).where(Body.parent_id.is_(None))
    query = select(Body).where(or_(Body.parent_id.is_(None), Body.parent_id.in_(roots), Body.slug == selected))
    found = list(db.session.scalars(query))
    top = [(0, b) for b in _ordered(b for b in found if b.parent_id is None)]
    under = {}
    for body in _ordered(b for b in found if b.parent_id is not None):
        under.setdefault(body.parent_id, []).append(body)
    rows = []
    for _depth, root in top:
        rows.append((0, root))
        rows.extend((1, child) for child in under.pop(root.id, []))
    rows.extend((2, body) for bodies in under.values() for body in bodies)  # the chosen deeper body
    return rows


def children_of(body: Body) -> list[Body]:
    return _ordered(db.session.scalars(select(Body).filter_by(parent_id=body.id)))


def contest_counts(body_ids: list[int]) -> dict[int, int]:
    """How many contests each of these bodies runs itself (one grouped query)."""
    if not body_ids:
        return {}
    rows = db.session.execute(select(Contest.body_id, func.count(Contest.id))
                              .where(Contest.body_id.in_(body_ids), Contest.listed).group_by(Contest.body_id))
    return {body_id: count for body_id, count in rows}


def _rows(where: Iterable) -> list[ContestRow]:
    """Listed contests' rows (with body and fed contest, if listed) in one joined statement, newest
    year first, then by name as Vietnamese sorts it (Đ after D, not after Z)."""
    fed = aliased(Contest)
    query = (select(Contest.slug, Contest.name, Contest.organizer_body, Contest.year, Contest.place,
                    Contest.published, Body.slug.label("b_slug"), Body.name.label("b_name"),
                    Body.level.label("b_level"), fed.slug.label("f_slug"), fed.name.label("f_name"))
             .join(Body, Contest.body_id == Body.id)
             .outerjoin(fed, (Contest.feeds_contest_id == fed.id) & fed.listed)
             .where(Contest.listed, *where))
    rows = [ContestRow(r.slug, r.name, r.organizer_body, r.year, r.place, r.published,
                       BodyRef(r.b_slug, r.b_name, r.b_level),
                       ContestRef(r.f_slug, r.f_name) if r.f_slug is not None else None)
            for r in db.session.execute(query)]
    return sorted(rows, key=lambda c: (-c.year, _name_order(c.name)))


def contests_of(body: Body) -> list[ContestRow]:
    """The body's own contests, newest year first."""
    return _rows([Contest.body_id == body.id])


def list_contests(filters: ContestFilter = ContestFilter()) -> list[ContestRow]:
    """Contests matching the filters, newest year first, each with its body and the contest it feeds."""
    where = []
    if filters.body:
        where.append(Contest.body_id.in_(subtree_ids(Body.slug == filters.body)))
    if filters.level:
        where.append(Body.level == filters.level)
    if filters.year:
        where.append(Contest.year == filters.year)
    return _rows(where)


def contest_page(filters: ContestFilter, number: int) -> ContestPage:
    """One page of the filtered list (PER_PAGE contests); a number past the end gives the last page."""
    rows = list_contests(filters)
    pages = max(1, -(-len(rows) // PER_PAGE))
    number = min(max(number, 1), pages)
    return ContestPage(rows[(number - 1) * PER_PAGE: number * PER_PAGE], number, pages, len(rows))


def levels() -> list[str]:
    """The level labels in use, from the top of the tree down (the first body of each level)."""
    query = select(Body.level).where(Body.level != "").group_by(Body.level).order_by(func.min(Body.id))
    return list(db.session.scalars(query))


def years() -> list[int]:
    return list(db.session.scalars(select(Contest.year).where(Contest.listed).distinct()
                                   .order_by(Contest.year.desc())))
