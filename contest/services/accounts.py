"""Organizer-desk accounts."""

import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from contest.domain.errors import DomainError
from contest.extensions import db
from contest.models import BodyRole, User
from contest.models.base import utcnow
from contest.models.users import STAFF_ROLES
from contest.services import audit, bodies, login_throttle

MIN_PASSWORD_LENGTH = 8


def create_user(username: str, password: str, *, role: str = "organizer", display_name: str = "") -> User:
    username = username.strip().lower()
    if not username:
        raise DomainError("username_empty", "The username is empty.")
    if role not in STAFF_ROLES:
        raise DomainError("role_unknown", "Unknown role.", role=role)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError("password_short", "The password is too short.", min=MIN_PASSWORD_LENGTH)
    if db.session.scalar(select(User).filter_by(username=username)):
        raise DomainError("username_taken", "This username is taken.", username=username)
    user = User(username=username, password_hash=generate_password_hash(password), role=role,
                display_name=display_name or username)
    user.body_roles.append(BodyRole(body_id=bodies.home_body().id, role=role))
    db.session.add(user)
    db.session.flush()
    audit.record("system", "user.create", f"user:{user.id}", new={"username": username, "role": role})
    return user


@dataclass
class LoginOutcome:
    """The user on success; otherwise how long this username must wait (0: just wrong)."""

    user: User | None
    retry_after: int = 0


def log_in(username: str, password: str, now: datetime | None = None) -> LoginOutcome:
    """Check a username and password; wrong guesses slow down that username only. Commits.

    An unknown username answers like a known one with a wrong password (same wait, same hash
    cost). Wrong passwords for a real account are audited; unknown names are only counted.
    """
    now = now or utcnow()
    key = login_throttle.user_key(username)
    wait = login_throttle.wait_seconds(key, now)
    if wait:
        db.session.rollback()
        return LoginOutcome(None, retry_after=wait)
    user = db.session.scalar(select(User).filter_by(username=username.strip().lower()))
    usable = user is not None and user.active
    if check_password_hash(user.password_hash if usable else _unknown_user_hash(), password) and usable:
        login_throttle.clear(key)
        db.session.commit()
        return LoginOutcome(user)
    failures, delay = login_throttle.record_failure(key, now)
    if usable:
        audit.record("anonymous", "login.failed", f"user:{user.id}", new={"failures": failures, "wait_seconds": delay})
    db.session.commit()
    return LoginOutcome(None, retry_after=delay)


@cache
def _unknown_user_hash() -> str:
    """A hash made like real ones, so checking an unknown username costs what checking a real one does."""
    return generate_password_hash(secrets.token_hex(16))


def change_password(user: User, current: str, new: str, now: datetime | None = None) -> None:
    """Set a new password after checking the current one. The caller ends the other sessions and commits.

    Wrong current passwords count in the username's slowdown, as at login: a stolen session
    cannot be used to guess the password. A wrong guess is committed before the refusal.
    """
    now = now or utcnow()
    key = login_throttle.user_key(user.username)
    wait = login_throttle.wait_seconds(key, now)
    if wait:
        raise DomainError("password_wait", "Too many wrong passwords.", seconds=wait)
    if not check_password_hash(user.password_hash, current):
        _failures, delay = login_throttle.record_failure(key, now)
        audit.record(user, "user.password_refused", f"user:{user.id}", new={"wait_seconds": delay})
        db.session.commit()
        raise DomainError("password_wrong", "The current password is wrong.")
    if len(new) < MIN_PASSWORD_LENGTH:
        raise DomainError("password_short", "The password is too short.", min=MIN_PASSWORD_LENGTH)
    login_throttle.clear(key)
    user.password_hash = generate_password_hash(new)
    audit.record(user, "user.password", f"user:{user.id}")
