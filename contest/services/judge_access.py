"""Judge access: one-time link login, code + PIN login slowed per account, revoke, re-issue.

Identity lives in the session ("judge:<id>:<epoch>", see contest.security): bumping
``session_epoch`` or setting ``revoked_at`` ends every session of that judge at its next
request; the caller then ends the open sockets at once with ``realtime.disconnect_judge``
(services never emit).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash

from contest.extensions import db
from contest.models import Contest, Judge, User
from contest.models.base import utcnow
from contest.services import audit, judges, login_throttle


@dataclass
class PinOutcome:
    """The judge on success; otherwise how long the account must wait (0: just wrong)."""

    judge: Judge | None
    retry_after: int = 0


def contests_with_judges() -> list[Contest]:
    """Contests a judge could log in to (for the code + PIN form)."""
    query = select(Contest).where(Contest.id.in_(select(Judge.contest_id))).order_by(Contest.year.desc(), Contest.name)
    return list(db.session.scalars(query))


def consume_login_token(raw_token: str) -> Judge | None:
    """Log in by the QR link: the token works once. Commits; None when unknown or used."""
    digest = judges.token_hash(raw_token)
    judge = db.session.scalar(select(Judge).filter_by(login_token_hash=digest))
    if judge is not None and judge.revoked_at is None:
        # Two scans of one card can race: only one conditional UPDATE matches.
        result = db.session.execute(
            update(Judge).where(Judge.id == judge.id, Judge.login_token_hash == digest)
            .values(login_token_hash=None).execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            db.session.expire(judge, ["login_token_hash"])
            audit.record(judge, "judge.login", f"judge:{judge.id}", new={"method": "link"},
                         contest_id=judge.contest_id)
            db.session.commit()
            return judge
    audit.record("anonymous", "judge.login_refused", f"token:{digest[:12]}", new={"method": "link"},
                 contest_id=judge.contest_id if judge else None)
    db.session.commit()
    return None


def login_with_pin(contest_id: int, code: str, pin: str, now: datetime | None = None) -> PinOutcome:
    """Check a judge's code + PIN. Wrong guesses slow down that code only, known or not. Commits.

    An unknown or revoked code answers exactly like a known code with a wrong PIN (same wait,
    same hash cost), so codes cannot be listed; it is counted in the throttle, not audited.
    """
    now = now or utcnow()
    key = login_throttle.judge_key(contest_id, code)
    wait = login_throttle.wait_seconds(key, now)
    if wait:
        # Not even checked: a blocked name learns nothing from a guess.
        db.session.rollback()
        return PinOutcome(None, retry_after=wait)
    judge = db.session.scalar(
        select(Judge).where(Judge.contest_id == contest_id, func.upper(Judge.code) == code.strip().upper())
    )
    usable = judge is not None and judge.revoked_at is None and bool(judge.pin_hash)
    if check_password_hash(judge.pin_hash if usable else judges.UNKNOWN_PIN_HASH, pin.strip()) and usable:
        login_throttle.clear(key)
        audit.record(judge, "judge.login", f"judge:{judge.id}", new={"method": "pin"}, contest_id=judge.contest_id)
        db.session.commit()
        return PinOutcome(judge)
    failures, delay = login_throttle.record_failure(key, now)
    if usable:
        audit.record("anonymous", "judge.pin_failed", f"judge:{judge.id}",
                     new={"failures": failures, "wait_seconds": delay}, contest_id=judge.contest_id)
    db.session.commit()
    return PinOutcome(None, retry_after=delay)


def revoke(judge: Judge, actor: User) -> None:
    """Log the judge out everywhere, now: sessions and the card's link. Commits; the caller then
    closes the sockets (``realtime.disconnect_judge``)."""
    old = {"revoked_at": None, "session_epoch": judge.session_epoch}
    judge.revoked_at = utcnow()
    judge.session_epoch += 1
    judge.login_token_hash = None
    audit.record(actor, "judge.revoke", f"judge:{judge.id}", old=old,
                 new={"revoked_at": judge.revoked_at.isoformat(), "session_epoch": judge.session_epoch},
                 contest_id=judge.contest_id)
    db.session.commit()


def reissue(judge: Judge, actor: User) -> tuple[str, str]:
    """New link and PIN (and un-revoke); older sessions end. Commits; the caller then closes the
    sockets (``realtime.disconnect_judge``).

    Returns (raw token, PIN), shown once to the organizer.
    """
    old = {"revoked_at": judge.revoked_at.isoformat() if judge.revoked_at else None,
           "session_epoch": judge.session_epoch}
    judge.revoked_at = None
    judge.session_epoch += 1
    token = judges.issue_login_token(judge)
    pin = judges.issue_pin(judge)
    audit.record(actor, "judge.reissue", f"judge:{judge.id}", old=old,
                 new={"revoked_at": None, "session_epoch": judge.session_epoch}, contest_id=judge.contest_id)
    db.session.commit()
    return token, pin
