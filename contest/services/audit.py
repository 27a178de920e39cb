"""Append hash-chained audit events and verify the chain."""

from typing import Any

from sqlalchemy import select, text

from contest.domain.audit_chain import GENESIS, ChainedEvent, event_hash, first_broken
from contest.extensions import db
from contest.models import AuditEvent, Judge, User
from contest.models.base import utcnow

# Any constant works: it only has to be the same for every writer of the chain.
_PG_CHAIN_LOCK = 0x0A0D17


def actor_label(actor: User | Judge | str | None) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    if isinstance(actor, Judge):
        return f"judge:{actor.id}:{actor.code}"
    return f"user:{actor.id}:{actor.username}"


def record(actor: User | Judge | str | None, action: str, subject: str = "", *,
           old: Any = None, new: Any = None, contest_id: int | None = None) -> AuditEvent:
    """Append one event inside the caller's transaction (the caller commits)."""
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        # Serialise appenders so two events never link to the same predecessor.
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_CHAIN_LOCK})
    prev = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)) or GENESIS
    at = utcnow()
    label = actor_label(actor)
    event = AuditEvent(
        contest_id=contest_id, at=at, actor=label, action=action, subject=subject, old=old, new=new,
        prev_hash=prev,
        hash=event_hash(prev, at.isoformat(), label, action, subject, old, new, contest_id),
    )
    session.add(event)
    session.flush()
    return event


def verify_chain() -> AuditEvent | None:
    """Return the first broken event, or None when the whole chain holds."""
    rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(1000)
    broken = first_broken(
        ChainedEvent(e.id, e.at.isoformat(), e.actor, e.action, e.subject, e.old, e.new,
                     e.contest_id, e.prev_hash, e.hash)
        for e in rows
    )
    return db.session.get(AuditEvent, broken.id) if broken else None
