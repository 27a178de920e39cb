"""Versioned read-only JSON API, mounted at /api/v1."""

from flask import Blueprint, jsonify

from contest.api import serializers
from contest.services import contests

bp = Blueprint("api", __name__)


@bp.get("/contests")
def contest_list():  # type: ignore[no-untyped-def]
    return jsonify(contests=[serializers.contest_summary(c) for c in contests.list_contests()])


@bp.get("/contests/<slug>")
def contest_detail(slug: str):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    grouped = {rnd.id: contests.entries_by_cluster(rnd) for rnd in contest.rounds}
    return jsonify(serializers.contest_detail(contest, grouped))


import contest.api.draws  # noqa: E402  (registers the recorded draws: /contests/<slug>/draws)
import contest.api.standings  # noqa: E402, F401  (registers the standings feed: /contests/<slug>/rounds/<r>/standings)
