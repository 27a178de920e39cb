"""Organizer-desk accounts."""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from contest.domain.errors import DomainError
from contest.extensions import db
from contest.models import Body, BodyRole, User
from contest.models.base import utcnow
from contest.models.users import STAFF_ROLES
from contest.services import audit, bodies, login_throttle

MIN_PASSWORD_LENGTH = 8


def create_user(username: str, password: str, *, role: str | Sequence[str] = "organizer",
                body: Body | None = None, is_admin: bool = False, display_name: str = "",
                actor: User | str = "system") -> User:
    """A desk account holding ``role`` (one or several) in ``body`` (the home body by default).

    ``is_admin``: a system administrator, who manages bodies and looks at every contest; the
    install's first account always is one (someone must be able to create the bodies). The caller
    commits.
    """
    username = username.strip().lower()
    roles = _roles(role)
    if not username:
        raise DomainError("username_empty", "The username is empty.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError("password_short", "The password is too short.", min=MIN_PASSWORD_LENGTH)
    if db.session.scalar(select(User).filter_by(username=username)):
        raise DomainError("username_taken", "This username is taken.", username=username)
    body = body or bodies.home_body()
    is_admin = is_admin or is_first_account()
    user = User(username=username, password_hash=generate_password_hash(password),
                display_name=display_name or username, is_admin=is_admin)
    user.body_roles.extend(BodyRole(body_id=body.id, role=one) for one in roles)
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user.create", f"user:{user.id}",
                 new={"username": username, "body": body.slug, "roles": list(roles), "is_admin": is_admin})
    return user


def _roles(role: str | Sequence[str]) -> tuple[str, ...]:
    roles = (role,) if isinstance(role, str) else tuple(dict.fromkeys(role))
    if not roles:
        raise DomainError("role_unknown", "Unknown role.", role="")
    for one in roles:
        if one not in STAFF_ROLES:
            raise DomainError("role_unknown", "Unknown role.", role=one)
    return roles


def grant_role(user: User, body: Body, role: str, *, actor: User | str) -> bool:
    """Give ``user`` ``role`` in ``body``; False when it already held it. Audited; the caller commits."""
    _roles(role)
    if any(held.body_id == body.id and held.role == role for held in user.body_roles):
        return False
    user.body_roles.append(BodyRole(body_id=body.id, role=role))
    db.session.flush()
    audit.record(actor, "user.role_grant", f"user:{user.id}", new={"body": body.slug, "role": role})
    return True


def revoke_role(user: User, body: Body, role: str, *, actor: User | str) -> bool:
    """Take ``role`` in ``body`` away from ``user``; False when it did not hold it. Audited; the caller commits."""
    held = next((held for held in user.body_roles if held.body_id == body.id and held.role == role), None)
    if held is None:
        return False
    user.body_roles.remove(held)
    db.session.flush()
    audit.record(actor, "user.role_revoke", f"user:{user.id}", old={"body": body.slug, "role": role})
    return True


def find_user(username: str) -> User:
    """The desk account called ``username``; a refusal naming the field when there is none."""
    user = db.session.scalar(select(User).filter_by(username=username.strip().lower()))
    if user is None:
        raise DomainError("user_unknown", "No such account.", field="username", username=username.strip())
    return user


def is_first_account() -> bool:
    """True while no desk account exists: the first one made becomes the system administrator."""
    return db.session.scalar(select(func.count(User.id))) == 0


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
