"""JSON shapes of the read-only API v1. Points are given as decimal strings ("9.50")."""

from typing import Any

from contest.domain.points import format_plain
from contest.models import Body, Contest, Entry, Part, Round
from contest.services.portal import BodyNode, BodyRef, ContestRow


def points(centipoints: int | None) -> str | None:
    return None if centipoints is None else format_plain(centipoints)


def contest_summary(contest: Contest | ContestRow) -> dict[str, Any]:
    return {
        "slug": contest.slug,
        "name": contest.name,
        "organizer_body": contest.organizer_body,
        "year": contest.year,
        "place": contest.place,
        "published": contest.published,
        "body": body_ref(contest.body),
        "feeds": contest.feeds.slug if contest.feeds is not None else None,
    }


def body_ref(body: Body | BodyRef) -> dict[str, str]:
    return {"slug": body.slug, "name": body.name, "level": body.level}


def body_node(node: BodyNode) -> dict[str, Any]:
    return {**body_ref(node.body), "children": [body_node(child) for child in node.children]}


def body_detail(body: Body, children: list[Body], contests: list[ContestRow]) -> dict[str, Any]:
    return {
        **body_ref(body),
        "parent": body_ref(body.parent) if body.parent is not None else None,
        "children": [body_ref(child) for child in children],
        "contests": [contest_summary(c) for c in contests],
    }


def part_json(part: Part) -> dict[str, Any]:
    return {
        "code": part.code,
        "name": part.name,
        "position": part.position,
        "max_points": points(part.max_points),
        "step": points(part.step),
        "weight_percent": part.weight_percent,
        "time_limit_seconds": part.time_limit_seconds,
        "scoring_mode": part.scoring_mode,
        "criteria": [{"name": c.name, "max_points": points(c.max_points)} for c in part.criteria],
    }


def entry_json(entry: Entry) -> dict[str, Any]:
    return {
        "team_id": entry.team_id,
        "name": entry.team.name,
        "unit_type": entry.team.unit_type,
        "running_order": entry.running_order,
    }


def round_json(rnd: Round, grouped: dict[int | None, list[Entry]]) -> dict[str, Any]:
    return {
        "slug": rnd.slug,
        "name": rnd.name,
        "kind": rnd.kind,
        "venue": rnd.venue,
        "held_on": rnd.held_on.isoformat() if rnd.held_on else None,
        "locked": rnd.locked_at is not None,
        "parts": [part_json(p) for p in rnd.parts],
        "clusters": [
            {"name": c.name, "venue": c.venue, "held_on": c.held_on.isoformat() if c.held_on else None,
             "teams": [entry_json(e) for e in grouped.get(c.id, [])]}
            for c in rnd.clusters
        ],
        "unassigned_teams": [entry_json(e) for e in grouped.get(None, [])],
    }


def contest_detail(contest: Contest, grouped: dict[int, dict[int | None, list[Entry]]]) -> dict[str, Any]:
    return {
        **contest_summary(contest),
        "rules": {
            "aggregation": contest.aggregation,
            "trim_min_judges": contest.trim_min_judges,
            "tie_break": contest.tie_break,
            "tie_fallback": contest.tie_fallback,
            "advance_per_cluster": contest.advance_per_cluster,
            "advance_best_runners_up": contest.advance_best_runners_up,
            "advance_reserves": contest.advance_reserves,
        },
        "prize_tiers": [
            {"code": t.code, "name": t.name, "kind": t.kind, "count": t.count, "part_code": t.part_code}
            for t in contest.prize_tiers
        ],
        "rounds": [round_json(r, grouped[r.id]) for r in contest.rounds],
    }
