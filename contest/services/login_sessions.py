"""Server-side login sessions: open one at login, close it at logout, close the others on demand.

The signed cookie carries the session's random key; a request is authenticated only while the
row exists (see ``contest.security``). Deleting rows is how a session ends on the server.
"""

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from contest.extensions import db
from contest.models import Judge, User
from contest.models.base import utcnow
from contest.models.logins import LoginSession


def _owner_filter(account: User | Judge):  # type: ignore[no-untyped-def]
    if isinstance(account, Judge):
        return LoginSession.judge_id == account.id
    return LoginSession.user_id == account.id


def open_session(account: User | Judge, lifetime: timedelta, now: datetime | None = None) -> str:
    """A new session for ``account``; returns its key. Sessions of the account past their lifetime go."""
    now = now or utcnow()
    db.session.execute(delete(LoginSession).where(_owner_filter(account), LoginSession.created_at <= now - lifetime))
    key = secrets.token_urlsafe(32)
    db.session.add(LoginSession(key=key, user_id=account.id if isinstance(account, User) else None,
                                judge_id=account.id if isinstance(account, Judge) else None, created_at=now))
    return key


def find(account: User | Judge, key: str) -> LoginSession | None:
    """The account's open session with this key, if it was not closed."""
    return db.session.scalar(select(LoginSession).where(_owner_filter(account), LoginSession.key == key))


def close(key: str) -> None:
    db.session.execute(delete(LoginSession).where(LoginSession.key == key))


def close_others(account: User | Judge, keep_key: str | None) -> int:
    """End every session of the account but the one with ``keep_key``; returns how many ended."""
    query = delete(LoginSession).where(_owner_filter(account))
    if keep_key:
        query = query.where(LoginSession.key != keep_key)
    return db.session.execute(query).rowcount
