"""Reading contests for pages and the API."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from contest.domain.names import sort_key
from contest.extensions import db
from contest.models import Cluster, Contest, Entry, Round
from contest.services.lookup import scoped


def list_contests() -> list[Contest]:
    # The organizer home shows each contest's rounds: loaded in one statement, not one per contest.
    return list(db.session.scalars(select(Contest).order_by(Contest.year.desc(), Contest.name)
                                   .options(selectinload(Contest.rounds))))


def get_contest(slug: str) -> Contest:
    return scoped(Contest, slug, options=(selectinload(Contest.rounds).selectinload(Round.parts),
                                         selectinload(Contest.rounds).selectinload(Round.clusters)))


def round_by_slug(contest: Contest, round_slug: str) -> Round:
    """The contest's round with this slug (public, desk and API URLs name rounds by slug); ``NotFound`` otherwise."""
    return scoped(Round, round_slug, contest=contest)


def get_contest_round(slug: str, round_slug: str) -> tuple[Contest, Round]:
    """The contest and its round a URL names (``/<slug>/rounds/<round_slug>/...``)."""
    contest = get_contest(slug)
    return contest, round_by_slug(contest, round_slug)


def entries_by_cluster(rnd: Round) -> dict[int | None, list[Entry]]:
    """Entries of a round grouped by cluster id (None: not yet placed), in running order."""
    entries = db.session.scalars(
        select(Entry).filter_by(round_id=rnd.id).options(selectinload(Entry.team))
    ).all()
    grouped: dict[int | None, list[Entry]] = {c.id: [] for c in rnd.clusters}
    for entry in entries:
        grouped.setdefault(entry.cluster_id, []).append(entry)
    for items in grouped.values():
        items.sort(key=lambda e: (e.running_order is None, e.running_order or 0, sort_key(e.team.name)))
    return grouped


def cluster_by_id(rnd: Round) -> dict[int, Cluster]:
    return {c.id: c for c in rnd.clusters}
