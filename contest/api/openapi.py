"""The OpenAPI 3.1 description of ``/api/v1``, served at ``/api/v1/openapi.json``.

Written by hand next to the serializers it describes; ``tests/api/test_openapi.py`` validates the
document and checks real responses of the demo against it, so a field added to a response without
its description here fails the suite (every object is closed with ``additionalProperties: false``).
"""

from typing import Any

from flask import jsonify

from contest.api.routes import bp

POINTS = {"type": "string", "pattern": r"^-?\d+\.\d{2}$", "description": 'Points as a decimal string, "9.50".',
          "examples": ["283.75"]}
NULLABLE_POINTS = {"anyOf": [POINTS, {"type": "null"}]}
CENTI = {"type": "integer", "description": "Centipoints: 1 point = 100 (950 is 9.50 points)."}
NULLABLE_CENTI = {"type": ["integer", "null"], "description": CENTI["description"]}
ID_MAP = {"type": "object", "propertyNames": {"pattern": r"^\d+$"}, "additionalProperties": {"type": "integer"}}


def _obj(required: dict[str, Any], optional: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """A closed object schema: every listed property, the first group required."""
    return {"type": "object", "properties": {**required, **(optional or {})}, "required": list(required),
            "additionalProperties": False, **extra}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


STR, INT, BOOL = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
NSTR, NINT = {"type": ["string", "null"]}, {"type": ["integer", "null"]}
DATE = {"type": ["string", "null"], "format": "date"}
TIME = {"type": ["string", "null"], "description": "UTC, ISO 8601 with Z."}

COMPACT_FIELDS = {
    "v": {"type": "integer", "description": "Public version of this round's board: +1 per change. A client "
          "applies a pushed update only when v == last + 1, otherwise it refetches the feed."},
    "now": {"type": "integer", "description": "Server clock when published, ms since the epoch."},
    "r": {"type": "integer", "description": "Round id (the same as round.id in the feed)."},
    "m": {"enum": ["live", "hidden", "frozen", "reveal"], "description": "Board mode: live, hidden (empty "
          "board), frozen (the board as it was when frozen), reveal (ceremony: only revealed places)."},
    "h": {"type": "string", "description": "Hash of the static data (names, clusters, parts, tiers); "
          "refetch the feed when it changes."},
    "i": {"type": "array", "items": INT, "description": "Team ids, best first."},
    "t": {"type": "array", "items": NULLABLE_CENTI, "description": "Totals in centipoints, same order as i "
          "(divide by 100 for points)."},
    "k": {**ID_MAP, "description": "Team id -> overall rank, only where the rank is not position + 1 (ties)."},
    "c": {**ID_MAP, "description": "Team id -> rank in its cluster, only where it cannot be inferred by "
          "counting the cluster's teams in i."},
    "s": {"type": "array", "description": "Stages: [cluster id (0: none), team on stage, part code on stage, "
          "team timed, part timed, timer started (ms, 0: not), timer stopped (ms, 0: running), limit (s)].",
          "items": {"type": "array", "prefixItems": [INT, INT, STR, INT, STR, INT, INT, INT], "minItems": 8,
                    "maxItems": 8}},
    "cd": {"type": "string", "description": 'Key of the current performance card ("" when none); fetch '
           "/card when it changes."},
}
REVEAL_FIELDS = {
    "z": {"type": "object", "additionalProperties": STR, "description": "Reveal: team id -> prize tier code."},
    "x": {"type": "array", "description": "Reveal: special prizes revealed, [kind, tier code, [team ids]].",
          "items": {"type": "array"}},
    "rs": {"type": "integer", "description": "Reveal: steps revealed."},
    "rc": {"type": "integer", "description": "Reveal: cluster id revealed (0: the round)."},
    "ls": {"type": ["array", "null"], "description": "Reveal: the last step, [kind, tier code, [team ids]]."},
}
STATIC_FIELDS = {
    "contest": _obj({"slug": STR, "name": STR, "body": NSTR}),
    "round": _obj({"id": INT, "slug": STR, "name": STR, "kind": {"enum": ["preliminary", "final"]}}),
    "clusters": {"type": "array", "description": "[cluster id, name] in programme order.",
                 "items": {"type": "array", "prefixItems": [INT, STR], "minItems": 2, "maxItems": 2}},
    "parts": {"type": "array", "description": "[part code, name, maximum in centipoints] in order.",
              "items": {"type": "array", "prefixItems": [STR, STR, INT], "minItems": 3, "maxItems": 3}},
    "teams": {"type": "array", "description": "[team id, name, cluster id (0: none), running order or null].",
              "items": {"type": "array", "prefixItems": [INT, STR, INT, NINT], "minItems": 4, "maxItems": 4}},
    "tiers": {"type": "array", "description": "Prize tiers of the round: [code, name, kind].",
              "items": {"type": "array", "prefixItems": [STR, STR, STR], "minItems": 3, "maxItems": 3}},
    "card": _nullable(_ref("Card")),
}

SCHEMAS: dict[str, Any] = {
    "Error": {"type": "object", "required": ["error", "message"], "properties": {
        "error": {"type": "string", "description": "Stable code: not_found, not_published, forbidden, "
                  "rate_limited, internal_error, ..."},
        "message": {"type": "string", "description": "A sentence in the reader's language (Vietnamese by "
                    "default, ?lang=en for English)."}}},
    "BodyRef": _obj({"slug": STR, "name": STR, "level": {"type": "string", "description": "The level as "
                                                              'people say it: "Thành phố", "Quận", "Xã"...'}},
                    description="An organizing body (đơn vị tổ chức)."),
    "BodyNode": _obj({"slug": STR, "name": STR, "level": STR,
                      "children": {"type": "array", "items": _ref("BodyNode")}},
                     description="A body and the bodies under it, nested."),
    "ContestSummary": _obj({"slug": STR, "name": STR, "organizer_body": NSTR, "year": NINT, "place": NSTR,
                            "published": BOOL, "body": _ref("BodyRef"),
                            "feeds": {"type": ["string", "null"], "description": "Slug of the contest this "
                                      "one sends its best teams to (its next level), or null."}}),
    "Criterion": _obj({"name": STR, "max_points": POINTS}),
    "Part": _obj({"code": STR, "name": STR, "position": INT, "max_points": POINTS, "step": POINTS,
                  "weight_percent": {"type": ["number", "null"]}, "time_limit_seconds": NINT,
                  "scoring_mode": STR, "criteria": {"type": "array", "items": _ref("Criterion")}}),
    "EntryTeam": _obj({"team_id": INT, "name": STR, "unit_type": NSTR, "running_order": NINT}),
    "Round": _obj({
        "slug": STR, "name": STR, "kind": {"enum": ["preliminary", "final"]}, "venue": NSTR, "held_on": DATE,
        "locked": BOOL, "parts": {"type": "array", "items": _ref("Part")},
        "clusters": {"type": "array", "items": _obj({"name": STR, "venue": NSTR, "held_on": DATE,
                                                      "teams": {"type": "array", "items": _ref("EntryTeam")}})},
        "unassigned_teams": {"type": "array", "items": _ref("EntryTeam")}}),
    "ContestDetail": _obj({
        "slug": STR, "name": STR, "organizer_body": NSTR, "year": NINT, "place": NSTR, "published": BOOL,
        "body": _ref("BodyRef"), "feeds": NSTR,
        "rules": _obj({"aggregation": STR, "trim_min_judges": NINT, "tie_break": {"type": "array", "items": STR},
                       "tie_fallback": NSTR, "advance_per_cluster": NINT, "advance_best_runners_up": NINT,
                       "advance_reserves": NINT}),
        "prize_tiers": {"type": "array", "items": _obj({"code": STR, "name": STR, "kind": STR, "count": NINT,
                                                         "part_code": NSTR})},
        "rounds": {"type": "array", "items": _ref("Round")}}),
    "Draw": _obj({
        "id": INT, "round": STR, "kind": {"enum": ["clusters", "running_order", "packages"]}, "label": NSTR,
        "status": {"enum": ["preview", "confirmed", "discarded"]}, "seed": STR, "seed_source": NSTR,
        "algorithm_version": INT, "created_at": TIME, "confirmed_at": TIME,
        "inputs": {"type": "object", "description": "What the algorithm was given (teams, rules), as stored."},
        "result": {"type": "object", "description": "What it returned, as stored."},
        "groups": {"type": "array", "items": _obj({"key": STR, "teams": {"type": "array", "items": STR}})}}),
    "Card": {"type": "object", "description": "A team's performance card.", "required": ["key", "team", "parts"],
             "additionalProperties": False, "properties": {
                 "r": {"type": "integer", "description": "Round id (the same as round.id in the feed)."},
                 "key": {"type": "string", "description": "<team id>.<hash>, as named by cd."},
                 "team": INT, "total": NULLABLE_CENTI, "penalty": {**CENTI, "description": "Penalty, centipoints."},
                 "rank": NINT, "crank": {"type": ["integer", "null"], "description": "Rank in its cluster."},
                 "parts": {"type": "array", "items": _obj(
                     {"code": STR, "score": NULLABLE_CENTI, "penalty": INT},
                     {"correct": {"type": "integer", "description": "Quiz: questions answered right."},
                      "judges": {"type": "array", "description": "Each judge by seat: [centipoints or null, "
                                 "status: c counted, h dropped high, l dropped low, x conflict, a absent, "
                                 "m missing].",
                                 "items": {"type": "array", "prefixItems": [NINT, {"enum": list("chlxam")}],
                                           "minItems": 2, "maxItems": 2}}})}}},
    "StandingsUpdate": {
        "type": "object", "description": "The compact update pushed over Socket.IO (event standings, room of the "
        "contest) and embedded in the feed. Keys are short because thousands of phones receive every update.",
        "required": ["v", "now", "r", "m", "h", "i", "t", "k", "c", "s", "cd"],
        "properties": {**COMPACT_FIELDS, **REVEAL_FIELDS}, "additionalProperties": False},
    "StandingsFeed": {
        "type": "object", "description": "The last published snapshot of a round: the compact update's fields "
        "plus the static data a screen needs once. Totals are centipoints, as in the push (decimal strings "
        "are in /results once published).",
        "required": [*COMPACT_FIELDS, *STATIC_FIELDS],
        "properties": {**COMPACT_FIELDS, **REVEAL_FIELDS, **STATIC_FIELDS}, "additionalProperties": False},
    "ShowState": _obj({"v": {"type": "integer", "description": "Settings version."},
                       "round": {"type": "integer", "description": "Round id the screens follow (0: first)."},
                       "cluster": {"type": "integer", "description": "Cluster id (0: the whole round)."},
                       "voting": {"type": "boolean", "description": "Audience vote open."},
                       "vround": {"type": "integer", "description": "Round id of the vote (0: none)."},
                       "overlay": {"type": "string", "description": "TV overlay view: lower or slate."}}),
    "Placing": _obj({"rank": NINT, "team_id": INT, "team": STR,
                     "parts": {"type": "object", "additionalProperties": NULLABLE_POINTS,
                               "description": "Part code -> the part's score (mean of the counted sheets)."},
                     "penalty": POINTS, "total": NULLABLE_POINTS, "prizes": {"type": "array", "items": STR},
                     "note": STR}),
    "Results": _obj({
        "contest": _ref("ContestSummary"),
        "rounds": {"type": "array", "description": "The final first.", "items": _obj({
            "slug": STR, "name": STR, "kind": {"enum": ["preliminary", "final"]},
            "parts": {"type": "array", "items": _obj({"code": STR, "name": STR})},
            "scopes": {"type": "array", "description": "One per cluster, or one for a round without clusters.",
                       "items": _obj({
                           "cluster": NSTR, "complete": BOOL,
                           "placings": {"type": "array", "items": _ref("Placing")},
                           "part_prizes": {"type": "array", "items": _obj(
                               {"prize": STR, "teams": {"type": "array", "items": STR}, "points": NULLABLE_POINTS})},
                       })}})}}),
}

SCHEMAS["BodyDetail"] = _obj({
    **SCHEMAS["BodyRef"]["properties"], "parent": _nullable(_ref("BodyRef")),
    "children": {"type": "array", "items": _ref("BodyRef")},
    "contests": {"type": "array", "description": "The body's own contests, newest year first.",
                 "items": _ref("ContestSummary")}})

SCHEMAS["DrawDetail"] = _obj({
    **SCHEMAS["Draw"]["properties"],
    "moves": {"type": "array", "description": "Teams moved after confirmation: at, team, from, cluster, reason.",
              "items": {"type": "object"}},
    "verification": _obj({"matches": BOOL, "differences": {"type": "array"}}),
})

SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}, "example": "ha-noi-2024"}
ROUND = {"name": "round_slug", "in": "path", "required": True, "schema": {"type": "string"}, "example": "so-khao"}


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {"404": _json(_ref("Error"), "Unknown contest, round, draw or body; or results not published"),
          "429": _json(_ref("Error"), "Too many requests"), "500": _json(_ref("Error"), "Server error")}
