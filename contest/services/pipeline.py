"""The pipeline of a parent body: every child body, its contest of the year, what it sent up.

Built from a fixed number of queries whatever the number of child bodies (a city has 30
districts and units; a province since 2025 has a hundred communes): one per table, joined in
Python, never one per child.
"""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from contest.domain import nominations as rules
from contest.extensions import db
from contest.models import Body, Contest
from contest.models.base import utcnow
from contest.models.judging import ScoreSheet
from contest.models.nominations import Nomination, NominationCall
from contest.services import bodies

NONE, SETUP, RUNNING, PUBLISHED = "none", "setup", "running", "published"


@dataclass
class ChildRow:
    body: Body
    contest: Contest | None
    stage: str
    quota: int
    nominations: list[Nomination] = field(default_factory=list)
    has_children: bool = False  # the child body has bodies under it: its own pipeline page

    @property
    def approved(self) -> int:
        return sum(1 for n in self.nominations if n.status == rules.APPROVED)


@dataclass
class Pipeline:
    body: Body
    year: int
    years: list[int]
    parent: Contest | None
    call: NominationCall | None
    rows: list[ChildRow]

    @property
    def counts(self) -> dict[str, int]:
        rows = self.rows
        active = [n for r in rows for n in r.nominations]
        return {
            "children": len(rows),
            "with_contest": sum(1 for r in rows if r.contest is not None),
            "published": sum(1 for r in rows if r.stage == PUBLISHED),
            "nominated": sum(1 for r in rows if r.nominations),
            "waiting": sum(1 for n in active if n.status == rules.SUBMITTED),
            "approved": sum(1 for n in active if n.status == rules.APPROVED),
            "quota": sum(r.quota for r in rows),
        }


def build(body: Body, year: int | None = None) -> Pipeline:
    children = list(db.session.scalars(select(Body).filter_by(parent_id=body.id).order_by(Body.position, Body.name)))
    child_ids = [c.id for c in children]
    years = sorted(set(db.session.scalars(select(Contest.year).where(
        Contest.body_id.in_([body.id, *child_ids])).distinct())), reverse=True)
    year = year or (years[0] if years else utcnow().year)
    parent = db.session.scalar(select(Contest).where(Contest.body_id == body.id, Contest.year == year)
                               .order_by(Contest.id).limit(1))
    call = None
    if parent is not None:
        call = db.session.scalar(select(NominationCall).filter_by(parent_contest_id=parent.id)
                                 .options(selectinload(NominationCall.quotas)))
    contests = _child_contests(child_ids, year, parent)
    running = _with_sheets([c.id for c in contests.values()])
    by_body = _nominations(call)
    quotas = {q.body_id: q.teams for q in call.quotas} if call else {}
    parents = set(db.session.scalars(select(Body.id).where(Body.id.in_(child_ids), bodies.has_children())))
    rows = []
    for child in children:
        contest = contests.get(child.id)
        rows.append(ChildRow(child, contest, _stage(contest, running), quotas.get(child.id, rules.DEFAULT_QUOTA),
                             by_body.get(child.id, []), child.id in parents))
    return Pipeline(body, year, years, parent, call, rows)


def _child_contests(child_ids: list[int], year: int, parent: Contest | None) -> dict[int, Contest]:
    """Each child body's contest of the year: the one feeding the parent first, then the latest."""
    if not child_ids:
        return {}
    def feeds(contest: Contest) -> bool:
        return parent is not None and contest.feeds_contest_id == parent.id

    found: dict[int, Contest] = {}
    rows = db.session.scalars(select(Contest).where(Contest.body_id.in_(child_ids), Contest.year == year)
                              .order_by(Contest.id))
    for contest in rows:  # oldest first: a later one replaces it unless only the earlier feeds the parent
        current = found.get(contest.body_id)
        if current is None or feeds(contest) or not feeds(current):
            found[contest.body_id] = contest
    return found


def _with_sheets(contest_ids: list[int]) -> set[int]:
    if not contest_ids:
        return set()
    return set(db.session.scalars(select(ScoreSheet.contest_id).where(ScoreSheet.contest_id.in_(contest_ids))
                                  .distinct()))


def _nominations(call: NominationCall | None) -> dict[int, list[Nomination]]:
    if call is None:
        return {}
    grouped: dict[int, list[Nomination]] = {}
    # Drafts stay the child's business until submitted.
    sent = (rules.SUBMITTED, rules.APPROVED, rules.RETURNED)
    for found in db.session.scalars(select(Nomination).where(Nomination.call_id == call.id,
                                                             Nomination.status.in_(sent))
                                    .order_by(Nomination.id)):
        grouped.setdefault(found.child_body_id, []).append(found)
    return grouped


def _stage(contest: Contest | None, running: set[int]) -> str:
    if contest is None:
        return NONE
    if contest.published:
        return PUBLISHED
    return RUNNING if contest.id in running else SETUP
