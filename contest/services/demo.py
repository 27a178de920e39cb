"""Load a contest from a seed file (the Hà Nội 2024 demo) without ever duplicating it.

Loading is keyed by slugs and NFC name keys: running it again finds what exists and
adds only what is missing. Judges get fresh one-time login links on every run.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from contest.domain.names import clean_name, name_key
from contest.domain.points import parse_points
from contest.extensions import db
from contest.models import (
    Body,
    Cluster,
    Contest,
    Criterion,
    Entry,
    Judge,
    Member,
    Part,
    PrizeTier,
    Round,
    Team,
    User,
)
from contest.resources import resource_dir
from contest.services import accounts, audit, bodies, judges

DEMO_SEED = "hanoi-2024.json"
BODIES_SEED = "hanoi-bodies.json"


@dataclass
class LoadResult:
    contest: Contest
    created: bool
    organizer: dict[str, str]
    judge_links: list[tuple[Judge, str]] = field(default_factory=list)


def read_seed(name: str = DEMO_SEED) -> dict[str, Any]:
    return json.loads(Path(resource_dir("seeds"), name).read_text(encoding="utf-8"))


def load_demo(seed: dict[str, Any] | None = None) -> LoadResult:
    """Load (or find) the demo contest, its organizer and judges. The caller commits."""
    seed = seed or read_seed()
    body = seed_body(seed)
    contest = db.session.scalar(select(Contest).filter_by(slug=seed["slug"]))
    created = contest is None
    if contest is None:
        contest = _create_contest(seed, body)
        audit.record("system", "demo.load", f"contest:{contest.id}", new={"slug": contest.slug},
                     contest_id=contest.id)
    ensure_organizer(seed["organizer"], body)
    links = [(judge, judges.issue_login_token(judge)) for judge in _ensure_judges(contest, seed["judges"])]
    return LoadResult(contest, created, seed["organizer"], links)


def seed_body(seed: dict[str, Any]) -> Body:
    """The body a seed's contest belongs to: the Hà Nội tree's body it names, else the home body."""
    if not seed.get("body"):
        return bodies.home_body(seed["organizer_body"])
    return ensure_body_tree()[seed["body"]]


def ensure_body_tree(name: str = BODIES_SEED) -> dict[str, Body]:
    """The demo's organizing bodies (the city, its districts, towns and units, some wards), by slug.

    Loaded before anything asks for the home body, the city is the first top-level body of a new
    database, so accounts and contests made without naming a body land in the city's board.
    Missing bodies are added; existing ones are left as they are.
    """
    tree = read_seed(name)
    found = {b.slug: b for b in db.session.scalars(select(Body))}
    pending: list[tuple[dict[str, Any], Body | None]] = [(tree, None)]
    while pending:
        node, parent = pending.pop(0)
        body = found.get(node["slug"])
        if body is None:
            body = found[node["slug"]] = bodies.create_body(node["slug"], node["name"], parent=parent,
                                                            level=node.get("level", ""))
        pending.extend((child, body) for child in node.get("children", []))
    return found


def _create_contest(seed: dict[str, Any], body: Body) -> Contest:
    contest = Contest(slug=seed["slug"], name=seed["name"], organizer_body=seed["organizer_body"],
                      body_id=body.id,
                      year=seed["year"], place=seed["place"], description=seed.get("description", ""),
                      **seed["rules"])
    db.session.add(contest)
    for position, data in enumerate(seed["rounds"]):
        contest.rounds.append(_build_round(position, data))
    for position, tier in enumerate(seed["prize_tiers"]):
        contest.prize_tiers.append(PrizeTier(position=position, **tier))
    db.session.flush()
    _add_teams(contest, seed["teams"])
    return contest


def _build_round(position: int, data: dict[str, Any]) -> Round:
    rnd = Round(slug=data["slug"], name=data["name"], kind=data["kind"], position=position,
                venue=data["venue"], held_on=_date(data.get("held_on")))
    for i, cl in enumerate(data["clusters"]):
        rnd.clusters.append(Cluster(name=cl["name"], venue=cl["venue"], held_on=_date(cl.get("held_on")), position=i))
    for i, p in enumerate(data["parts"]):
        part = Part(code=p["code"], name=p["name"], position=i, max_points=parse_points(p["max_points"]),
                    step=parse_points(p["step"]), time_limit_seconds=p.get("time_limit_seconds"),
                    penalty_rule=p.get("penalty_rule"), scoring_mode=p["scoring_mode"],
                    quiz_questions=p.get("quiz_questions"),
                    quiz_points_per_question=parse_points(p["quiz_points_per_question"])
                    if p.get("quiz_points_per_question") else None)
        for j, c in enumerate(p.get("criteria", [])):
            part.criteria.append(Criterion(name=c["name"], max_points=parse_points(c["max_points"]), position=j))
        rnd.parts.append(part)
    return rnd


def _add_teams(contest: Contest, teams: list[dict[str, Any]]) -> None:
    # Teams enter the preliminary round; a one-round contest (a district's) has only its final.
    preliminary = next((r for r in contest.rounds if r.kind == "preliminary"), contest.rounds[0])
    clusters = {c.name: c for c in preliminary.clusters}
    for data in teams:
        name = clean_name(data["name"])
        team = Team(contest_id=contest.id, name=name, name_key=name_key(name),
                    **{k: v for k, v in data.items() if k not in ("name", "members")})
        team.members = [Member(full_name=clean_name(m["full_name"]), role=m["role"], position=i)
                        for i, m in enumerate(data["members"])]
        db.session.add(team)
        # Hà Nội 2024 held its preliminary in the six geographic emulation clusters.
        cluster = clusters.get(data["home_cluster"])
        team.entries.append(Entry(round_id=preliminary.id, cluster_id=cluster.id if cluster else None))


def ensure_organizer(data: dict[str, str], body: Body) -> User:
    """The seed's organizer account, an organizer of ``body`` (granted to an account that exists: in a
    database upgraded from before bodies, the demo organizer then also organizes the city's tree)."""
    user = db.session.scalar(select(User).filter_by(username=data["username"]))
    if user is None:
        return accounts.create_user(data["username"], data["password"], body=body, display_name=data["display_name"])
    accounts.grant_role(user, body, "organizer", actor="system")
    return user


