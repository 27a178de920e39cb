"""Contest setup use-cases: one verb each, checked by ``contest.domain.contest_rules``, audited.

Every function takes the acting user, leaves one audit event and lets the caller commit (views
commit after a successful call, or roll back on ``DomainError``).
"""

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from contest.domain import contest_rules as rules
from contest.domain.errors import DomainError
from contest.extensions import db
from contest.models import Body, Cluster, Contest, Entry, Round, User
from contest.services import audit, bodies
from contest.services.lookup import scoped

CONTEST_FIELDS = ("name", "slug", "year", "organizer_body", "place", "description", "listed")
RULE_FIELDS = ("aggregation", "trim_min_judges", "tie_break", "tie_fallback", "advance_per_cluster",
               "advance_best_runners_up", "advance_reserves", "spread_flag_percent")
ROUND_FIELDS = ("name", "slug", "kind", "venue", "held_on")
CLUSTER_FIELDS = ("name", "venue", "held_on")
PART_FIELDS = ("code", "name", "position", "max_points", "step", "scoring_mode", "weight_percent",
               "time_limit_seconds", "penalty_rule", "quiz_questions", "quiz_points_per_question")
PRIZE_FIELDS = ("code", "name", "round_kind", "kind", "count", "part_code", "position")


def snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """Field values as JSON-ready data for the audit log."""
    values = {}
    for name in fields:
        value = getattr(obj, name)
        values[name] = value.isoformat() if isinstance(value, date | datetime) else value
    return values


def assign(obj: Any, values: dict[str, Any], fields: tuple[str, ...]) -> None:
    for name in fields:
        setattr(obj, name, values[name])


def record_created(actor: User, action: str, row: Any, fields: tuple[str, ...], contest_id: int) -> None:
    """Flush (the new row gets its id), then audit its values; ``action`` "part.create" names "part:<id>"."""
    db.session.flush()
    audit.record(actor, action, f"{action.split('.')[0]}:{row.id}", new=snapshot(row, fields), contest_id=contest_id)


def record_update(actor: User, action: str, row: Any, values: dict[str, Any], fields: tuple[str, ...],
                  contest_id: int) -> None:
    """Assign checked values and audit the fields before and after."""
    old = snapshot(row, fields)
    assign(row, values, fields)
    audit.record(actor, action, f"{action.split('.')[0]}:{row.id}", old=old, new=snapshot(row, fields),
                 contest_id=contest_id)


# Contest -----------------------------------------------------------------------------------------

def create_contest(info: rules.ContestInfo, actor: User, body: Body | None = None) -> Contest:
    taken = set(db.session.scalars(select(Contest.slug)))
    info = rules.check_contest_info(info, taken)
    body = body or bodies.home_body(info.organizer_body)
    contest = Contest(**asdict(info), tie_break=[], body_id=body.id)
    db.session.add(contest)
    record_created(actor, "contest.create", contest, CONTEST_FIELDS, contest.id)
    return contest


def update_contest(contest: Contest, info: rules.ContestInfo, actor: User) -> Contest:
    taken = set(db.session.scalars(select(Contest.slug).where(Contest.id != contest.id)))
    info = rules.check_contest_info(info, taken)
    record_update(actor, "contest.update", contest, asdict(info), CONTEST_FIELDS, contest.id)
    return contest


def part_codes(contest: Contest) -> set[str]:
    return {part.code for rnd in contest.rounds for part in rnd.parts}


def save_rules(contest: Contest, spec: rules.RulesSpec, actor: User) -> Contest:
    spec = rules.check_rules(spec, part_codes(contest))
    values = {**asdict(spec), "tie_break": list(spec.tie_break)}
    record_update(actor, "contest.rules", contest, values, RULE_FIELDS, contest.id)
    return contest


# Rounds and clusters -----------------------------------------------------------------------------

def round_by_id(contest: Contest, round_id: int) -> Round:
    """The contest's round with this id (the setup pages address rounds by id); ``NotFound`` otherwise."""
    return scoped(Round, round_id, contest=contest)


