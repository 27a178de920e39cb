"""Locks (a team, a round), absences that close a gap, and the review of late sheets.

A lock stops sheets and corrections. A round locks only when every sheet is in, or its
gap is marked absent with a reason. A sheet captured before a lock but received after it
waits for review: accepted it counts, rejected it never does. A lock set by mistake can be
lifted with a reason until the results are published. Every step is audited.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from contest.domain.errors import DomainError
from contest.domain.names import nfc, required_reason
from contest.extensions import db
from contest.models import Contest, Entry, Judge, Part, Round, User
from contest.models.base import utcnow
from contest.models.judging import (
    COUNTED_STATES,
    SHEET_ACCEPTED,
    SHEET_PENDING,
    SHEET_REJECTED,
    Absence,
    EntryLock,
    ScoreSheet,
)
from contest.services import audit

MAX_REASON = 500


@dataclass(frozen=True)
class Gap:
    """A sheet that is neither in nor excused."""

    judge: Judge
    entry: Entry
    part: Part


def lock_time(rnd: Round, entry: Entry | None) -> datetime | None:
    """The earliest lock that applies to ``entry`` (the round's or the team's), or None."""
    times = [rnd.locked_at] if rnd.locked_at else []
    if entry is not None:
        entry_lock = db.session.scalar(select(EntryLock.locked_at).filter_by(entry_id=entry.id))
        if entry_lock:
            times.append(entry_lock)
    return min(times) if times else None


def locked_entry_ids(round_id: int) -> dict[int, datetime]:
    rows = db.session.execute(select(EntryLock.entry_id, EntryLock.locked_at)
                              .join(Entry, Entry.id == EntryLock.entry_id).where(Entry.round_id == round_id))
    return {row[0]: row[1] for row in rows}


def ensure_unlocked(entry: Entry) -> None:
    """For the secretary's writes: a locked team or round is final."""
    moment = lock_time(entry.round, entry)
    if moment is not None:
        raise DomainError("locked", "Locked.", locked_at=moment)


def lock_entry(actor: User, entry: Entry) -> EntryLock:
    """Lock one team. The caller commits."""
    # FOR UPDATE waits for sheets being stored for this entry (they hold FOR SHARE).
    db.session.scalar(select(Entry).where(Entry.id == entry.id).with_for_update())
    if db.session.scalar(select(EntryLock).filter_by(entry_id=entry.id)) is not None:
        raise DomainError("already_locked", "Already locked.")
    lock = EntryLock(entry_id=entry.id, locked_by=audit.actor_label(actor))
    db.session.add(lock)
    db.session.flush()
    audit.record(actor, "entry.lock", f"entry:{entry.id}", contest_id=entry.round.contest_id,
                 new={"team": entry.team.name, "locked_at": lock.locked_at.isoformat()})
    return lock


def unlock_entry(actor: User, entry: Entry, reason: str) -> None:
    """Reopen one team for sheets and corrections. The caller commits."""
    reason = required_reason(reason, MAX_REASON)
    db.session.scalar(select(Entry).where(Entry.id == entry.id).with_for_update())
    lock = db.session.scalar(select(EntryLock).filter_by(entry_id=entry.id))
    if lock is None:
        raise DomainError("not_locked", "Not locked.")
    if entry.round.locked_at is not None:
        raise DomainError("round_still_locked", "The whole round is locked: unlock the round first.")
    _refuse_when_published(entry.round)
    audit.record(actor, "entry.unlock", f"entry:{entry.id}", contest_id=entry.round.contest_id,
                 old={"locked_at": lock.locked_at.isoformat(), "locked_by": lock.locked_by},
                 new={"team": entry.team.name, "locked_at": None, "reason": reason})
    db.session.delete(lock)


def unlock_round(actor: User, rnd: Round, reason: str) -> None:
    """Reopen the round (team locks stay). The caller commits."""
    reason = required_reason(reason, MAX_REASON)
    db.session.scalar(select(Round).where(Round.id == rnd.id).with_for_update())
    if rnd.locked_at is None:
        raise DomainError("not_locked", "Not locked.")
    _refuse_when_published(rnd)
    audit.record(actor, "round.unlock", f"round:{rnd.id}", contest_id=rnd.contest_id,
                 old={"locked_at": rnd.locked_at.isoformat()}, new={"locked_at": None, "reason": reason})
    rnd.locked_at = None


def _refuse_when_published(rnd: Round) -> None:
    # Published results are the contest's word: withdraw them (audited) before reopening scores.
    if db.session.get(Contest, rnd.contest_id).published:
        raise DomainError("results_published", "The results are published: withdraw them first.")


