"""Draws by lot against the database: build the inputs from a round's entries, run the pure draw,
keep every attempt as a record, confirm one into the entries, move a team afterwards (with a
reason, audited), and verify a record by recomputing it.

Team keys in a draw are the teams' names and cluster keys the clusters' names (NFC, unique in
their contest and round), so a record reads on its own and re-runs anywhere; ``Draw.refs`` maps
them back to row ids. The acting user is a parameter; callers commit, then push (``reveal_payload``).
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from contest.domain import draw as domain
from contest.domain.draw_types import (
    ClusterInput,
    DrawResult,
    DrawTeam,
    Group,
    OrderInput,
    PackageInput,
    parse_separations,
)
from contest.domain.errors import DomainError
from contest.domain.names import clean_name, name_key, sort_key
from contest.extensions import db
from contest.models import AuditEvent, Cluster, Contest, Entry, Round, User
from contest.models.base import utcnow
from contest.models.draws import Draw
from contest.services import audit
from contest.services.lookup import scoped

Actor = User | str


@dataclass(frozen=True)
class ClusterRules:
    stratify: bool = True
    use_pots: bool = True
    separations: str = ""  # one constraint per line: "[name:] team; team; ..."


# -- reading --------------------------------------------------------------------------------------


def list_draws(contest_id: int, round_id: int | None = None) -> list[Draw]:
    query = select(Draw).filter_by(contest_id=contest_id).options(selectinload(Draw.round)).order_by(Draw.id)
    if round_id is not None:
        query = query.filter_by(round_id=round_id)
    return list(db.session.scalars(query))


def newest_confirmed(contest_id: int) -> Draw | None:
    """The contest's latest confirmed draw: what the draw screen shows."""
    return db.session.scalar(select(Draw).filter_by(contest_id=contest_id, status="confirmed")
                             .order_by(Draw.confirmed_at.desc(), Draw.id.desc()).limit(1))


def get_draw(contest: Contest, draw_id: int) -> Draw:
    return scoped(Draw, draw_id, contest=contest)


def result_of(record: Draw) -> DrawResult:
    return DrawResult.from_dict(record.result)


def group_keys(record: Draw) -> list[str]:
    """The clusters (or groups) of a draw in their own order, empty ones included."""
    return [g["key"] for g in record.inputs.get("groups", [])] or list(record.inputs.get("clusters", []))


def ordered_groups(record: Draw) -> list[tuple[str, list[str]]]:
    """(group, teams) in group order; teams as revealed (by position for a running order)."""
    drawn = result_of(record).groups()
    return [(key, drawn.get(key, [])) for key in group_keys(record)]


def live_entries(rnd: Round) -> list[Entry]:
    """The round's entries still competing, with their teams, in name order."""
    entries = db.session.scalars(
        select(Entry).filter_by(round_id=rnd.id, withdrawn=False).options(selectinload(Entry.team))
    ).all()
    return sorted(entries, key=lambda e: sort_key(e.team.name))


def moves(record: Draw) -> list[AuditEvent]:
    """Teams moved after the draw was confirmed, with who, when and why."""
    return list(db.session.scalars(
        select(AuditEvent).filter_by(action="draw.move", subject=f"draw:{record.id}").order_by(AuditEvent.id)
    ))  # fmt: skip


# -- inputs ---------------------------------------------------------------------------------------


def cluster_input(rnd: Round, seed: str, rules: ClusterRules) -> tuple[ClusterInput, dict]:
    if not rnd.clusters:
        raise DomainError("draw_round_without_clusters", "This round has no clusters to draw into.")
    entries = live_entries(rnd)
    teams = tuple(DrawTeam(e.team.name, e.team.unit_type, 1 if rules.use_pots and e.team.seeded else 0)
                  for e in entries)  # fmt: skip
    data = ClusterInput(seed, teams, tuple(c.name for c in rnd.clusters), rules.stratify,
                        parse_separations(rules.separations, [e.team.name for e in entries]))  # fmt: skip
    return data, _refs(rnd, entries)


def groups_of_round(rnd: Round, by_running_order: bool) -> tuple[tuple[Group, ...], dict]:
    """Teams per cluster (or the whole round when it has none), for running orders and packages."""
    entries = live_entries(rnd)
    if by_running_order:
        entries.sort(key=lambda e: (e.running_order is None, e.running_order or 0))
    clusters = {c.id: c for c in rnd.clusters}
    if clusters and any(e.cluster_id not in clusters for e in entries):
        unplaced = next(e.team.name for e in entries if e.cluster_id not in clusters)
        raise DomainError("draw_entries_without_cluster", "A team of this round has no cluster yet.", team=unplaced)
    keys = [(c.id, c.name) for c in rnd.clusters] or [(None, rnd.name)]
    groups = tuple(Group(key, tuple(e.team.name for e in entries if e.cluster_id == cid)) for cid, key in keys)
    return tuple(g for g in groups if g.teams), _refs(rnd, entries)