CACHED = {"headers": {"ETag": {"schema": {"type": "string"}},
                      "Cache-Control": {"schema": {"type": "string", "const": "public, max-age=1"}},
                      "X-Server-Time": {"schema": {"type": "string"}, "description": "Server clock, ms."}}}


def _get(summary: str, ok: dict[str, Any], params: list[dict[str, Any]], op_id: str,
         description: str = "") -> dict[str, Any]:
    operation = {"summary": summary, "operationId": op_id, "parameters": params,
                 "responses": {"200": ok, **ERRORS}}
    if description:
        operation["description"] = description
    return {"get": operation}


def _cached(schema: dict[str, Any]) -> dict[str, Any]:
    return {**_json(schema), **CACHED}


PATHS: dict[str, Any] = {
    "/contests": _get(
        "Every contest (or those matching the filters), newest year first",
        _json(_obj({"contests": {"type": "array", "items": _ref("ContestSummary")}})),
        [{"name": "body", "in": "query", "schema": {"type": "string"},
          "description": "A body's slug: its contests and those of every body under it."},
         {"name": "level", "in": "query", "schema": {"type": "string"}, "description": "Level of the body."},
         {"name": "year", "in": "query", "schema": {"type": "integer"}}],
        "listContests", "An unknown body, level or year gives an empty list."),
    "/bodies": _get("The organizing bodies, as a tree",
                    _json(_obj({"bodies": {"type": "array", "items": _ref("BodyNode")}})), [], "listBodies"),
    "/bodies/{body_slug}": _get("An organizing body: its parent, its children, its contests",
                           _json(_ref("BodyDetail")),
                           [{"name": "body_slug", "in": "path", "required": True, "schema": {"type": "string"},
                             "example": "tay-ho"}], "getBody"),
    "/contests/{slug}": _get("A contest: rules, prize tiers, rounds, parts, clusters and teams",
                             _json(_ref("ContestDetail")), [SLUG], "getContest"),
    "/contests/{slug}/draws": _get(
        "Every recorded draw (discarded previews included)",
        _json(_obj({"contest": STR, "draws": {"type": "array", "items": _ref("Draw")}})),
        [SLUG, {"name": "round", "in": "query", "schema": {"type": "string"}},
         {"name": "kind", "in": "query", "schema": {"enum": ["clusters", "running_order", "packages"]}}],
        "listDraws"),
    "/contests/{slug}/draws/{draw_id}": _get(
        "One draw, its moves and a fresh verification",
        _json(_ref("DrawDetail")),
        [SLUG, {"name": "draw_id", "in": "path", "required": True, "schema": {"type": "integer"}}], "getDraw"),
    "/contests/{slug}/rounds/{round_slug}/standings": _get(
        "The standings feed: the last published public snapshot of a round",
        _cached(_ref("StandingsFeed")),
        [SLUG, ROUND, {"name": "v", "in": "query", "schema": {"type": "integer"},
                       "description": "Version wanted after a missed push: only a distinct cache key."}],
        "getStandings",
        "Identical for every caller and cacheable (strong ETag per version, If-None-Match answers 304). "
        "Updates arrive over Socket.IO (event standings) with the same compact fields."),
    "/contests/{slug}/rounds/{round_slug}/card": _get(
        "The current public performance card, or null", _cached(_nullable(_ref("Card"))), [SLUG, ROUND],
        "getCard"),
    "/contests/{slug}/show": _get("What the screens follow", _cached(_ref("ShowState")), [SLUG], "getShow"),
    "/contests/{slug}/results": _get(
        "Published results: ranks, names, every part, totals, prizes", _json(_ref("Results")), [SLUG],
        "getResults", "404 with error not_published until the organizer publishes the results."),
    "/contests/{slug}/results.csv": _get(
        "Published results as CSV (UTF-8 with BOM, one line per team)",
        {"description": "OK", "content": {"text/csv": {"schema": {"type": "string"}}}}, [SLUG], "getResultsCsv"),
    "/openapi.json": _get("This document", _json({"type": "object"}), [], "getOpenApi"),
}


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Hội thi Dân vận khéo: public API", "version": "1",
                 "description": "Read-only, no login. Every answer allows any origin (CORS). Errors: "
                                '{"error": code, "message": sentence}.'},
        "servers": [{"url": "/api/v1"}],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS},
    }


@bp.get("/openapi.json")
def openapi_json():  # type: ignore[no-untyped-def]
    return jsonify(document())
