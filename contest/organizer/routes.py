"""The organizing board's desk: contests, rounds, teams."""

from flask import Blueprint, render_template
from flask_login import current_user

from contest.auth.guards import guard_staff, staff_required
from contest.services import bodies, contests

bp = Blueprint("organizer", __name__)
guard_staff(bp)


@bp.get("/")
@staff_required()
def dashboard():  # type: ignore[no-untyped-def]
    user = current_user._get_current_object()
    return render_template("organizer/dashboard.html", listed=bodies.contests_seen_by(user),
                           pipelines=bodies.pipelines_of(user))


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
