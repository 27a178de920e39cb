"""A contest and its rules: rounds, clusters, parts, rubric criteria, prize tiers.

Every rule is data here; the domain package interprets it.
"""

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.base import utcnow

ROUND_KINDS = ("preliminary", "final")
SCORING_MODES = ("panel", "secretary")
AGGREGATIONS = ("mean", "trimmed")
PRIZE_KINDS = ("rank", "part", "audience")


class Contest(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    organizer_body: Mapped[str] = mapped_column(String(300), default="")
    year: Mapped[int]
    place: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    aggregation: Mapped[str] = mapped_column(String(20), default="trimmed")
    trim_min_judges: Mapped[int] = mapped_column(default=5)
    # Part codes in order, e.g. ["skit", "situation"]; then the head judge decides, else shared rank.
    tie_break: Mapped[list] = mapped_column(JSON, default=list)
    tie_fallback: Mapped[str] = mapped_column(String(20), default="head_judge")
    advance_per_cluster: Mapped[int] = mapped_column(default=1)
    advance_best_runners_up: Mapped[int] = mapped_column(default=0)
    advance_reserves: Mapped[int] = mapped_column(default=1)
    spread_flag_percent: Mapped[int] = mapped_column(default=20)
    registration_open: Mapped[bool] = mapped_column(default=False)
    registration_deadline: Mapped[datetime | None]
    published: Mapped[bool] = mapped_column(default=False)
    # On the public portal's lists (home, body pages, /api/v1/contests); the contest's own pages stay
    # reachable by their address either way. A contest made from the desk starts unlisted.
    listed: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The organizing body that runs the contest; its staff see and change it, its ancestors' read it.
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id", ondelete="RESTRICT"), index=True)
    # The next level: the contest this one sends its best team(s) to.
    feeds_contest_id: Mapped[int | None] = mapped_column(ForeignKey("contest.id", ondelete="SET NULL"), index=True)

    body = relationship("Body")
    feeds = relationship("Contest", remote_side="Contest.id")
    rounds: Mapped[list["Round"]] = relationship(
        back_populates="contest", order_by="Round.position", cascade="all, delete-orphan"
    )
    prize_tiers: Mapped[list["PrizeTier"]] = relationship(
        back_populates="contest", order_by="PrizeTier.position", cascade="all, delete-orphan"
    )


class Round(db.Model):
    __table_args__ = (UniqueConstraint("contest_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="preliminary")
    position: Mapped[int] = mapped_column(default=0)
    venue: Mapped[str] = mapped_column(String(300), default="")
    held_on: Mapped[date | None]
    locked_at: Mapped[datetime | None]

    contest: Mapped[Contest] = relationship(back_populates="rounds")
    clusters: Mapped[list["Cluster"]] = relationship(
        back_populates="round", order_by="Cluster.position", cascade="all, delete-orphan"
    )
    parts: Mapped[list["Part"]] = relationship(
        back_populates="round", order_by="Part.position", cascade="all, delete-orphan"
    )


class Cluster(db.Model):
    __table_args__ = (UniqueConstraint("round_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    venue: Mapped[str] = mapped_column(String(300), default="")
    held_on: Mapped[date | None]

    round: Mapped[Round] = relationship(back_populates="clusters")


class Part(db.Model):
    __table_args__ = (UniqueConstraint("round_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    max_points: Mapped[int]  # centipoints
    step: Mapped[int] = mapped_column(default=25)  # centipoints
    weight_percent: Mapped[int] = mapped_column(default=100)
    time_limit_seconds: Mapped[int | None]
    # e.g. {"kind": "bands", "bands": [[60, 25], [null, 50]]} or {"kind": "per_minute", "points": 100}
    penalty_rule: Mapped[dict | None] = mapped_column(JSON)
    scoring_mode: Mapped[str] = mapped_column(String(20), default="panel")
    quiz_questions: Mapped[int | None]
    quiz_points_per_question: Mapped[int | None]  # centipoints

    round: Mapped[Round] = relationship(back_populates="parts")
    criteria: Mapped[list["Criterion"]] = relationship(
        back_populates="part", order_by="Criterion.position", cascade="all, delete-orphan"
    )


class Criterion(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("part.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(default=0)
    max_points: Mapped[int]  # centipoints

    part: Mapped[Part] = relationship(back_populates="criteria")


class PrizeTier(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), index=True)
    round_kind: Mapped[str] = mapped_column(String(20), default="final")
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="rank")
    count: Mapped[int] = mapped_column(default=1)
    part_code: Mapped[str | None] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)

    contest: Mapped[Contest] = relationship(back_populates="prize_tiers")
