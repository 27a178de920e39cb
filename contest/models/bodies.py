"""Organizing bodies (đơn vị tổ chức) in a tree, and the roles desk accounts hold in them.

The tree's depth is data: a city with districts and wards, or (since July 2025) a province with
communes only. Every contest belongs to one body; a desk account acts through its roles in bodies.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.base import utcnow


class Body(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    # A label of the body's level as people say it ("Thành phố", "Quận/huyện", "Phường/xã",
    # "Đơn vị cấp thành phố"); the tree, not this label, decides who sees what.
    level: Mapped[str] = mapped_column(String(60), default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("body.id", ondelete="RESTRICT"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    parent: Mapped["Body | None"] = relationship(remote_side="Body.id", back_populates="children")
    children: Mapped[list["Body"]] = relationship(back_populates="parent", order_by="Body.position, Body.name")


class BodyRole(db.Model):
    """One role (organizer, head judge, secretary) of one desk account in one body."""

    __table_args__ = (UniqueConstraint("user_id", "body_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    body: Mapped[Body] = relationship()
