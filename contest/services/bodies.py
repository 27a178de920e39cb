"""Organizing bodies: the tree of boards that run contests, and where new rows go by default."""

from sqlalchemy import select

from contest.extensions import db
from contest.models import Body

HOME_SLUG = "ban-to-chuc"
HOME_NAME = "Ban Tổ chức"


def home_body(name: str = "") -> Body:
    """The body a single-board install works in: the first top-level body, created on first use.

    A board that never asks for a tree (one district's laptop) keeps working as before: its
    contests and accounts all belong to this one body.
    """
    body = db.session.scalar(select(Body).where(Body.parent_id.is_(None)).order_by(Body.id).limit(1))
    if body is None:
        body = Body(slug=HOME_SLUG, name=(name or HOME_NAME)[:300])
        db.session.add(body)
        db.session.flush()
    return body
