"""Teams, their members, their entries into rounds, and unit self-registration."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.base import utcnow

UNIT_TYPES = ("urban_district", "rural_district", "town", "city_unit")
MEMBER_ROLES = ("official", "reserve", "supporting")
REGISTRATION_STATES = ("invited", "submitted", "returned", "approved")


class Team(db.Model):
    __table_args__ = (UniqueConstraint("contest_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    unit_type: Mapped[str] = mapped_column(String(30))
    # The geographic emulation cluster the unit belongs to, used by the "fixed" cluster rule.
    home_cluster: Mapped[str] = mapped_column(String(100), default="")
    seeded: Mapped[bool] = mapped_column(default=False)
    leader: Mapped[str] = mapped_column(String(200), default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    contact_email: Mapped[str] = mapped_column(String(200), default="")
    model_title: Mapped[str] = mapped_column(String(400), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    members: Mapped[list["Member"]] = relationship(
        back_populates="team", order_by="Member.position", cascade="all, delete-orphan"
    )
    entries: Mapped[list["Entry"]] = relationship(back_populates="team", cascade="all, delete-orphan")

    @property
    def withdrawn(self) -> bool:
        """Pulled out of the contest: every entry of the team is withdrawn."""
        return bool(self.entries) and all(e.withdrawn for e in self.entries)


class Member(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="official")
    position: Mapped[int] = mapped_column(default=0)

    team: Mapped[Team] = relationship(back_populates="members")


class Entry(db.Model):
    """A team taking part in one round, in a cluster (preliminary) and a running order."""

    __table_args__ = (UniqueConstraint("round_id", "team_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("cluster.id", ondelete="SET NULL"), index=True)
    running_order: Mapped[int | None]
    withdrawn: Mapped[bool] = mapped_column(default=False)

    team: Mapped[Team] = relationship(back_populates="entries")
    round = relationship("Round")
    cluster = relationship("Cluster")


class Registration(db.Model):
    """A unit invited to register its own team through a private link."""

    __table_args__ = (UniqueConstraint("contest_id", "unit_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), index=True)
    unit_name: Mapped[str] = mapped_column(String(200))
    unit_key: Mapped[str] = mapped_column(String(200))
    unit_type: Mapped[str] = mapped_column(String(30), default="urban_district")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="invited")
    return_reason: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict | None] = mapped_column(JSON)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"))
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
