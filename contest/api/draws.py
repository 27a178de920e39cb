"""The recorded draws of a contest, read-only: ``GET /api/v1/contests/<slug>/draws[/<id>]``.

Every attempt is listed, discarded previews included, with its seed, inputs, algorithm version
and result: anyone can re-run a draw (``contest.domain.draw.verify``) and compare.
"""

from datetime import datetime
from typing import Any

from flask import jsonify, request

from contest.api.routes import bp
from contest.models.draws import Draw
from contest.services import contests
from contest.services import draw as draws


def _utc(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") + "Z" if moment else None


def draw_json(record: Draw) -> dict[str, Any]:
    return {
        "id": record.id,
        "round": record.round.slug,
        "kind": record.kind,
        "label": record.label,
        "status": record.status,
        "seed": record.seed,
        "seed_source": record.seed_source,
        "algorithm_version": record.algorithm_version,
        "created_at": _utc(record.created_at),
        "confirmed_at": _utc(record.confirmed_at),
        "inputs": record.inputs,
        "result": record.result,
        "groups": [{"key": key, "teams": teams} for key, teams in draws.ordered_groups(record)],
    }


@bp.get("/contests/<slug>/draws")
def draw_list(slug: str):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    records = draws.list_draws(contest.id)
    if round_slug := request.args.get("round"):
        records = [r for r in records if r.round.slug == round_slug]
    if kind := request.args.get("kind"):
        records = [r for r in records if r.kind == kind]
    return jsonify(contest=contest.slug, draws=[draw_json(r) for r in records])


@bp.get("/contests/<slug>/draws/<int:draw_id>")
def draw_detail(slug: str, draw_id: int):  # type: ignore[no-untyped-def]
    record = draws.get_draw(contests.get_contest(slug), draw_id)
    outcome = draws.verify(record)
    moves = [{"at": _utc(e.at), **(e.new or {}), "from": (e.old or {}).get("cluster")} for e in draws.moves(record)]
    verification = {"matches": outcome.matches, "differences": list(outcome.differences)}
    return jsonify({**draw_json(record), "moves": moves, "verification": verification})
