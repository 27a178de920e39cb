"""Publishing a round's standings: compute, compare, version, store; the caller emits after commit.

A publish locks the round's feed row (``FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE``
already serialises writers), computes the board from the stored sheets, and bumps a version only
when the document it would send differs from the stored one. Locking first means a higher version
always reflects data at least as new, whichever process publishes. The transaction does no
network I/O besides the database and never emits, so nothing yields while SQLite's lock is held.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from contest.extensions import db
from contest.models import Contest, Judge, PrizeTier, Round
from contest.models.base import utcnow
from contest.models.judging import StageState
from contest.models.show_state import StandingsFeed
from contest.services import ceremony, standings, tie_decisions
from contest.services import standings_payload as payload

VOLATILE = ("v", "now")


@dataclass
class Published:
    """What changed in one publish; each field is None when that stream did not change."""

    contest_id: int
    round_id: int
    update: dict[str, Any] | None
    card: dict[str, Any] | None
    staff: dict[str, Any] | None


def publish(round_id: int) -> Published | None:
    """Recompute the round and store what changed. The caller commits, then emits."""
    rnd = db.session.get(Round, round_id)
    if rnd is None:
        return None
    feed = _locked_feed(round_id)
    docs = build_docs(rnd)
    now = payload.epoch_ms(utcnow())
    update = card = staff = None
    if _changed(feed.public_update, docs["public"]):
        feed.public_version += 1
        update = {"v": feed.public_version, "now": now, **docs["public"]}
        feed.public_update = payload.dumps(update)
        feed.public_snapshot = payload.dumps({**update, **docs["static"], "card": docs["card"]})
    if docs["card"] is not None and _card_key(feed.public_card) != docs["card"]["key"]:
        card = {"r": round_id, **docs["card"]}
    if docs["card"] is not None or feed.public_card:
        feed.public_card = payload.dumps(docs["card"]) if docs["card"] is not None else ""
    if _changed(feed.staff_snapshot, docs["staff"]):
        feed.staff_version += 1
        staff = {"v": feed.staff_version, "now": now, "pv": feed.public_version, **docs["staff"]}
        feed.staff_snapshot = payload.dumps(staff)
    if update or staff:
        feed.published_at = utcnow()
    return Published(rnd.contest_id, round_id, update, card, staff)


def _locked_feed(round_id: int) -> StandingsFeed:
    query = select(StandingsFeed).where(StandingsFeed.round_id == round_id).with_for_update()
    feed = db.session.scalar(query.execution_options(populate_existing=True))
    if feed is not None:
        return feed
    try:
        with db.session.begin_nested():
            db.session.add(StandingsFeed(round_id=round_id, public_version=0, staff_version=0, public_update="",
                                         public_snapshot="", public_card="", staff_snapshot=""))
    except IntegrityError:
        pass  # another process created it first; lock theirs
    return db.session.scalar(query.execution_options(populate_existing=True))


def _changed(stored: str, doc: dict[str, Any]) -> bool:
    if not stored:
        return True
    old = json.loads(stored)
    return {k: v for k, v in old.items() if k not in VOLATILE and k != "pv"} != doc


def _card_key(stored: str) -> str | None:
    return json.loads(stored)["key"] if stored else None


def build_docs(rnd: Round) -> dict[str, Any]:
    """The public document (no hidden figure, whatever the mode), its static part, its card, the staff one."""
    contest = db.session.get(Contest, rnd.contest_id)
    board = standings.round_board(rnd)
    state = ceremony.state_of(rnd.id)
    static = payload.static_doc(contest, rnd, board, _tiers(contest, rnd))
    stage = _stage(rnd, board)
    rows, card = ceremony.public_rows(board, state)
    public = {"r": rnd.id, "m": state.mode, "h": payload.short_hash(static), **rows, "s": stage,
              "cd": card["key"] if card else ""}
    return {"public": public, "static": static, "card": card, "staff": _staff_doc(contest, rnd, board, state, stage)}


def _tiers(contest: Contest, rnd: Round) -> list[list[Any]]:
    tiers = db.session.scalars(select(PrizeTier).filter_by(contest_id=contest.id, round_kind=rnd.kind)
                               .order_by(PrizeTier.position))
    return [[t.code, t.name, t.kind] for t in tiers]


def _stage(rnd: Round, board: standings.Board) -> list[list[Any]]:
    stages = list(db.session.scalars(select(StageState).filter_by(round_id=rnd.id)))
    parts = {p.id: p.code for p in rnd.parts}
    limits = {p.id: p.time_limit_seconds for p in rnd.parts}
    return payload.stage_rows(stages, board, parts, limits)


def _staff_doc(contest: Contest, rnd: Round, board: standings.Board, state: Any,
               stage: list[list[Any]]) -> dict[str, Any]:
    labels = {j.id: j.code for j in db.session.scalars(select(Judge).filter_by(round_id=rnd.id))}
    last = board.last_team_id
    reveal = ceremony.preview(state)
    if reveal is not None:
        reveal["stale"] = ceremony.plan_stale(state, board)
    return {
        "r": rnd.id, "m": state.mode, "rows": payload.staff_rows(board),
        "unresolved": [list(group) for group in tie_decisions.to_decide(rnd, board)],
        "flags": [[team, part, payload.centi(gap)] for team, part, gap in
                  standings.part_spread_flags(board, contest, rnd.parts)],
        "card": payload.card_doc(board, last, labels) if last is not None else None,
        "s": stage, "reveal": reveal, "complete": board.complete,
    }


def stored_feed(round_id: int) -> StandingsFeed | None:
    """The last published documents of a round (None before the first publish)."""
    feed = db.session.get(StandingsFeed, round_id)
    return feed if feed is not None and feed.public_snapshot else None
