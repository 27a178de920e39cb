"""Login: who a session belongs to, whether that session is still open, and cookie hygiene.

Flask's session is a signed cookie: it cannot be revoked by itself. So each login also opens a
row on the server (``services.login_sessions``) whose random key rides in the cookie; a request
is authenticated only while that row exists and the session has not outlived its limits.
Logging out deletes the row, so a copied cookie stops working at once.
"""

import time
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app, session
from flask_login import current_user, login_user, logout_user

from contest.domain.session_life import SessionLimits, session_expired
from contest.extensions import db, login_manager
from contest.models import Judge, User
from contest.models.base import utcnow
from contest.services import login_sessions

SESSION_KEY = "login_key"
LAST_SEEN = "seen"
# Re-sign the cookie's last-seen time at most this often: not a new cookie on every request.
SEEN_RESOLUTION_SECONDS = 60


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    # Session protection "strong" drops a session whose client fingerprint changes.
    login_manager.session_protection = "basic"


def login_address_limit() -> str:
    """The per-address limit on login attempts, looser than the per-name slowdown (the hall may share an address)."""
    return current_app.config["LOGIN_ADDRESS_LIMIT"]


def session_limits(account: User | Judge) -> SessionLimits:
    config = current_app.config
    if isinstance(account, Judge):
        return SessionLimits(lifetime=timedelta(hours=config["JUDGE_SESSION_HOURS"]))
    return SessionLimits(lifetime=timedelta(hours=config["SESSION_MAX_HOURS"]),
                         idle=timedelta(minutes=config["SESSION_IDLE_MINUTES"]))


@login_manager.user_loader
def load_user(user_id: str) -> User | Judge | None:
    account = _account(user_id)
    if account is None or not _session_open(account):
        return None
    return account


def _account(user_id: str) -> User | Judge | None:
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


def _session_open(account: User | Judge) -> bool:
    """The cookie's server-side session exists and is within its idle time and lifetime."""
    key = session.get(SESSION_KEY)
    row = login_sessions.find(account, key) if isinstance(key, str) else None
    if row is None:
        return False
    limits = session_limits(account)
    seen = session.get(LAST_SEEN)
    last_seen = datetime.fromtimestamp(seen, UTC).replace(tzinfo=None) if isinstance(seen, int) else None
    if session_expired(row.created_at, last_seen, utcnow(), limits):
        return False
    # The last-seen time lives in the signed cookie, not the database: no write per request,
    # and a stolen copy of the cookie keeps the time it was copied at.
    if limits.idle is not None and (last_seen is None or time.time() - seen >= SEEN_RESOLUTION_SECONDS):
        session[LAST_SEEN] = int(time.time())
    return True


def _reset_session() -> None:
    """Drop everything in the session but the reader's language choice."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def begin_session(account: User | Judge, *, permanent: bool = False) -> None:
    """Log in on a fresh session, so a session id planted before login is worthless. Commits.

    A session this browser had before (another account, or the same judge logging in again)
    is closed on the server first.
    """
    _close_server_session()
    _reset_session()
    login_user(account)
    session[SESSION_KEY] = login_sessions.open_session(account, session_limits(account).lifetime, utcnow())
    session[LAST_SEEN] = int(time.time())
    session.permanent = permanent
    db.session.commit()


def end_session() -> None:
    """Log out here and on the server: the cookie, and any copy of it, stops working. Commits."""
    _close_server_session()
    db.session.commit()
    if current_user.is_authenticated:
        logout_user()
    _reset_session()


def renew_session(account: User | Judge) -> int:
    """End every other session of the account, and this one too, then log this browser in afresh.

    A copy of this browser's own cookie (the usual way a session is stolen) dies with the rest.
    Returns how many other sessions ended. Commits (with whatever the caller has pending).
    """
    ended = login_sessions.close_others(account, session.get(SESSION_KEY))
    begin_session(account, permanent=session.permanent)
    return ended


def _close_server_session() -> None:
    key = session.get(SESSION_KEY)
    if isinstance(key, str):
        login_sessions.close(key)
