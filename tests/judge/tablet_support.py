"""Helpers for the tablet-side judge tests: known PINs, login by link or PIN, audit actions."""

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from contest.extensions import db
from contest.models import AuditEvent, Judge
from contest.models.logins import LoginThrottle
from contest.services import judges, login_throttle
from tests.conftest import csrf_token_from


def set_pin(app: Flask, code: str) -> str:
    """Give a demo judge a fresh PIN and return it (the demo does not print PINs)."""
    with app.app_context():
        judge = db.session.scalar(select(Judge).filter_by(code=code))
        pin = judges.issue_pin(judge)
        db.session.commit()
    return pin


def judge_row(app: Flask, code: str) -> dict:
    """The judge, with the wrong-PIN count and block of its code."""
    with app.app_context():
        judge = db.session.scalar(select(Judge).filter_by(code=code))
        throttle = db.session.get(LoginThrottle, login_throttle.judge_key(judge.contest_id, code))
        return {"id": judge.id, "failed": throttle.failures if throttle else 0,
                "blocked_until": throttle.blocked_until if throttle else None,
                "epoch": judge.session_epoch, "revoked_at": judge.revoked_at, "name": judge.name}


def pin_login(client: FlaskClient, code: str, pin: str, contest_id: int):  # type: ignore[no-untyped-def]
    token = csrf_token_from(client.get("/judge/login").get_data(as_text=True))
    return client.post("/judge/login", data={"contest": contest_id, "code": code, "pin": pin, "csrf_token": token})


def audit_actions(app: Flask) -> list[tuple[str, str]]:
    with app.app_context():
        return [(e.action, e.subject) for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
