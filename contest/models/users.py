"""People who log in: organizer-desk staff (password) and judges (QR link or code + PIN)."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.base import utcnow

STAFF_ROLES = ("organizer", "head_judge", "secretary")


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(default=True)
    # Manages organizing bodies and their first organizers; sees every body.
    is_admin: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # The account's roles, each in one body: what it may do is decided per contest (domain.access).
    body_roles = relationship("BodyRole", cascade="all, delete-orphan", lazy="selectin")

    def get_id(self) -> str:
        return f"user:{self.id}"

    @property
    def is_active(self) -> bool:
        return self.active


class Judge(UserMixin, db.Model):
    """A judge on one panel: a round, and for a preliminary round one cluster."""

    __table_args__ = (UniqueConstraint("contest_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("cluster.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300), default="")
    # The unit the judge comes from: they must not score that unit's team.
    conflict_team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"))
    code: Mapped[str] = mapped_column(String(20))
    pin_hash: Mapped[str] = mapped_column(String(300), default="")
    login_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    is_head: Mapped[bool] = mapped_column(default=False)
    revoked_at: Mapped[datetime | None]
    # Bumped on revocation or re-issue; a session carrying an older epoch is refused.
    session_epoch: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    round = relationship("Round")
    cluster = relationship("Cluster")

    def get_id(self) -> str:
        return f"judge:{self.id}:{self.session_epoch}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
