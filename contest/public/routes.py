"""Pages anyone may open: the home page with every contest (filtered by body, level and year), and a
contest's page."""

from flask import Blueprint, render_template, request

from contest.services import contests, portal

bp = Blueprint("public", __name__)


@bp.get("/")
def home():  # type: ignore[no-untyped-def]
    filters = portal.parse_filter(request.args)
    page = portal.contest_page(filters, request.args.get("page", 1, type=int))
    return render_template("public/home.html", contests=page.rows, page=page, filters=filters,
                           body_options=portal.filter_bodies(filters.body), levels=portal.levels(),
                           years=portal.years(), page_args={k: v for k, v in request.args.items()
                                                            if k in ("body", "level", "year") and v})


@bp.get("/c/<slug>")
def contest_page(slug: str):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    grouped = {rnd.id: contests.entries_by_cluster(rnd) for rnd in contest.rounds}
    return render_template("public/contest.html", contest=contest, grouped=grouped)


# Pages in their own modules (the organizing bodies; a draw's public record and projector; a unit's
# registration page by token link; the published results): importing them registers their views.
from contest.public import (  # noqa: E402
    body_routes,  # noqa: F401
    draw_routes,  # noqa: F401
    registration_routes,  # noqa: F401
    results_routes,  # noqa: F401
)
