"""Login: who a session belongs to, and the session's cookie hygiene."""

from flask import Flask, session
from flask_login import current_user, login_user, logout_user

from contest.extensions import db, login_manager
from contest.models import Judge, User


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    # Session protection "strong" drops a session whose client fingerprint changes.
    login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(user_id: str) -> User | Judge | None:
    """Session ids are "user:<id>" or "judge:<id>:<epoch>"; an old judge epoch means revoked."""
    kind, _, rest = user_id.partition(":")
    if kind == "user" and rest.isdigit():
        user = db.session.get(User, int(rest))
        return user if user and user.active else None
    if kind == "judge":
        judge_id, _, epoch = rest.partition(":")
        if not (judge_id.isdigit() and epoch.isdigit()):
            return None
        judge = db.session.get(Judge, int(judge_id))
        if judge and judge.revoked_at is None and judge.session_epoch == int(epoch):
            return judge
    return None


def _reset_session() -> None:
    """Drop everything in the session but the reader's language choice."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def begin_session(user: User | Judge, *, permanent: bool = False) -> None:
    """Log in on a fresh session, so a session id planted before login is worthless."""
    _reset_session()
    login_user(user)
    session.permanent = permanent


def end_session() -> None:
    if current_user.is_authenticated:
        logout_user()
    _reset_session()