def _refs(rnd: Round, entries: list[Entry]) -> dict:
    return {"teams": {e.team.name: e.team_id for e in entries}, "clusters": {c.name: c.id for c in rnd.clusters}}


# -- writing --------------------------------------------------------------------------------------


def preview_clusters(actor: Actor, rnd: Round, seed: str, rules: ClusterRules, generated: bool = False) -> Draw:
    data, refs = cluster_input(rnd, domain.normalize_seed(seed), rules)
    return _record(actor, rnd, "clusters", "", data, refs, generated)


def preview_running_order(actor: Actor, rnd: Round, seed: str, generated: bool = False) -> Draw:
    groups, refs = groups_of_round(rnd, by_running_order=False)
    return _record(actor, rnd, "running_order", "", OrderInput(domain.normalize_seed(seed), groups), refs, generated)


def preview_packages(actor: Actor, rnd: Round, seed: str, label: str, packages: str, generated: bool = False) -> Draw:
    label = clean_name(label, field="label")
    names = tuple(dict.fromkeys(clean_name(p, field="packages") for p in packages.splitlines() if p.strip()))
    groups, refs = groups_of_round(rnd, by_running_order=True)
    data = PackageInput(domain.normalize_seed(seed), groups, names)
    return _record(actor, rnd, "packages", label, data, refs, generated)


def _record(actor: Actor, rnd: Round, kind: str, label: str, data: ClusterInput | OrderInput | PackageInput,
            refs: dict, generated: bool) -> Draw:
    """Run the draw and keep it as a preview; an earlier preview of the same draw is discarded
    (kept, and audited), so every re-draw stays on the record."""
    _refuse_if_confirmed(rnd, kind, label)
    result = domain.draw(kind, data)
    for old in db.session.scalars(select(Draw).filter_by(round_id=rnd.id, kind=kind, label=label, status="preview")):
        old.status = "discarded"
        audit.record(actor, "draw.discard", f"draw:{old.id}", contest_id=rnd.contest_id, old={"status": "preview"},
                     new={"status": "discarded", "replaced": True})  # fmt: skip
    record = Draw(contest_id=rnd.contest_id, round_id=rnd.id, kind=kind, label=label, seed=data.seed,
                  seed_source="generated" if generated else "typed", algorithm_version=result.version,
                  inputs=data.to_dict(), result=result.to_dict(), refs=refs,
                  created_by=audit.actor_label(actor))  # fmt: skip
    db.session.add(record)
    db.session.flush()
    audit.record(actor, "draw.preview", f"draw:{record.id}", contest_id=rnd.contest_id,
                 new={"kind": kind, "label": label, "round": rnd.slug, "seed": data.seed,
                      "seed_source": record.seed_source, "algorithm_version": result.version,
                      "unmet": len(result.unmet)})  # fmt: skip
    return record


def _refuse_if_confirmed(rnd: Round, kind: str, label: str) -> None:
    if db.session.scalar(select(Draw.id).filter_by(round_id=rnd.id, kind=kind, label=label, status="confirmed")):
        raise DomainError("draw_already_confirmed", "This draw is already confirmed for the round.")


def discard(actor: Actor, record: Draw) -> None:
    if record.status != "preview":
        raise DomainError("draw_not_preview", "Only a preview can be discarded.")
    record.status = "discarded"
    audit.record(actor, "draw.discard", f"draw:{record.id}", contest_id=record.contest_id,
                 old={"status": "preview"}, new={"status": "discarded"})  # fmt: skip


def confirm(actor: Actor, record: Draw, accept_unmet: bool = False) -> None:
    """Make a preview binding: write clusters or running order to the entries. The round's teams
    must be those drawn; unmet separations must be accepted explicitly."""
    if record.status != "preview":
        raise DomainError("draw_not_preview", "Only a preview can be confirmed.")
    _refuse_if_confirmed(record.round, record.kind, record.label)
    result = result_of(record)
    if result.unmet and not accept_unmet:
        raise DomainError("draw_unmet_not_accepted", "Some separations are not met; accept them to confirm.",
                          count=len(result.unmet))  # fmt: skip
    entries = {e.team_id: e for e in live_entries(record.round)}
    if set(entries) != set(record.refs["teams"].values()):
        raise DomainError("draw_inputs_changed", "The round's teams changed since this draw; draw again.")
    for step in result.steps:
        entry = entries[record.refs["teams"][step.team]]
        if record.kind == "clusters":
            entry.cluster_id = record.refs["clusters"][step.group]
            entry.running_order = None  # an order drawn for the old clusters means nothing now
        elif record.kind == "running_order":
            entry.running_order = int(step.value)
    record.status, record.confirmed_by, record.confirmed_at = "confirmed", audit.actor_label(actor), utcnow()
    audit.record(actor, "draw.confirm", f"draw:{record.id}", contest_id=record.contest_id,
                 old={"status": "preview"},
                 new={"status": "confirmed", "kind": record.kind, "seed": record.seed,
                      "algorithm_version": record.algorithm_version, "unmet_accepted": len(result.unmet)})  # fmt: skip


