"""Judging records: score sheet versions, locks, absences, quiz marks, penalties, stage state.

Score sheets are append-only: a correction is a new row with the next version. Only the
review fields of a sheet that arrived after a lock change, and that change is audited.
Points are integer centipoints.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.base import utcnow

SHEET_RECEIVED = "received"
SHEET_PENDING = "pending_review"
SHEET_ACCEPTED = "accepted"
SHEET_REJECTED = "rejected"
SHEET_STATES = (SHEET_RECEIVED, SHEET_PENDING, SHEET_ACCEPTED, SHEET_REJECTED)
# States whose sheet takes part in the scores (the latest such version counts).
COUNTED_STATES = (SHEET_RECEIVED, SHEET_ACCEPTED)

PENALTY_SOURCES = ("overtime", "manual")


class ScoreSheet(db.Model):
    """One version of one judge's sheet for one entry and one part."""

    __table_args__ = (
        # The idempotency key: a retry can never store a second row.
        UniqueConstraint("judge_id", "idem_key", name="uq_score_sheet_judge_key"),
        # Two concurrent corrections cannot both take version n; the loser retries with n+1.
        UniqueConstraint("judge_id", "entry_id", "part_id", "version", name="uq_score_sheet_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), index=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("judge.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("part.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    idem_key: Mapped[str] = mapped_column(String(64))
    body_hash: Mapped[str] = mapped_column(String(64))
    # {"<criterion id>": centipoints, ...} or {"total": centipoints}
    values: Mapped[dict] = mapped_column(JSON)
    total: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default=SHEET_RECEIVED)
    captured_at: Mapped[datetime | None]  # the tablet's own clock: shown, never trusted
    # When the judge confirmed it by the server's clock (signed clock + elapsed time, see judge_clock);
    # None for a sheet sent without a clock. This, not captured_at, decides "before the lock".
    confirmed_at: Mapped[datetime | None]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    reviewed_by: Mapped[str | None] = mapped_column(String(120))
    reviewed_at: Mapped[datetime | None]
    review_note: Mapped[str] = mapped_column(Text, default="")

    judge = relationship("Judge")
    entry = relationship("Entry")
    part = relationship("Part")

    @property
    def counted_state(self) -> bool:
        return self.status in COUNTED_STATES


class EntryLock(db.Model):
    """A team locked in a round: no more sheets or corrections for it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), unique=True)
    locked_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_by: Mapped[str] = mapped_column(String(120))


class Absence(db.Model):
    """A sheet that will never come: the judge was absent for this team's part, with the reason."""

    __table_args__ = (UniqueConstraint("judge_id", "entry_id", "part_id", name="uq_absence_cell"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("judge.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("part.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    marked_by: Mapped[str] = mapped_column(String(120))
    marked_at: Mapped[datetime] = mapped_column(default=utcnow)


class QuizMark(db.Model):
    """The secretary's mark for one question of a team's knowledge part."""

    __table_args__ = (UniqueConstraint("entry_id", "part_id", "question", name="uq_quiz_mark"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("part.id", ondelete="CASCADE"), index=True)
    question: Mapped[int]  # 1-based
    correct: Mapped[bool]
    marked_by: Mapped[str] = mapped_column(String(120))
    marked_at: Mapped[datetime] = mapped_column(default=utcnow)


class Penalty(db.Model):
    """Points deducted from a team (positive centipoints); withdrawn ones stay, marked."""

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    # None: the team as a whole, not one part.
    part_id: Mapped[int | None] = mapped_column(ForeignKey("part.id", ondelete="CASCADE"), index=True)
    amount: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20), default="manual")
    # For overtime: the measured seconds, so the amount can be re-derived and checked.
    elapsed_seconds: Mapped[int | None]
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_by: Mapped[str | None] = mapped_column(String(120))
    withdrawn_at: Mapped[datetime | None]

    part = relationship("Part")


class StageState(db.Model):
    """What happens on one stage (a round, and a cluster in a preliminary): team, part, timer."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # "<round id>:<cluster id or 0>": unique even where cluster is NULL (NULLs never collide).
    scope: Mapped[str] = mapped_column(String(40), unique=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("cluster.id", ondelete="CASCADE"))
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entry.id", ondelete="SET NULL"))
    part_id: Mapped[int | None] = mapped_column(ForeignKey("part.id", ondelete="SET NULL"))
    # The timer measures the team and part on stage when it was started (server clock, UTC).
    timer_entry_id: Mapped[int | None] = mapped_column(ForeignKey("entry.id", ondelete="SET NULL"))
    timer_part_id: Mapped[int | None] = mapped_column(ForeignKey("part.id", ondelete="SET NULL"))
    timer_started_at: Mapped[datetime | None]
    timer_stopped_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(120), default="")

    entry = relationship("Entry", foreign_keys=[entry_id])
    part = relationship("Part", foreign_keys=[part_id])
    timer_part = relationship("Part", foreign_keys=[timer_part_id])

    @staticmethod
    def scope_key(round_id: int, cluster_id: int | None) -> str:
        return f"{round_id}:{cluster_id or 0}"

    @property
    def timer_running(self) -> bool:
        return self.timer_started_at is not None and self.timer_stopped_at is None


__all__ = ["Absence", "EntryLock", "Penalty", "QuizMark", "ScoreSheet", "StageState"]