def referencing_rows(table_name: str, row_id: int, ignore: set[str]) -> int:
    """Rows of other tables pointing at one row (score sheets, judges...), found from the foreign
    keys, so setup never cascades away records that other parts of the app keep."""
    total = 0
    for table in db.metadata.sorted_tables:
        if table.name in ignore:
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == table_name:
                total += db.session.scalar(select(func.count()).select_from(table).where(fk.parent == row_id)) or 0
    return total


def require_unlocked(rnd: Round) -> Round:
    if rnd.locked_at is not None:
        raise DomainError("round_locked", "The round is locked.")
    return rnd


def create_round(contest: Contest, spec: rules.RoundSpec, actor: User) -> Round:
    spec = rules.check_round(spec, [(r.slug, r.kind) for r in contest.rounds])
    # Preliminary first, final last: the order teams go through.
    rnd = Round(**asdict(spec), position=0 if spec.kind == "preliminary" else 1)
    contest.rounds.append(rnd)
    record_created(actor, "round.create", rnd, ROUND_FIELDS, contest.id)
    return rnd


def update_round(rnd: Round, spec: rules.RoundSpec, actor: User) -> Round:
    require_unlocked(rnd)
    others = [(r.slug, r.kind) for r in rnd.contest.rounds if r.id != rnd.id]
    spec = rules.check_round(spec, others)
    if spec.kind != rnd.kind and rnd.clusters:
        raise DomainError("cluster_needs_preliminary", "Only the preliminary round has clusters.", field="kind")
    record_update(actor, "round.update", rnd, asdict(spec), ROUND_FIELDS, rnd.contest_id)
    rnd.position = 0 if rnd.kind == "preliminary" else 1
    return rnd


def delete_round(rnd: Round, actor: User) -> None:
    require_unlocked(rnd)
    if db.session.scalar(select(func.count()).select_from(Entry).filter_by(round_id=rnd.id)):
        raise DomainError("round_has_entries", "The round has teams.")
    audit.record(actor, "round.delete", f"round:{rnd.id}", old=snapshot(rnd, ROUND_FIELDS),
                 contest_id=rnd.contest_id)
    rnd.contest.rounds.remove(rnd)
    db.session.flush()


def get_cluster(contest: Contest, cluster_id: int) -> Cluster:
    return scoped(Cluster, cluster_id, contest=contest)


def add_cluster(rnd: Round, spec: rules.ClusterSpec, actor: User) -> Cluster:
    require_unlocked(rnd)
    spec = rules.check_cluster(spec, rnd.kind, [c.name for c in rnd.clusters])
    cluster = Cluster(**asdict(spec), position=len(rnd.clusters))
    rnd.clusters.append(cluster)
    record_created(actor, "cluster.create", cluster, CLUSTER_FIELDS, rnd.contest_id)
    return cluster


def update_cluster(cluster: Cluster, spec: rules.ClusterSpec, actor: User) -> Cluster:
    rnd = require_unlocked(cluster.round)
    spec = rules.check_cluster(spec, rnd.kind, [c.name for c in rnd.clusters if c.id != cluster.id])
    record_update(actor, "cluster.update", cluster, asdict(spec), CLUSTER_FIELDS, rnd.contest_id)
    return cluster


def delete_cluster(cluster: Cluster, actor: User) -> None:
    """Teams placed in the cluster go back to "not yet placed" (the entry's cluster is cleared)."""
    rnd = require_unlocked(cluster.round)
    if referencing_rows("cluster", cluster.id, ignore={"entry"}):
        raise DomainError("cluster_in_use", "Judges or records use this cluster.")
    audit.record(actor, "cluster.delete", f"cluster:{cluster.id}", old=snapshot(cluster, CLUSTER_FIELDS),
                 contest_id=rnd.contest_id)
    for entry in db.session.scalars(select(Entry).filter_by(cluster_id=cluster.id)):
        entry.cluster_id = None
    rnd.clusters.remove(cluster)
    db.session.flush()
