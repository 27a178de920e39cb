"""Reading the audit log for the desk: filtered pages and a CSV export."""

import csv
import io
import json

from sqlalchemy import Select, or_, select

from contest.extensions import db
from contest.models import AuditEvent

CSV_HEADER = ["id", "at_utc", "actor", "action", "subject", "old", "new", "prev_hash", "hash"]


def _query(contest_id: int, action: str = "", actor: str = "") -> Select:
    # Events of this contest, and the contest-less ones (desk logins, accounts).
    query = select(AuditEvent).where(or_(AuditEvent.contest_id == contest_id, AuditEvent.contest_id.is_(None)))
    if action:
        query = query.where(AuditEvent.action.startswith(action.strip()))
    if actor:
        query = query.where(AuditEvent.actor.contains(actor.strip()))
    return query


def page(contest_id: int, action: str = "", actor: str = "", before: int | None = None,
         size: int = 100) -> list[AuditEvent]:
    """Newest first; ``before`` an event id for the next page."""
    query = _query(contest_id, action, actor)
    if before:
        query = query.where(AuditEvent.id < before)
    return list(db.session.scalars(query.order_by(AuditEvent.id.desc()).limit(size)))


def actions(contest_id: int) -> list[str]:
    query = select(AuditEvent.action).where(
        or_(AuditEvent.contest_id == contest_id, AuditEvent.contest_id.is_(None))).distinct()
    return sorted(db.session.scalars(query))


def csv_text(contest_id: int, action: str = "", actor: str = "") -> str:
    """The filtered log, oldest first, as CSV (with a BOM so Excel reads UTF-8).

    Built whole rather than streamed: a stream would hold a database transaction open while
    writing to the network, which stalls every other request on SQLite under gevent.
    """
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for event in db.session.scalars(_query(contest_id, action, actor).order_by(AuditEvent.id)).yield_per(500):
        writer.writerow([event.id, event.at.isoformat(), event.actor, event.action, event.subject,
                         _json(event.old), _json(event.new), event.prev_hash, event.hash])
    return buffer.getvalue()


def _json(value: object) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
