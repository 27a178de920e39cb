"""What a judge's tablet needs to draw itself (GET /judge/api/state, see notes/judging-contract.md)."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from contest.domain.points import format_plain
from contest.extensions import db
from contest.models import Contest, Judge, Part, Round
from contest.models.judging import ScoreSheet
from contest.services import locks, panel, stage_state
from contest.services.judging import iso_utc, judge_facing_status


def judge_state(judge: Judge) -> dict[str, Any]:
    rnd = db.session.get(Round, judge.round_id)
    contest = db.session.get(Contest, judge.contest_id)
    cluster = judge.cluster
    stage = stage_state.stage_of(rnd.id, judge.cluster_id)
    parts = panel.panel_parts(rnd)
    return {
        "judge": {"id": judge.id, "name": judge.name, "code": judge.code, "round": rnd.slug,
                  "cluster": cluster.name if cluster else None},
        "contest": {"slug": contest.slug, "name": contest.name},
        "on_stage": stage_state.on_stage_payload(stage),
        "timer": stage_state.timer_payload(stage),
        "parts": [_part(p) for p in parts],
        "entries": _entries(judge, rnd),
        "sheets": _sheets(judge),
        "round_locked_at": iso_utc(rnd.locked_at),
    }


def _part(part: Part) -> dict[str, Any]:
    return {"code": part.code, "name": part.name, "max": format_plain(part.max_points),
            "step": format_plain(part.step),
            "criteria": [{"id": c.id, "name": c.name, "max": format_plain(c.max_points)} for c in part.criteria]}


def _entries(judge: Judge, rnd: Round) -> list[dict[str, Any]]:
    locked = locks.locked_entry_ids(rnd.id)
    return [{"entry_id": e.id, "team_name": e.team.name, "running_order": e.running_order,
             "conflict": judge.conflict_team_id == e.team_id,
             "locked": rnd.locked_at is not None or e.id in locked}
            for e in panel.stage_entries(rnd, judge.cluster_id)]


def _sheets(judge: Judge) -> list[dict[str, Any]]:
    rows = db.session.scalars(select(ScoreSheet).filter_by(judge_id=judge.id)
                              .options(selectinload(ScoreSheet.part))
                              .order_by(ScoreSheet.received_at, ScoreSheet.id))
    return [{"key": s.idem_key, "sheet_id": s.id, "entry_id": s.entry_id, "part_code": s.part.code,
             "version": s.version, "total": format_plain(s.total), "status": judge_facing_status(s.status),
             "received_at": iso_utc(s.received_at)} for s in rows]
