"""Organizer login and logout."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from contest.auth.forms import LoginForm
from contest.extensions import db, limiter
from contest.services import accounts, audit

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not urlsplit(target).netloc and not target.startswith("//"):
        return target
    return url_for("organizer.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def login():  # type: ignore[no-untyped-def]
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.username.data, form.password.data)
        if user is None:
            audit.record("anonymous", "login.failed", f"username:{form.username.data[:80]}")
            db.session.commit()
            flash(_("Wrong username or password."), "error")
            return render_template("auth/login.html", form=form), 401
        next_url = _safe_next(request.args.get("next"))
        lang = session.get("lang")
        # A fresh session on login, so a session id planted before login is worthless.
        session.clear()
        if lang:
            session["lang"] = lang
        login_user(user)
        audit.record(user, "login", f"user:{user.id}")
        db.session.commit()
        return redirect(next_url)
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    return redirect(url_for("public.home"))
