"""A unit's own registration page, reached through its private invitation link.

No login: the token in the link is the credential, and it reaches exactly one registration.
The page is never cached and never leaks its address to other sites (Referrer-Policy).
"""

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _

from contest.domain.errors import DomainError
from contest.domain.registration import check_can_submit
from contest.error_messages import attach, message_for
from contest.extensions import db, limiter
from contest.models import Contest, Registration
from contest.models.base import utcnow
from contest.organizer.team_forms import UnitTeamForm
from contest.public.routes import bp
from contest.services import registration
from contest.services.lookup import scoped

PRIVATE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                   "X-Robots-Tag": "noindex, nofollow"}


def _closed_reason(found: Registration, contest: Contest) -> str | None:
    try:
        check_can_submit(found.status, contest.registration_open, contest.registration_deadline, utcnow())
    except DomainError as error:
        return message_for(error)
    return None


@bp.route("/register/<token>", methods=["GET", "POST"])
@limiter.limit("60 per minute")
def register(token: str):  # type: ignore[no-untyped-def]
    found = registration.find_by_token(token)
    if found is None:
        abort(404)
    contest = scoped(Contest, found.contest_id)
    form = UnitTeamForm()
    if not form.is_submitted() and found.payload:
        form.fill(found.payload)
    if form.validate_on_submit():
        try:
            problems = registration.submit(found, form.raw())
        except DomainError as error:
            db.session.rollback()
            flash(message_for(error), "error")
        else:
            if not problems:
                db.session.commit()
                flash(_("Thank you: your registration was sent to the organizing board."), "success")
                return redirect(url_for("public.register", token=token), 303)
            for message in attach(form, problems):
                flash(message, "error")
    page = render_template("public/register.html", contest=contest, registration=found, form=form,
                           closed_reason=_closed_reason(found, contest))
    response = make_response(page)
    response.headers.update(PRIVATE_HEADERS)
    return response
