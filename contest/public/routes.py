"""Pages anyone may open: the home page with every contest, and a contest's page."""

from flask import Blueprint, render_template

from contest.services import contests

bp = Blueprint("public", __name__)


@bp.get("/")
def home():  # type: ignore[no-untyped-def]
    return render_template("public/home.html", contests=contests.list_contests())


@bp.get("/c/<slug>")
def contest_page(slug: str):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    grouped = {rnd.id: contests.entries_by_cluster(rnd) for rnd in contest.rounds}
    return render_template("public/contest.html", contest=contest, grouped=grouped)


# A unit's registration page (token link) lives in its own module; importing it registers the view.
from contest.public import registration_routes  # noqa: E402, F401

# The published results and their printable view (the results helper's module).
from contest.public import results_routes  # noqa: E402, F401
