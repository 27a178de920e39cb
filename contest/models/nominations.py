"""Sending teams up a level: a parent contest's call for nominations, quotas per child body, and
the nominations themselves (a child's team, its members and its model, on their way up).

A nomination keeps a copy of what travels (unit, leader, members, contact, model title) so the
child can edit it without touching its own contest's team, and a link back to the child's result
(team, prize, rank) so the parent sees where the team comes from.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.base import utcnow

NOMINATION_STATES = ("draft", "submitted", "approved", "returned", "withdrawn")


class NominationCall(db.Model):
    """A parent contest asking its child bodies for their best team(s) until a deadline."""

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), unique=True)
    # Naive UTC, compared with the server's clock (never a hall laptop's).
    deadline: Mapped[datetime | None]
    is_open: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    parent_contest = relationship("Contest")
    quotas: Mapped[list["NominationQuota"]] = relationship(back_populates="call", cascade="all, delete-orphan")


class NominationQuota(db.Model):
    """How many teams one child body may send (a body without a row may send the default, 1)."""

    __table_args__ = (UniqueConstraint("call_id", "body_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("nomination_call.id", ondelete="CASCADE"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id", ondelete="CASCADE"), index=True)
    teams: Mapped[int] = mapped_column(default=1)

    call: Mapped[NominationCall] = relationship(back_populates="quotas")


class Nomination(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("nomination_call.id", ondelete="CASCADE"), index=True)
    parent_contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), index=True)
    child_body_id: Mapped[int] = mapped_column(ForeignKey("body.id", ondelete="CASCADE"), index=True)
    child_contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), index=True)
    # The link back to the child's result; the team row may be deleted later, its name stays below.
    child_team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"), index=True)
    child_team_name: Mapped[str] = mapped_column(String(200), default="")
    prize: Mapped[str] = mapped_column(String(200), default="")
    rank: Mapped[int | None]
    # What travels up: the unit the team represents at the parent level and its people.
    unit: Mapped[str] = mapped_column(String(200))
    unit_type: Mapped[str] = mapped_column(String(30), default="urban_district")
    team_name: Mapped[str] = mapped_column(String(200))
    leader: Mapped[str] = mapped_column(String(200), default="")
    members: Mapped[list] = mapped_column(JSON, default=list)  # [{"full_name", "role"}]
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    contact_email: Mapped[str] = mapped_column(String(200), default="")
    model_title: Mapped[str] = mapped_column(String(400), default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    return_reason: Mapped[str] = mapped_column(Text, default="")
    parent_team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]

    call: Mapped[NominationCall] = relationship()
    child_body = relationship("Body")
    child_contest = relationship("Contest", foreign_keys=[child_contest_id])


__all__ = ["NOMINATION_STATES", "Nomination", "NominationCall", "NominationQuota"]
