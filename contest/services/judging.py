"""A judge's score sheet arrives: check it, store it once, answer with a receipt.

The judge comes from the session (the caller passes it); nothing in the body says who is
scoring. A retry with the same idempotency key gets the first receipt and stores nothing;
the unique constraints settle concurrent requests, and the loser re-reads. A correction
is a new version. Refusals that matter (another panel, a conflict of interest, a lock)
are audited; malformed input changes nothing at all.

A sheet arriving after its team was locked is kept for review only when it was confirmed before
the lock by the server's clock: the signed server time the tablet last heard (``clock``, see
``judge_clock``) plus the time the tablet says passed since (``clock_age_ms``, measured on its own
monotonic clock, so a wrong wall clock does not matter). Lying about that age can only move the
estimate back to the signed time, never before it. The tablet's ``captured_at`` is recorded for the
head judge but decides nothing: the judge's device sets it.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from contest.domain.errors import DomainError
from contest.domain.points import check_in_range, parse_points
from contest.extensions import db
from contest.models import Entry, Judge, Part, Round
from contest.models.judging import SHEET_PENDING, SHEET_RECEIVED, ScoreSheet
from contest.services import audit, locks

# Matched whole (fullmatch): with search-style "$" a final newline would slip through.
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
TOTAL_FIELD = "total"
# Each retry follows a lost race on a unique constraint; a handful is already paranoid.
MAX_ATTEMPTS = 8
# A contest day; beyond it an age only says "long after", and timedelta stays small.
MAX_CLOCK_AGE_MS = 24 * 3600 * 1000


@dataclass(frozen=True)
class FieldError:
    code: str
    params: dict[str, Any] = field(default_factory=dict)


class SheetRefused(Exception):
    """A sheet that is not stored: HTTP-like status, error code, per-field reasons, lock time."""

    def __init__(self, status: int, error: str, fields: dict[str, FieldError] | None = None,
                 locked_at: datetime | None = None, reason: str = "") -> None:
        super().__init__(error)
        self.status = status
        self.error = error
        self.fields = fields or {}
        self.locked_at = locked_at
        self.reason = reason


@dataclass(frozen=True)
class Receipt:
    """What the server answers; ``created`` is False for a replayed key."""

    key: str
    sheet_id: int
    version: int
    status: str
    total: int
    received_at: datetime
    created: bool
    contest_id: int
    judge_id: int
    entry_id: int
    part_code: str


@dataclass(frozen=True)
class SheetBody:
    key: str
    entry_id: Any
    part_code: Any
    scores: Any
    captured_at: Any
    clock: Any
    clock_age_ms: Any


def iso_utc(moment: datetime | None) -> str | None:
    """Naive UTC (as stored) to ISO 8601 with a Z: what clients parse."""
    if moment is None:
        return None
    return moment.isoformat(timespec="milliseconds") + "Z"


def parse_client_time(value: object) -> datetime | None:
    """An ISO 8601 time from a tablet, as naive UTC; None when absent or unreadable."""
    if not isinstance(value, str) or not value or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def judge_facing_status(status: str) -> str:
    """An accepted late sheet counts like any received one; the tablet shows it so."""
    return SHEET_RECEIVED if status in (SHEET_RECEIVED, "accepted") else status


def submit_sheet(judge: Judge, payload: object, clock_time: datetime | None = None) -> Receipt:
    """Store a sheet from ``judge`` (from the session) or raise SheetRefused. Commits.

    ``clock_time``: the server time in the sheet's signed ``clock`` (checked by the caller, who holds
    the key), or None when the sheet carries no valid one.
    """
    body = _read_body(payload)
    digest = body_hash(body)
    judge_id = judge.id
    for _attempt in range(MAX_ATTEMPTS):
        try:
            return _store(judge_id, body, digest, clock_time)
        except IntegrityError:
            # Another request took the key or the version first: re-read and decide again.
            db.session.rollback()
    raise RuntimeError("score sheet could not be stored after repeated conflicts")


def body_hash(body: SheetBody) -> str:
    fields = {"key": body.key, "entry_id": body.entry_id, "part_code": body.part_code,
              "scores": body.scores, "captured_at": body.captured_at}
    # Only when sent: a sheet stored before tablets had a clock keeps its digest, so its retry replays.
    fields.update({name: value for name, value in (("clock", body.clock), ("clock_age_ms", body.clock_age_ms))
                   if value is not None})
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=repr)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _read_body(payload: object) -> SheetBody:
    if not isinstance(payload, dict):
        raise SheetRefused(422, "invalid", {"body": FieldError("not_an_object")})
    key = payload.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
        raise SheetRefused(422, "invalid", {"key": FieldError("key_format")})
    return SheetBody(key, payload.get("entry_id"), payload.get("part_code"), payload.get("scores"),
                     payload.get("captured_at"), payload.get("clock"), payload.get("clock_age_ms"))


def _store(judge_id: int, body: SheetBody, digest: str, clock_time: datetime | None) -> Receipt:
    judge = db.session.get(Judge, judge_id)
    existing = db.session.scalar(select(ScoreSheet).filter_by(judge_id=judge_id, idem_key=body.key))
    if existing is not None:
        return _replay(existing, digest)
    entry, part = _target(judge, body)
    values, total = validate_scores(part, body.scores)
    captured_at = _captured_at(body)
    seen_at = _confirmed_at(body, clock_time)
    status = _status_under_locks(judge, entry, body, captured_at, seen_at)
    sheet = ScoreSheet(
        contest_id=judge.contest_id, judge_id=judge.id, entry_id=entry.id, part_id=part.id,
        version=_next_version(judge.id, entry.id, part.id), idem_key=body.key, body_hash=digest,
        values=values, total=total, status=status, captured_at=captured_at, confirmed_at=seen_at,
    )
    db.session.add(sheet)
    db.session.flush()  # a lost race raises IntegrityError here
    audit.record(judge, "sheet.received" if status == SHEET_RECEIVED else "sheet.pending_review",
                 f"sheet:{sheet.id}", contest_id=judge.contest_id,
                 new={"key": body.key, "entry_id": entry.id, "part": part.code, "version": sheet.version,
                      "values": values, "total": total, "status": status,
                      "captured_at": iso_utc(captured_at), "seen_at": iso_utc(seen_at)})
    receipt = _receipt(sheet, part.code, created=True)
    db.session.commit()
    return receipt


def _replay(sheet: ScoreSheet, digest: str) -> Receipt:
    if sheet.body_hash != digest:
        db.session.rollback()
        raise SheetRefused(422, "key_reused", {"key": FieldError("key_reused")})
    receipt = _receipt(sheet, sheet.part.code, created=False)
    db.session.rollback()
    return receipt


def _receipt(sheet: ScoreSheet, part_code: str, created: bool) -> Receipt:
    return Receipt(sheet.idem_key, sheet.id, sheet.version, judge_facing_status(sheet.status), sheet.total,
                   sheet.received_at, created, sheet.contest_id, sheet.judge_id, sheet.entry_id, part_code)


def _target(judge: Judge, body: SheetBody) -> tuple[Entry, Part]:
    """The entry and part, locked against a concurrent lock (FOR SHARE on PostgreSQL)."""
    if isinstance(body.entry_id, bool) or not isinstance(body.entry_id, int):
        raise SheetRefused(422, "invalid", {"entry_id": FieldError("entry_unknown")})
    entry = db.session.scalar(select(Entry).where(Entry.id == body.entry_id)
                              .with_for_update(read=True).execution_options(populate_existing=True))
    if entry is None:
        raise SheetRefused(422, "invalid", {"entry_id": FieldError("entry_unknown")})
    if entry.round_id != judge.round_id or (judge.cluster_id is not None and entry.cluster_id != judge.cluster_id):
        _deny(judge, entry, body, "other_panel")
    if judge.conflict_team_id is not None and entry.team_id == judge.conflict_team_id:
        _deny(judge, entry, body, "conflict")
    if entry.withdrawn:
        raise SheetRefused(422, "invalid", {"entry_id": FieldError("entry_withdrawn")})
    part = None
    if isinstance(body.part_code, str):
        part = db.session.scalar(select(Part).filter_by(round_id=entry.round_id, code=body.part_code))
    if part is None or part.scoring_mode != "panel":
        raise SheetRefused(422, "invalid", {"part_code": FieldError("part_unknown")})
    return entry, part


def _deny(judge: Judge, entry: Entry, body: SheetBody, reason: str) -> None:
    audit.record(judge, "sheet.denied", f"entry:{entry.id}", contest_id=judge.contest_id,
                 new={"key": body.key, "part": str(body.part_code)[:40], "reason": reason})
    db.session.commit()
    raise SheetRefused(403, "forbidden", reason=reason)


def validate_scores(part: Part, scores: object) -> tuple[dict[str, int], int]:
    """Per-field checks of a sheet's values: ``({field: centipoints}, total)`` or SheetRefused 422."""
    if not isinstance(scores, dict):
        raise SheetRefused(422, "invalid", {"scores": FieldError("scores_missing")})
    limits = {str(c.id): c.max_points for c in part.criteria} or {TOTAL_FIELD: part.max_points}
    errors: dict[str, FieldError] = {}
    values: dict[str, int] = {}
    for name, maximum in limits.items():
        if name not in scores:
            errors[name] = FieldError("required")
            continue
        try:
            values[name] = check_in_range(parse_points(scores[name], name), maximum, part.step, name)
        except DomainError as error:
            errors[name] = FieldError(error.code, {"max": maximum, "step": part.step})
    for name in scores:
        if name not in limits:
            errors[str(name)[:40]] = FieldError("unknown_field")
    if errors:
        raise SheetRefused(422, "invalid", errors)
    return values, sum(values.values())


