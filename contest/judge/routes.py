"""The judge's tablet pages: login by one-time link or code + PIN, logout, the scoring page."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.auth.guards import judge_required
from contest.extensions import limiter, login_manager
from contest.judge import bp, texts
from contest.judge.api import clock_token
from contest.judge.forms import JudgeLoginForm
from contest.models import Contest, Judge
from contest.security import begin_session, end_session, login_address_limit
from contest.services import judge_access
from contest.services.lookup import scoped


@bp.record_once
def _judge_login_view(_state: object) -> None:
    # A judge whose session ended lands on the code + PIN form, not the organizer login.
    login_manager.blueprint_login_views["judge"] = "judge.pin_login"


@bp.after_request
def _no_store(response: Response) -> Response:
    # Login links and PINs must not linger in caches or leak through the Referer header.
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


def _start_session(judge: Judge) -> None:
    """A fresh session for the judge: a session id planted before login is worthless."""
    # A tablet's browser may be closed between two performances: keep the judge logged in.
    begin_session(judge, permanent=True)


@bp.get("/login/<token>")
@limiter.limit(login_address_limit)
def link_login(token: str):  # type: ignore[no-untyped-def]
    judge = judge_access.consume_login_token(token)
    if judge is None:
        return render_template("judge/link_invalid.html"), 410
    _start_session(judge)
    return redirect(url_for("judge.tablet"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_address_limit, methods=["POST"])
def pin_login():  # type: ignore[no-untyped-def]
    form = JudgeLoginForm()
    contests = judge_access.contests_with_judges()
    form.contest.choices = [(c.id, c.name) for c in contests]
    if request.method == "GET" and contests:
        form.contest.data = contests[0].id
    if not form.validate_on_submit():
        return render_template("judge/login.html", form=form, single_contest=len(contests) == 1)
    outcome = judge_access.login_with_pin(form.contest.data, form.code.data, form.pin.data)
    if outcome.judge is not None:
        _start_session(outcome.judge)
        return redirect(url_for("judge.tablet"))
    # A known code and an unknown one answer alike (see judge_access.login_with_pin).
    if outcome.retry_after:
        message = _("Too many wrong PINs for this judge code. Try again in %(seconds)d seconds.",
                    seconds=outcome.retry_after)
        status = 429
    else:
        message = _("Wrong judge code or PIN.")
        status = 401
    flash(message, "error")
    form.pin.data = ""
    return render_template("judge/login.html", form=form, single_contest=len(contests) == 1), status


@bp.post("/logout")
def logout():  # type: ignore[no-untyped-def]
    end_session()
    return redirect(url_for("judge.pin_login"))


@bp.get("/")
@judge_required
def tablet():  # type: ignore[no-untyped-def]
    judge: Judge = current_user._get_current_object()
    contest = scoped(Contest, judge.contest_id)
    panel = f"{judge.round.name} · {judge.cluster.name}" if judge.cluster else judge.round.name
    config = {
        # Stage pushes go to every judge of the contest: the tablet keeps those of its own stage.
        "judge": {"id": judge.id, "code": judge.code, "name": judge.name, "round": judge.round.slug,
                  "cluster_id": judge.cluster_id},
        "contest": contest.slug,
        "urls": {
            "state": url_for("judge.tablet") + "api/state",
            "sheets": url_for("judge.tablet") + "api/sheets",
            "login": url_for("judge.pin_login"),
            "socket": request.script_root + "/socket.io",
        },
        "timezone": "Asia/Ho_Chi_Minh",
        "clock": clock_token(judge),
        "texts": texts.tablet_texts(),
    }
    return render_template("judge/tablet.html", judge=judge, contest=contest, panel=panel, config=config)
