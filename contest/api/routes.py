"""Versioned read-only JSON API, mounted at /api/v1 (described by /api/v1/openapi.json)."""

from flask import Blueprint, Response, jsonify, request

from contest.api import serializers
from contest.services import contests, portal

bp = Blueprint("api", __name__)


@bp.after_request
def _open_to_every_site(response: Response) -> Response:
    """The city portal's and the TV station's pages may read this public, read-only API from their
    own sites. Only here: staff, judge and desk routes never say so (the browser then refuses)."""
    if request.method in ("GET", "HEAD"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "ETag, X-Server-Time, X-Cache"
    return response


@bp.get("/contests")
def contest_list():  # type: ignore[no-untyped-def]
    filters = portal.parse_filter(request.args)
    return jsonify(contests=[serializers.contest_summary(c) for c in portal.list_contests(filters)])


@bp.get("/contests/<slug>")
def contest_detail(slug: str):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    grouped = {rnd.id: contests.entries_by_cluster(rnd) for rnd in contest.rounds}
    return jsonify(serializers.contest_detail(contest, grouped))


import contest.api.bodies  # noqa: E402  (registers the organizing bodies: /bodies, /bodies/<slug>)
import contest.api.draws  # noqa: E402  (registers the recorded draws: /contests/<slug>/draws)
import contest.api.openapi  # noqa: E402  (registers /openapi.json)
import contest.api.results  # noqa: E402  (registers the published results: /contests/<slug>/results)
import contest.api.standings  # noqa: E402, F401  (registers the standings feed: /contests/<slug>/rounds/<r>/standings)
