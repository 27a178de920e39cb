"""Organizer login and logout, and the staff account page (password, other sessions)."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.auth.forms import LoginForm, PasswordChangeForm
from contest.auth.guards import staff_required
from contest.domain.errors import DomainError
from contest.error_messages import message_for
from contest.extensions import db, limiter
from contest.security import begin_session, end_session, login_address_limit, renew_session
from contest.services import accounts, audit

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not urlsplit(target).netloc and not target.startswith("//"):
        return target
    return url_for("organizer.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_address_limit, methods=["POST"])
def login():  # type: ignore[no-untyped-def]
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form)
    outcome = accounts.log_in(form.username.data, form.password.data)
    if outcome.user is None:
        if outcome.retry_after:
            flash(_("Too many wrong passwords for this username. Try again in %(seconds)d seconds.",
                    seconds=outcome.retry_after), "error")
            return render_template("auth/login.html", form=form), 429
        flash(_("Wrong username or password."), "error")
        return render_template("auth/login.html", form=form), 401
    next_url = _safe_next(request.args.get("next"))
    audit.record(outcome.user, "login", f"user:{outcome.user.id}")
    begin_session(outcome.user)
    return redirect(next_url)


@bp.post("/logout")
def logout():  # type: ignore[no-untyped-def]
    end_session()
    return redirect(url_for("public.home"))


@bp.get("/account")
@staff_required()
def account():  # type: ignore[no-untyped-def]
    return render_template("auth/account.html", form=PasswordChangeForm())


@bp.post("/account/password")
@staff_required()
def change_password():  # type: ignore[no-untyped-def]
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            accounts.change_password(user, form.current.data, form.new.data)
        except DomainError as error:
            db.session.rollback()
            field = form.new if error.code == "password_short" else form.current
            field.errors.append(message_for(error))
        else:
            # A password changed because it leaked must also end the sessions opened with it.
            ended = renew_session(user)
            flash(_("Password changed. %(count)d other sessions of this account were logged out.", count=ended),
                  "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form), 422


@bp.post("/account/sessions/end-others")
@staff_required()
def end_others():  # type: ignore[no-untyped-def]
    user = current_user._get_current_object()
    audit.record(user, "user.logout_others", f"user:{user.id}")
    ended = renew_session(user)
    flash(_("%(count)d other sessions of this account were logged out.", count=ended), "success")
    return redirect(url_for("auth.account"))
