"""Server-side login state: the sessions that are open, and the wait after wrong passwords or PINs."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from contest.extensions import db
from contest.models.base import utcnow


class LoginSession(db.Model):
    """One logged-in browser of a staff account or a judge.

    The signed cookie names this row; logging out deletes it, so a copied cookie is worthless
    afterwards. The key is random and only ever travels inside the signed cookie.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    judge_id: Mapped[int | None] = mapped_column(ForeignKey("judge.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class LoginThrottle(db.Model):
    """Consecutive wrong passwords or PINs for one login name, known or not.

    Keyed by the name typed ("user:<username>", "judge:<contest id>:<code>") rather than by
    account, so an unknown name is slowed down exactly like a known one and answers the same.
    """

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    blocked_until: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
