"""The secretary's desk: knowledge-quiz marks, the stage timer, penalties.

Over-time is measured on the server clock between start and stop; the penalty comes from
the part's configured rule (read by ``services.scoring_rules.overtime_rule``) through
``domain.overtime.overtime_penalty`` and replaces any
earlier over-time penalty for the same team and part. Every write is audited.
"""

from dataclasses import dataclass

from sqlalchemy import select

from contest.domain.errors import DomainError
from contest.domain.names import required_reason
from contest.domain.overtime import overtime_penalty
from contest.extensions import db
from contest.models import Entry, Part, Round, User
from contest.models.base import utcnow
from contest.models.judging import Penalty, QuizMark, StageState
from contest.services import audit, locks, stage_state
from contest.services.scoring_rules import overtime_rule

MAX_PENALTY = 100 * 100  # centipoints: a sanity ceiling, far above any real penalty


@dataclass(frozen=True)
class TimerStop:
    elapsed_seconds: int
    over_seconds: int
    penalty: Penalty | None
    skipped_locked: bool = False


def quiz_parts(rnd: Round) -> list[Part]:
    return [p for p in rnd.parts if p.scoring_mode == "secretary" and p.quiz_questions]


def quiz_marks(round_id: int) -> dict[tuple[int, int], dict[int, bool]]:
    """{(entry id, part id): {question: correct}} for a round."""
    rows = db.session.scalars(select(QuizMark).join(Entry, Entry.id == QuizMark.entry_id)
                              .where(Entry.round_id == round_id))
    marks: dict[tuple[int, int], dict[int, bool]] = {}
    for mark in rows:
        marks.setdefault((mark.entry_id, mark.part_id), {})[mark.question] = mark.correct
    return marks


def set_quiz_marks(actor: User, entry: Entry, part: Part, marks: dict[int, bool | None]) -> int:
    """Record right (True), wrong (False) or unmarked (None) per question; returns the changes.

    The caller commits. A locked team or round refuses (DomainError "locked").
    """
    if part.round_id != entry.round_id or part not in quiz_parts(entry.round):
        raise DomainError("part_unknown", "Not a quiz part of this round.")
    if any(not 1 <= q <= part.quiz_questions for q in marks):
        raise DomainError("question_unknown", "No such question.")
    locks.ensure_unlocked(entry)
    existing = {m.question: m for m in db.session.scalars(select(QuizMark).filter_by(entry_id=entry.id,
                                                                                  part_id=part.id))}
    old = {q: m.correct for q, m in existing.items()}
    label = audit.actor_label(actor)
    for question, correct in marks.items():
        mark = existing.get(question)
        if correct is None and mark is not None:
            db.session.delete(mark)
        elif correct is not None and mark is None:
            db.session.add(QuizMark(entry_id=entry.id, part_id=part.id, question=question, correct=correct,
                                    marked_by=label))
        elif mark is not None and mark.correct != correct:
            mark.correct, mark.marked_by, mark.marked_at = correct, label, utcnow()
    new = {**old, **marks}
    new = {q: v for q, v in new.items() if v is not None}
    changed = {q for q in set(old) | set(new) if old.get(q) != new.get(q)}
    if changed:
        db.session.flush()
        audit.record(actor, "quiz.mark", f"entry:{entry.id}", contest_id=entry.round.contest_id,
                     old={"part": part.code, "marks": _marks_json(old)},
                     new={"part": part.code, "marks": _marks_json(new),
                          "correct": sum(new.values()), "points": sum(new.values()) * part.quiz_points_per_question})
    return len(changed)


def _marks_json(marks: dict[int, bool]) -> dict[str, bool]:
    return {str(q): marks[q] for q in sorted(marks)}


def start_timer(actor: User, rnd: Round, cluster_id: int | None) -> StageState:
    """Start timing the team and part now on stage. The caller commits."""
    state = stage_state.stage_of(rnd.id, cluster_id)
    if state is None or state.entry_id is None or state.part_id is None:
        raise DomainError("stage_empty", "Put a team and a part on stage first.")
    if state.timer_running:
        raise DomainError("timer_running", "The timer is already running.")
    state.timer_entry_id, state.timer_part_id = state.entry_id, state.part_id
    state.timer_started_at, state.timer_stopped_at = utcnow(), None
    db.session.flush()
    audit.record(actor, "timer.start", f"stage:{state.scope}", contest_id=rnd.contest_id,
                 new={"entry_id": state.timer_entry_id, "part_id": state.timer_part_id,
                      "started_at": state.timer_started_at.isoformat()})
    return state


