"""The organizing board's desk: contests, rounds, teams."""

from flask import Blueprint, render_template

from contest.auth.guards import staff_required
from contest.services import contests

bp = Blueprint("organizer", __name__)


@bp.get("/")
@staff_required()
def dashboard():  # type: ignore[no-untyped-def]
    return render_template("organizer/dashboard.html", contests=contests.list_contests())


@bp.get("/contests/<slug>")
@staff_required()
def contest_overview(slug: str):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    grouped = {rnd.id: contests.entries_by_cluster(rnd) for rnd in contest.rounds}
    return render_template("organizer/contest.html", contest=contest, grouped=grouped)


# Setup and registration pages live in their own modules; importing them registers their views.
from contest.organizer import (  # noqa: E402
    draw_routes,  # noqa: F401
    import_routes,  # noqa: F401
    nomination_routes,  # noqa: F401
    part_routes,  # noqa: F401
    pipeline_routes,  # noqa: F401
    prize_routes,  # noqa: F401
    registration_routes,  # noqa: F401
    round_routes,  # noqa: F401
    setup_routes,  # noqa: F401
    team_routes,  # noqa: F401
)
