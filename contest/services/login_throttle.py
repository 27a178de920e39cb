"""The per-name slowdown after wrong passwords or PINs (rules in ``domain.login_delay``).

A name is throttled whether or not an account has it, and a wrong guess costs the same hash
check either way: an unknown name and a known one answer alike, so names cannot be listed.
Unknown names are counted here (one row per name), never with an audit row per attempt.
"""

import math
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from contest.domain.login_delay import login_delay_seconds
from contest.extensions import db
from contest.models.logins import LoginThrottle

# Rows of names nobody has mistyped for this long are forgotten (the longest wait is 15 minutes).
FORGET_AFTER = timedelta(days=1)


def user_key(username: str) -> str:
    return f"user:{username.strip().lower()[:100]}"


def judge_key(contest_id: int, code: str) -> str:
    return f"judge:{contest_id}:{code.strip().upper()[:80]}"


def _locked_row(key: str, now: datetime) -> LoginThrottle:
    """The name's row, locked for this transaction (created when missing), so parallel guesses count one by one."""
    row = db.session.scalar(select(LoginThrottle).filter_by(key=key).with_for_update())
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            db.session.add(LoginThrottle(key=key, failures=0, updated_at=now))
    except IntegrityError:  # another request created it meanwhile
        pass
    return db.session.scalar(select(LoginThrottle).filter_by(key=key).with_for_update())


def wait_seconds(key: str, now: datetime) -> int:
    """Seconds before this name may be tried again (0: now). Locks the name's row if it has one."""
    row = db.session.scalar(select(LoginThrottle).filter_by(key=key).with_for_update())
    if row is None or row.blocked_until is None or row.blocked_until <= now:
        return 0
    return max(math.ceil((row.blocked_until - now).total_seconds()), 1)


def record_failure(key: str, now: datetime) -> tuple[int, int]:
    """Count a wrong guess; returns (consecutive failures, seconds to wait). The caller commits."""
    row = _locked_row(key, now)
    row.failures += 1
    delay = login_delay_seconds(row.failures)
    row.blocked_until = now + timedelta(seconds=delay) if delay else None
    row.updated_at = now
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.updated_at < now - FORGET_AFTER))
    return row.failures, delay


def clear(key: str) -> None:
    """A right guess (or a new PIN) starts the count again. The caller commits."""
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == key))
