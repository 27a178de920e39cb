"""Certificate templates: what the organizer adjusts before printing certificates in bulk.

One template per contest and kind: ``team`` (collectives, by prize) and ``individual`` (team
members, or a list the organizer imported, kept in ``imported`` as [{"name", "unit"}]).
"""

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from contest.extensions import db
from contest.models.base import utcnow

CERTIFICATE_KINDS = ("team", "individual")


class CertificateTemplate(db.Model):
    __table_args__ = (UniqueConstraint("contest_id", "kind", name="uq_certificate_template_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    # Placeholders: {name} {team} {prize} {contest} {round} {year} {unit}
    body: Mapped[str] = mapped_column(Text)
    issuer: Mapped[str] = mapped_column(String(300), default="")
    signer_prefix: Mapped[str] = mapped_column(String(200), default="")
    signer_title: Mapped[str] = mapped_column(String(300), default="")
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    issued_on: Mapped[date | None]
    number_prefix: Mapped[str] = mapped_column(String(40), default="")
    background: Mapped[bytes | None] = mapped_column(LargeBinary)
    background_name: Mapped[str] = mapped_column(String(200), default="")
    imported: Mapped[list | None] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(120), default="")


__all__ = ["CERTIFICATE_KINDS", "CertificateTemplate"]
