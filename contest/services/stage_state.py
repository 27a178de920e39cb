"""The stage: which team is on which stage, in which part, and the stage timer's state.

A stage is a round, and in a preliminary one cluster of it. The payloads built here are
what the judges' tablets, the projector and the desk receive (after the commit).
"""

from datetime import datetime

from sqlalchemy import select

from contest.domain.errors import DomainError
from contest.extensions import db
from contest.models import Cluster, Entry, Part, Round, User
from contest.models.base import utcnow
from contest.models.judging import StageState
from contest.services import audit
from contest.services.judging import iso_utc


def stage_of(round_id: int, cluster_id: int | None, create: bool = False) -> StageState | None:
    scope = StageState.scope_key(round_id, cluster_id)
    state = db.session.scalar(select(StageState).filter_by(scope=scope))
    if state is None and create:
        state = StageState(scope=scope, round_id=round_id, cluster_id=cluster_id)
        db.session.add(state)
    return state


def check_scope(rnd: Round, cluster_id: int | None) -> Cluster | None:
    """The cluster of a stage, checked to belong to the round (None: the round has one stage)."""
    if cluster_id is None:
        return None
    cluster = db.session.get(Cluster, cluster_id)
    if cluster is None or cluster.round_id != rnd.id:
        raise DomainError("cluster_unknown", "Unknown cluster.")
    return cluster


def set_stage(actor: User, rnd: Round, cluster_id: int | None, entry_id: int | None,
              part_code: str | None) -> StageState:
    """Put a team (or nobody) on stage in a part. Refused while the timer runs. The caller commits."""
    check_scope(rnd, cluster_id)
    entry = db.session.get(Entry, entry_id) if entry_id else None
    if entry_id and (entry is None or entry.round_id != rnd.id or (cluster_id and entry.cluster_id != cluster_id)):
        raise DomainError("entry_unknown", "This team is not in this stage.")
    part = db.session.scalar(select(Part).filter_by(round_id=rnd.id, code=part_code)) if part_code else None
    if part_code and part is None:
        raise DomainError("part_unknown", "Unknown part.")
    state = stage_of(rnd.id, cluster_id, create=True)
    if state.timer_running:
        # Changing the team under a running timer would lose the measured time.
        raise DomainError("timer_running", "Stop the timer first.")
    old = {"entry_id": state.entry_id, "part_id": state.part_id}
    state.entry_id = entry.id if entry else None
    state.part_id = part.id if part else None
    state.updated_at = utcnow()
    state.updated_by = audit.actor_label(actor)
    db.session.flush()
    audit.record(actor, "stage.set", f"stage:{state.scope}", contest_id=rnd.contest_id, old=old,
                 new={"entry_id": state.entry_id, "part": part_code or None,
                      "team": entry.team.name if entry else None})
    return state


def on_stage_payload(state: StageState | None) -> dict | None:
    if state is None or state.entry_id is None:
        return None
    entry = db.session.get(Entry, state.entry_id)
    return {"entry_id": entry.id, "team_name": entry.team.name,
            "part_code": state.part.code if state.part_id else None}


def elapsed_seconds(state: StageState, now: datetime | None = None) -> int:
    if state.timer_started_at is None:
        return 0
    end = state.timer_stopped_at or now or utcnow()
    return max(0, int((end - state.timer_started_at).total_seconds()))


def timer_payload(state: StageState | None, now: datetime | None = None) -> dict | None:
    if state is None or state.timer_started_at is None:
        return None
    part = state.timer_part
    return {"running": state.timer_running, "started_at": iso_utc(state.timer_started_at),
            "stopped_at": iso_utc(state.timer_stopped_at), "elapsed_seconds": elapsed_seconds(state, now),
            "limit_seconds": part.time_limit_seconds if part else None,
            "entry_id": state.timer_entry_id, "part_code": part.code if part else None,
            "server_now": iso_utc(now or utcnow())}


def stage_payload(rnd: Round, state: StageState | None, cluster: Cluster | None) -> dict:
    """Pushed as "stage" and "timer": the stage it is about, plus the state objects of the contract."""
    return {"round": rnd.slug, "cluster_id": cluster.id if cluster else None,
            "cluster": cluster.name if cluster else None,
            "on_stage": on_stage_payload(state), "timer": timer_payload(state)}
