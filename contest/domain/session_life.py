"""When a login session ends by itself: after an idle time and after an absolute lifetime.

Staff sessions have both limits: a laptop left open at the desk, or a cookie sniffed on the
hall's plain-HTTP Wi-Fi, stops working the same day. A judge's tablet may sit unused for hours
between two rounds, so judges have only the lifetime (``idle`` is None).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class SessionLimits:
    lifetime: timedelta
    idle: timedelta | None = None


def session_expired(started: datetime, last_seen: datetime | None, now: datetime, limits: SessionLimits) -> bool:
    """True once the session is older than its lifetime or was left unused for longer than ``idle``."""
    if now - started >= limits.lifetime:
        return True
    if limits.idle is None:
        return False
    return last_seen is None or now - last_seen >= limits.idle
