"""Reading the database from organizer tests (plain values, outside any request)."""

from typing import Any

from flask import Flask
from sqlalchemy import func, select

from contest.extensions import db
from contest.models import AuditEvent, Contest, Team


def count(app: Flask, model: type, **filters: Any) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).filter_by(**filters))


def audit_actions(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def contest_id(app: Flask, slug: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Contest.id).filter_by(slug=slug))


def team_names(app: Flask, slug: str) -> list[str]:
    with app.app_context():
        cid = db.session.scalar(select(Contest.id).filter_by(slug=slug))
        return sorted(db.session.scalars(select(Team.name).filter_by(contest_id=cid)))
