"""Draw records: everything needed to re-run a draw by lot and check it (seed, inputs, algorithm
version) beside what it gave, its status and how far the projector has revealed it."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.base import utcnow

DRAW_KINDS = ("clusters", "running_order", "packages")
# preview: drawn, not yet binding; confirmed: written to the entries; discarded: replaced by a
# later preview (kept, so every re-draw stays visible).
DRAW_STATES = ("preview", "confirmed", "discarded")
SEED_SOURCES = ("typed", "generated")


class Draw(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(200), default="")  # e.g. the part whose packages are drawn
    seed: Mapped[str] = mapped_column(String(200))
    seed_source: Mapped[str] = mapped_column(String(20), default="typed")
    algorithm_version: Mapped[int]
    inputs: Mapped[dict] = mapped_column(JSON)  # contest.domain.draw input, as to_dict() gives it
    result: Mapped[dict] = mapped_column(JSON)  # contest.domain.draw DrawResult.to_dict()
    # Draw keys (team and cluster names) -> row ids at drawing time: renames cannot break a record.
    refs: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="preview")
    revealed: Mapped[int] = mapped_column(default=0)  # steps shown on the projector so far
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_by: Mapped[str | None] = mapped_column(String(120))
    confirmed_at: Mapped[datetime | None]

    round = relationship("Round")

    @property
    def total_steps(self) -> int:
        return len(self.result.get("steps", []))