def _ensure_judges(contest: Contest, rows: list[dict[str, Any]]) -> list[Judge]:
    rounds = {r.slug: r for r in contest.rounds}
    existing = {j.code: j for j in db.session.scalars(select(Judge).filter_by(contest_id=contest.id))}
    teams = {t.name_key: t for t in db.session.scalars(select(Team).filter_by(contest_id=contest.id))}
    result = []
    for row in rows:
        judge = existing.get(row["code"])
        if judge is None:
            rnd = rounds[row["round"]]
            cluster = next((c for c in rnd.clusters if c.name == row["cluster"]), None)
            conflict = teams.get(name_key(row["conflict_team"])) if row.get("conflict_team") else None
            judge = Judge(contest_id=contest.id, round_id=rnd.id, cluster_id=cluster.id if cluster else None,
                          name=row["name"], title=row["title"], code=row["code"], is_head=row["is_head"],
                          conflict_team_id=conflict.id if conflict else None)
            judges.issue_pin(judge)
            db.session.add(judge)
        result.append(judge)
    db.session.flush()
    return result


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def print_logins(result: LoadResult, base_url: str, echo: Callable[[str], None],
                 district: tuple[Body, dict[str, str]] | None = None) -> None:
    contest = result.contest
    echo(f"{'Loaded' if result.created else 'Found'} demo contest: {contest.name} ({contest.slug})")
    echo(f"Organizer login: {base_url}/login  user: {result.organizer['username']}  "
         f"password: {result.organizer['password']}  (city: {contest.body.name})")
    if district is not None:
        body, login = district
        echo(f"District organizer login: {base_url}/login  user: {login['username']}  "
             f"password: {login['password']}  ({body.name})")
    echo("Judge login links (one-time; run `contest demo` again for new ones):")
    for judge, token in result.judge_links:
        panel = judge.cluster.name if judge.cluster else judge.round.name
        echo(f"  {judge.code:<6} {panel:<16} {judge.name:<28} {base_url}{judges.login_path(token)}")