def _captured_at(body: SheetBody) -> datetime | None:
    if body.captured_at is None:
        return None
    moment = parse_client_time(body.captured_at)
    if moment is None:
        raise SheetRefused(422, "invalid", {"captured_at": FieldError("time_invalid")})
    return moment


def _confirmed_at(body: SheetBody, clock_time: datetime | None) -> datetime | None:
    """When the judge confirmed the sheet, by the server's clock: signed time + the tablet's elapsed time."""
    if clock_time is None:
        return None
    age = body.clock_age_ms
    if isinstance(age, bool) or not isinstance(age, int) or age < 0:
        raise SheetRefused(422, "invalid", {"clock_age_ms": FieldError("time_invalid")})
    return clock_time + timedelta(milliseconds=min(age, MAX_CLOCK_AGE_MS))


def _status_under_locks(judge: Judge, entry: Entry, body: SheetBody, captured_at: datetime | None,
                        seen_at: datetime | None) -> str:
    """Received; pending review when confirmed before a lock it arrived after, by the server's clock
    (``seen_at``; never the tablet's ``captured_at``); else 409 (audited)."""
    rnd = db.session.scalar(select(Round).where(Round.id == entry.round_id)
                            .with_for_update(read=True).execution_options(populate_existing=True))
    locked_at = locks.lock_time(rnd, entry)
    if locked_at is None:
        return SHEET_RECEIVED
    if seen_at is not None and seen_at < locked_at:
        return SHEET_PENDING
    audit.record(judge, "sheet.refused_locked", f"entry:{entry.id}", contest_id=judge.contest_id,
                 new={"key": body.key, "part": str(body.part_code)[:40], "locked_at": iso_utc(locked_at),
                      "captured_at": iso_utc(captured_at), "seen_at": iso_utc(seen_at)})
    db.session.commit()
    raise SheetRefused(409, "locked", locked_at=locked_at)


def _next_version(judge_id: int, entry_id: int, part_id: int) -> int:
    latest = db.session.scalar(select(func.max(ScoreSheet.version))
                               .filter_by(judge_id=judge_id, entry_id=entry_id, part_id=part_id))
    return (latest or 0) + 1