def stop_timer(actor: User, rnd: Round, cluster_id: int | None) -> TimerStop:
    """Stop the timer; over the part's limit, apply the contest's penalty rule. The caller commits."""
    state = stage_state.stage_of(rnd.id, cluster_id)
    if state is None or not state.timer_running:
        raise DomainError("timer_stopped", "The timer is not running.")
    state.timer_stopped_at = utcnow()
    elapsed = stage_state.elapsed_seconds(state)
    part = state.timer_part
    over = elapsed - part.time_limit_seconds if part.time_limit_seconds else 0
    audit.record(actor, "timer.stop", f"stage:{state.scope}", contest_id=rnd.contest_id,
                 new={"entry_id": state.timer_entry_id, "part": part.code, "elapsed_seconds": elapsed,
                      "limit_seconds": part.time_limit_seconds, "over_seconds": max(over, 0)})
    rule = overtime_rule(part.penalty_rule)
    amount = overtime_penalty(rule, over) if rule else 0
    if amount <= 0:
        return TimerStop(elapsed, max(over, 0), None)
    entry = db.session.get(Entry, state.timer_entry_id)
    if locks.lock_time(entry.round, entry) is not None:
        return TimerStop(elapsed, over, None, skipped_locked=True)
    for earlier in _active_penalties(entry.id, part.id, "overtime"):
        withdraw_penalty(actor, earlier, "replaced by a new timing")
    penalty = add_penalty(actor, entry, part, amount, f"overtime {over}s", source="overtime", elapsed=elapsed)
    return TimerStop(elapsed, over, penalty)


def _active_penalties(entry_id: int, part_id: int | None, source: str) -> list[Penalty]:
    return list(db.session.scalars(select(Penalty).filter_by(entry_id=entry_id, part_id=part_id, source=source,
                                                             withdrawn_at=None)))


def add_penalty(actor: User, entry: Entry, part: Part | None, amount: int, reason: str, *,
                source: str = "manual", elapsed: int | None = None) -> Penalty:
    """Deduct ``amount`` centipoints from a team (a part, or the whole team). The caller commits."""
    reason = required_reason(reason)
    if not 0 < amount <= MAX_PENALTY:
        raise DomainError("points_out_of_range", "Outside the allowed range.", max=MAX_PENALTY)
    if part is not None and part.round_id != entry.round_id:
        raise DomainError("part_unknown", "Unknown part.")
    locks.ensure_unlocked(entry)
    penalty = Penalty(entry_id=entry.id, part_id=part.id if part else None, amount=amount, reason=reason,
                      source=source, elapsed_seconds=elapsed, created_by=audit.actor_label(actor))
    db.session.add(penalty)
    db.session.flush()
    audit.record(actor, "penalty.add", f"penalty:{penalty.id}", contest_id=entry.round.contest_id,
                 new={"entry_id": entry.id, "team": entry.team.name, "part": part.code if part else None,
                      "amount": amount, "reason": penalty.reason, "source": source, "elapsed_seconds": elapsed})
    return penalty


def withdraw_penalty(actor: User, penalty: Penalty, why: str = "") -> Penalty:
    """Cancel a penalty given by mistake; the row stays, marked. The caller commits."""
    if penalty.withdrawn_at is not None:
        raise DomainError("already_withdrawn", "Already withdrawn.")
    entry = db.session.get(Entry, penalty.entry_id)
    locks.ensure_unlocked(entry)
    penalty.withdrawn_at, penalty.withdrawn_by = utcnow(), audit.actor_label(actor)
    audit.record(actor, "penalty.withdraw", f"penalty:{penalty.id}", contest_id=entry.round.contest_id,
                 old={"amount": penalty.amount, "withdrawn": False}, new={"withdrawn": True, "why": why[:200]})
    return penalty


def penalties_of_round(round_id: int) -> list[Penalty]:
    return list(db.session.scalars(select(Penalty).join(Entry, Entry.id == Penalty.entry_id)
                                   .where(Entry.round_id == round_id).order_by(Penalty.created_at, Penalty.id)))
