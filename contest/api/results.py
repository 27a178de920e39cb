"""Published results, readable: ``GET /api/v1/contests/<slug>/results`` (JSON) and ``results.csv``.

Only once the organizer has published them (404 ``not_published`` before: hidden scores never
leak). Points are decimal strings with two places (``"283.75"``), means rounded half up as on the
biên bản; names in full; ranks, prizes and every part's score per team.
"""

from fractions import Fraction
from typing import Any

from flask import Response, jsonify
from flask_babel import gettext as _

from contest.api.routes import bp
from contest.api.serializers import contest_summary, points
from contest.domain.scoring import round_half_up
from contest.models import Contest, Round
from contest.services import contests, exports, results


def _decimal(value: Fraction | int | None) -> str | None:
    return None if value is None else points(round_half_up(value))


def _round_json(rnd: Round) -> dict[str, Any]:
    scopes = []
    for scope in results.round_results(rnd):
        scopes.append({
            "cluster": scope.cluster.name if scope.cluster else None,
            "complete": scope.complete,
            "placings": [{
                "rank": p.rank, "team_id": p.team_id, "team": p.team,
                "parts": {part.code: _decimal(p.parts.get(part.code)) for part in rnd.parts},
                "penalty": _decimal(p.penalty), "total": _decimal(p.total),
                "prizes": list(p.prizes), "note": p.note,
            } for p in scope.placings],
            "part_prizes": [{"prize": pp.prize, "teams": list(pp.teams), "points": _decimal(pp.points)}
                            for pp in scope.part_prizes],
        })
    return {"slug": rnd.slug, "name": rnd.name, "kind": rnd.kind,
            "parts": [{"code": p.code, "name": p.name} for p in rnd.parts], "scopes": scopes}


def _published(slug: str) -> Contest | None:
    contest = contests.get_contest(slug)
    return contest if contest.published else None


def _not_published() -> tuple[Response, int]:
    return jsonify(error="not_published", message=_("The results of this contest are not published yet.")), 404


@bp.get("/contests/<slug>/results")
def contest_results(slug: str):  # type: ignore[no-untyped-def]
    contest = _published(slug)
    if contest is None:
        return _not_published()
    # The final first, as the public reads results (same order as the public results page).
    return jsonify(contest=contest_summary(contest), rounds=[_round_json(r) for r in reversed(contest.rounds)])


@bp.get("/contests/<slug>/results.csv")
def contest_results_csv(slug: str):  # type: ignore[no-untyped-def]
    contest = _published(slug)
    if contest is None:
        return _not_published()
    body = exports.results_csv(list(reversed(contest.rounds)))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{contest.slug}-ket-qua.csv"'})
