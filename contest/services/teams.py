"""Team use-cases: register one team, edit it, add many at once (import, approved registrations).

A new team enters the contest's first round (the preliminary when there is one) without a
cluster: placing teams in clusters is the draw's job. Duplicate names (NFC, case-folded,
whitespace collapsed, and names that merely look the same: ``names.lookalike_keys``) are refused
with the existing team's name.
"""

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from contest.domain.errors import DomainError
from contest.domain.names import find_lookalike, lookalike_index
from contest.domain.teams import TeamSpec
from contest.extensions import db
from contest.models import Contest, Entry, Member, Round, Team, User
from contest.services import audit
from contest.services.lookup import scoped

TEAM_FIELDS = ("name", "unit_type", "home_cluster", "leader", "contact_name", "contact_phone", "contact_email",
               "model_title")


def entry_round(contest: Contest) -> Round | None:
    """The round every registered team enters: the preliminary, else the first round."""
    rounds = sorted(contest.rounds, key=lambda r: (r.kind != "preliminary", r.position, r.id))
    return rounds[0] if rounds else None


def cluster_names(contest: Contest) -> list[str]:
    rnd = next((r for r in contest.rounds if r.kind == "preliminary"), None)
    return [c.name for c in rnd.clusters] if rnd else []


def existing_names(contest: Contest, except_id: int | None = None) -> dict[str, str]:
    """Lookalike key -> name of the contest's teams (see ``names.find_lookalike``)."""
    rows = db.session.execute(select(Team.id, Team.name).filter_by(contest_id=contest.id))
    return lookalike_index(name for team_id, name in rows if team_id != except_id)


def list_teams(contest: Contest) -> list[Team]:
    return list(db.session.scalars(
        select(Team).filter_by(contest_id=contest.id).order_by(Team.name)
        .options(selectinload(Team.members), selectinload(Team.entries))
    ))


def get_team(contest: Contest, team_id: int) -> Team:
    return scoped(Team, team_id, contest=contest)


def snapshot(team: Team) -> dict:
    data = {name: getattr(team, name) for name in TEAM_FIELDS}
    data["members"] = [[m.full_name, m.role] for m in team.members]
    return data


def _check_unique(contest: Contest, spec: TeamSpec, except_id: int | None = None) -> None:
    same = find_lookalike(existing_names(contest, except_id), spec.name)
    if same is not None:
        raise DomainError("team_duplicate", "A team with this name exists.", field="name", existing=same)


def _fill(team: Team, spec: TeamSpec) -> None:
    for name in TEAM_FIELDS:
        setattr(team, name, getattr(spec, name))
    team.name_key = spec.key
    team.members = [Member(full_name=m.full_name, role=m.role, position=i) for i, m in enumerate(spec.members)]


def _build(contest: Contest, spec: TeamSpec, rnd: Round | None) -> Team:
    team = Team(contest_id=contest.id)
    _fill(team, spec)
    if rnd is not None:
        team.entries.append(Entry(round_id=rnd.id))
    db.session.add(team)
    return team


def _flush_unique(spec_name: str) -> None:
    """Another desk may have saved the same name a moment ago: the unique index has the last word."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:
        raise DomainError("team_duplicate", "A team with this name exists.", field="name",
                          existing=spec_name) from error


def create_team(contest: Contest, spec: TeamSpec, actor: User | str) -> Team:
    _check_unique(contest, spec)
    team = _build(contest, spec, entry_round(contest))
    _flush_unique(spec.name)
    audit.record(actor, "team.create", f"team:{team.id}", new=snapshot(team), contest_id=contest.id)
    return team


def update_team(team: Team, spec: TeamSpec, actor: User) -> Team:
    contest = db.session.get(Contest, team.contest_id)
    _check_unique(contest, spec, except_id=team.id)
    old = snapshot(team)
    _fill(team, spec)
    _flush_unique(spec.name)
    audit.record(actor, "team.update", f"team:{team.id}", old=old, new=snapshot(team), contest_id=contest.id)
    return team


def add_teams(contest: Contest, specs: Sequence[TeamSpec], actor: User, source: str) -> list[Team]:
    """Many teams in one go (all or none: the caller commits or rolls back); one audit event."""
    existing = existing_names(contest)
    for spec in specs:
        same = find_lookalike(existing, spec.name)
        if same is not None:
            raise DomainError("team_duplicate", "A team with this name exists.", existing=same)
    rnd = entry_round(contest)
    teams = [_build(contest, spec, rnd) for spec in specs]
    _flush_unique(", ".join(s.name for s in specs[:3]))
    audit.record(actor, "team.import", f"contest:{contest.id}", contest_id=contest.id,
                 new={"source": source, "count": len(teams), "teams": [[t.id, t.name] for t in teams]})
    return teams