def move_team(actor: Actor, record: Draw, team_id: int, cluster_id: int, reason: str) -> list[str]:
    """After confirmation a team changes cluster only with a reason, on the audit log. It goes last
    in its new cluster's running order when that cluster has one. Returns the draw's separations the
    move breaks (also on the audit event), so the page can say so: a move never breaks one silently."""
    if record.kind != "clusters" or record.status != "confirmed":
        raise DomainError("draw_move_not_allowed", "Teams move only after a cluster draw is confirmed.")
    reason = " ".join(reason.split())
    if not reason:
        raise DomainError("draw_move_needs_reason", "Say why the team moves.", field="reason")
    entry = db.session.scalar(select(Entry).filter_by(round_id=record.round_id, team_id=team_id))
    cluster = db.session.get(Cluster, cluster_id)
    if entry is None or cluster is None or cluster.round_id != record.round_id:
        raise DomainError("draw_move_unknown", "Unknown team or cluster for this round.")
    if entry.cluster_id == cluster.id:
        raise DomainError("draw_move_same_cluster", "The team is already in this cluster.", field="cluster_id")
    old = {"cluster": entry.cluster.name if entry.cluster else None, "running_order": entry.running_order}
    orders = db.session.scalars(select(Entry.running_order).filter_by(round_id=record.round_id, cluster_id=cluster.id))
    numbered = [n for n in orders if n is not None]
    entry.cluster_id, entry.running_order = cluster.id, (max(numbered) + 1 if numbered else None)
    broken = _separations_broken_by(record, entry.team.name, cluster.id)
    audit.record(actor, "draw.move", f"draw:{record.id}", contest_id=record.contest_id, old=old,
                 new={"team": entry.team.name, "cluster": cluster.name, "running_order": entry.running_order,
                      "reason": reason, "breaks": broken})  # fmt: skip
    return broken


def _separations_broken_by(record: Draw, team: str, cluster_id: int) -> list[str]:
    here = {e.team.name for e in live_entries(record.round) if e.cluster_id == cluster_id} - {team}
    return [s["name"] for s in record.inputs.get("separations", []) if team in s["teams"] and here & set(s["teams"])]


def apply_home_clusters(actor: Actor, rnd: Round) -> list[str]:
    """The "fixed" rule: each team plays in its geographic emulation cluster. Returns the teams
    whose home cluster is not a cluster of this round (left as they were)."""
    _refuse_if_confirmed(rnd, "clusters", "")
    clusters = {name_key(c.name): c for c in rnd.clusters}
    unknown = []
    for entry in live_entries(rnd):
        cluster = clusters.get(name_key(entry.team.home_cluster or ""))
        if cluster is None:
            unknown.append(entry.team.name)
        elif entry.cluster_id != cluster.id:
            entry.cluster_id, entry.running_order = cluster.id, None
    audit.record(actor, "draw.home_clusters", f"round:{rnd.id}", contest_id=rnd.contest_id,
                 new={"round": rnd.slug, "unplaced": unknown})  # fmt: skip
    return unknown


# -- verification and the projector ---------------------------------------------------------------


def verify(record: Draw) -> domain.Verification:
    """Recompute the draw from its record alone and compare with the stored result."""
    return domain.verify(record.kind, record.algorithm_version, record.inputs, record.result)


def reveal(record: Draw, action: str) -> None:
    """Step the projector through a confirmed draw: next, back, all, or reset."""
    if record.status != "confirmed":
        raise DomainError("draw_not_confirmed", "Only a confirmed draw is shown on the projector.")
    total = record.total_steps
    wanted = {"next": record.revealed + 1, "back": record.revealed - 1, "all": total, "reset": 0}
    if action not in wanted:
        raise DomainError("draw_bad_reveal", "Unknown projector step.")
    record.revealed = max(0, min(total, wanted[action]))


def reveal_payload(record: Draw) -> dict:
    """What the projector shows: every group (empty ones too) and the steps revealed so far."""
    rnd = record.round
    clusters = {c.name: c for c in rnd.clusters}
    groups = []
    for key in group_keys(record):
        place = clusters.get(key) or rnd  # a round without clusters (the final) is one group
        held_on = place.held_on or rnd.held_on
        groups.append({"key": key, "venue": place.venue or rnd.venue,
                       "held_on": held_on.isoformat() if held_on else None})  # fmt: skip
    return {
        "draw_id": record.id,
        "kind": record.kind,
        "label": record.label,
        "round": record.round.name,
        "seed": record.seed,
        "groups": groups,
        "revealed": record.revealed,
        "total": record.total_steps,
        "steps": record.result["steps"][: record.revealed],
    }