def round_gaps(rnd: Round, cluster_id: int | None = None) -> list[Gap]:
    """Cells (judge × team × part) without a counted sheet, an absence or a conflict."""
    panel_parts = [p for p in rnd.parts if p.scoring_mode == "panel"]
    judges = db.session.scalars(select(Judge).filter_by(round_id=rnd.id).order_by(Judge.code)).all()
    entries = db.session.scalars(select(Entry).filter_by(round_id=rnd.id, withdrawn=False)).all()
    counted = {tuple(row) for row in db.session.execute(
        select(ScoreSheet.judge_id, ScoreSheet.entry_id, ScoreSheet.part_id)
        .join(Entry, Entry.id == ScoreSheet.entry_id)
        .where(Entry.round_id == rnd.id, ScoreSheet.status.in_(COUNTED_STATES)))}
    absent = {tuple(row) for row in db.session.execute(
        select(Absence.judge_id, Absence.entry_id, Absence.part_id)
        .join(Entry, Entry.id == Absence.entry_id).where(Entry.round_id == rnd.id))}
    done = counted | absent
    gaps = []
    for entry in entries:
        if cluster_id is not None and entry.cluster_id != cluster_id:
            continue
        for judge in judges:
            if not sits_on(judge, entry) or judge.conflict_team_id == entry.team_id:
                continue
            gaps.extend(Gap(judge, entry, part) for part in panel_parts
                        if (judge.id, entry.id, part.id) not in done)
    return gaps


def sits_on(judge: Judge, entry: Entry) -> bool:
    """Whether ``judge``'s panel scores ``entry`` (same round; same cluster when the judge has one)."""
    return entry.round_id == judge.round_id and (judge.cluster_id is None or entry.cluster_id == judge.cluster_id)


def lock_round(actor: User, rnd: Round) -> list[Gap]:
    """Lock the round, or return the gaps that prevent it (nothing changes then). The caller commits."""
    db.session.scalar(select(Round).where(Round.id == rnd.id).with_for_update())
    if rnd.locked_at is not None:
        raise DomainError("already_locked", "Already locked.")
    gaps = round_gaps(rnd)
    if gaps:
        audit.record(actor, "round.lock_refused", f"round:{rnd.id}", contest_id=rnd.contest_id,
                     new={"gaps": len(gaps)})
        return gaps
    rnd.locked_at = utcnow()
    audit.record(actor, "round.lock", f"round:{rnd.id}", contest_id=rnd.contest_id,
                 old={"locked_at": None}, new={"locked_at": rnd.locked_at.isoformat()})
    return []


def mark_absent(actor: User, judge: Judge, entry: Entry, part: Part, reason: str) -> Absence:
    """Close a gap: this judge's sheet for this team's part will never come. The caller commits."""
    reason = required_reason(reason, MAX_REASON)
    if not sits_on(judge, entry) or part.round_id != entry.round_id or part.scoring_mode != "panel":
        raise DomainError("not_on_panel", "This judge does not score this team.")
    if db.session.scalar(select(ScoreSheet.id).filter_by(judge_id=judge.id, entry_id=entry.id, part_id=part.id)
                         .where(ScoreSheet.status.in_(COUNTED_STATES)).limit(1)) is not None:
        raise DomainError("sheet_exists", "A sheet has been received.")
    if db.session.scalar(select(Absence).filter_by(judge_id=judge.id, entry_id=entry.id, part_id=part.id)):
        raise DomainError("already_absent", "Already marked absent.")
    absence = Absence(judge_id=judge.id, entry_id=entry.id, part_id=part.id, reason=reason,
                      marked_by=audit.actor_label(actor))
    db.session.add(absence)
    db.session.flush()
    audit.record(actor, "sheet.absent", f"absence:{absence.id}", contest_id=entry.round.contest_id,
                 new={"judge": judge.code, "entry_id": entry.id, "part": part.code, "reason": absence.reason})
    return absence


def pending_sheets(contest_id: int) -> list[ScoreSheet]:
    return list(db.session.scalars(select(ScoreSheet).filter_by(contest_id=contest_id, status=SHEET_PENDING)
                                   .order_by(ScoreSheet.received_at)))


def review_sheet(actor: User, sheet: ScoreSheet, accept: bool, note: str = "") -> ScoreSheet:
    """Accept or reject a late sheet (only the review fields change). The caller commits."""
    db.session.refresh(sheet, with_for_update=True)
    if sheet.status != SHEET_PENDING:
        raise DomainError("not_pending", "This sheet is not waiting for review.")
    old = {"status": sheet.status}
    sheet.status = SHEET_ACCEPTED if accept else SHEET_REJECTED
    sheet.reviewed_by = audit.actor_label(actor)
    sheet.reviewed_at = utcnow()
    sheet.review_note = nfc(note or "").strip()[:MAX_REASON]
    audit.record(actor, "sheet.accept" if accept else "sheet.reject", f"sheet:{sheet.id}",
                 contest_id=sheet.contest_id, old=old,
                 new={"status": sheet.status, "note": sheet.review_note, "judge_id": sheet.judge_id,
                      "entry_id": sheet.entry_id, "version": sheet.version, "total": sheet.total})
    return sheet
