"""Organizer-desk accounts."""

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from contest.domain.errors import DomainError
from contest.extensions import db
from contest.models import User
from contest.models.users import STAFF_ROLES
from contest.services import audit

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
    db.session.add(user)
    db.session.flush()
    audit.record("system", "user.create", f"user:{user.id}", new={"username": username, "role": role})
    return user


def authenticate(username: str, password: str) -> User | None:
    user = db.session.scalar(select(User).filter_by(username=username.strip().lower()))
    if user and user.active and check_password_hash(user.password_hash, password):
        return user
    return None
