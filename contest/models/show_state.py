"""What the audience is shown: published standings snapshots, freeze and reveal, votes, finalists.

``StandingsFeed`` is derived data (rebuilt from the score sheets at any time); the other tables
record organizer decisions. Versions are per round and persisted, so they survive restarts and
are shared by every server process.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from contest.extensions import db
from contest.models.base import utcnow

# Public board modes of a round.
MODE_LIVE = "live"  # the public sees every change
MODE_HIDDEN = "hidden"  # the public sees the running order, no score
MODE_FROZEN = "frozen"  # the public sees the board as it was when frozen
MODE_REVEAL = "reveal"  # the public sees the ceremony's revealed steps only
BOARD_MODES = (MODE_LIVE, MODE_HIDDEN, MODE_FROZEN, MODE_REVEAL)

OVERLAY_VIEWS = ("lower", "slate", "off")

# Audience vote modes: "open" counts one vote per phone cookie (informal: a cookie is the client's
# to choose); "codes" counts one vote per printed one-time code (the honest mode for a real prize).
VOTE_OPEN = "open"
VOTE_CODES = "codes"
VOTE_MODES = (VOTE_OPEN, VOTE_CODES)


class StandingsFeed(db.Model):
    """The last published standings of a round, exactly as sent (JSON text), with their versions.

    The public and staff streams have separate counters: while the board is frozen the staff
    version moves and the public one does not, so not even the number of changes leaks.
    """

    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), primary_key=True)
    public_version: Mapped[int] = mapped_column(default=0)
    staff_version: Mapped[int] = mapped_column(default=0)
    public_update: Mapped[str] = mapped_column(Text, default="")
    public_snapshot: Mapped[str] = mapped_column(Text, default="")
    public_card: Mapped[str] = mapped_column(Text, default="")
    staff_snapshot: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime] = mapped_column(default=utcnow)


class BoardState(db.Model):
    """The organizer's choice of what the public sees of a round, and the ceremony's progress."""

    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), primary_key=True)
    mode: Mapped[str] = mapped_column(String(20), default=MODE_LIVE)
    # The public board when it was frozen: {"rows": [[entry, total, rank, cluster rank], ...], ...}
    frozen_board: Mapped[dict | None] = mapped_column(JSON)
    frozen_at: Mapped[datetime | None]
    # The ceremony: {"cluster": id | None, "steps": [...]}, last place first, fixed when prepared.
    reveal_plan: Mapped[dict | None] = mapped_column(JSON)
    revealed_steps: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(120), default="")


class ShowSettings(db.Model):
    """Contest-wide screen settings: which round/cluster the screens follow, voting, the TV overlay."""

    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), primary_key=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("round.id", ondelete="SET NULL"))
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("cluster.id", ondelete="SET NULL"))
    voting_open: Mapped[bool] = mapped_column(default=False)
    voting_round_id: Mapped[int | None] = mapped_column(ForeignKey("round.id", ondelete="SET NULL"))
    vote_mode: Mapped[str] = mapped_column(String(10), default=VOTE_OPEN, server_default=VOTE_OPEN)
    overlay: Mapped[str] = mapped_column(String(20), default="lower")
    version: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class VoteCode(db.Model):
    """A one-time audience vote code, printed as a QR code for a seat or a delegation."""

    __table_args__ = (UniqueConstraint("contest_id", "code", name="uq_vote_code_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), index=True)
    # Upper-case letters and digits without look-alikes (no 0/O, 1/I/L), printed in two groups of four.
    code: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]


class AudienceVote(db.Model):
    """One vote for the audience favourite: one per phone (open mode) or per code (codes mode) and contest.

    ``voter`` is the phone's cookie id, or ``code:<id>`` for a code's vote: the unique key holds both."""

    __table_args__ = (UniqueConstraint("contest_id", "voter", name="uq_audience_vote_voter"),
                      UniqueConstraint("code_id", name="uq_audience_vote_code"))

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    # A random id kept in the phone's cookie (no personal data).
    voter: Mapped[str] = mapped_column(String(64))
    code_id: Mapped[int | None] = mapped_column(ForeignKey("vote_code.id", ondelete="SET NULL"))
    # The sender's network address: shown to organizers (votes per address) so stuffing is visible.
    address: Mapped[str] = mapped_column(String(45), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TieDecision(db.Model):
    """A head-judge decision ordering teams that are still tied after the tie-break parts."""

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    # Team ids, best first.
    team_ids: Mapped[list] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(120))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Finalist(db.Model):
    """A team sent to the next round (or named reserve) when the organizer applied advancement."""

    __table_args__ = (UniqueConstraint("from_round_id", "team_id", name="uq_finalist_team"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    from_round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    to_round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"))
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(30))
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("cluster.id", ondelete="SET NULL"))
    place: Mapped[int]
    # Reserves are called in this order (1 first); None for teams that go through.
    reserve_order: Mapped[int | None]
    applied_by: Mapped[str] = mapped_column(String(120))
    applied_at: Mapped[datetime] = mapped_column(default=utcnow)


__all__ = ["AudienceVote", "BoardState", "Finalist", "ShowSettings", "StandingsFeed", "TieDecision", "VoteCode"]
