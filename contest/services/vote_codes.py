"""One-time audience vote codes: made by the organizer, printed as QR codes for seats or delegations,
each counted once. This is the honest mode for a real prize: the open mode's phone cookie is the
client's to choose, a printed code is not.

A code is claimed in the same transaction as its vote, by an UPDATE that only succeeds while the
code is unused: two phones scanning one code at once get one vote between them.
"""

from __future__ import annotations

import secrets

from sqlalchemy import func, select, update

from contest.domain.errors import DomainError
from contest.domain.names import clean_name
from contest.extensions import db
from contest.models import Contest, User
from contest.models.base import utcnow
from contest.models.show_state import VoteCode
from contest.services import audit

# No 0/O, 1/I/L: a code typed from paper is read right. 31**8 ≈ 8.5e11 codes.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
MAX_BATCH = 2000
MAX_LABEL = 80
# Cards in one printed file (ten A4 pages): drawing QR codes is CPU work in the serving process.
SHEET_CARDS = 150


def normalize(text: object) -> str | None:
    """A code as typed or scanned ("abcd-efgh", "ABCD EFGH") in its stored form, or None."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    code = text.replace("-", "").replace(" ", "").upper()
    return code if len(code) == LENGTH and all(ch in ALPHABET for ch in code) else None


def display(code: str) -> str:
    """Two groups of four, as printed: "ABCD-EFGH"."""
    return f"{code[:4]}-{code[4:]}"


def make_codes(actor: User, contest: Contest, count: object, label: str) -> list[VoteCode]:
    """``count`` new codes labelled "<label> 1", "<label> 2", ... (a delegation, a row of seats). Audited."""
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_BATCH:
        raise DomainError("vote_codes_count", "Wrong number of codes.", max=MAX_BATCH)
    prefix = clean_name(label, "label", MAX_LABEL) if label.strip() else ""
    taken = set(db.session.scalars(select(VoteCode.code).filter_by(contest_id=contest.id)))
    codes = []
    for number in range(1, count + 1):
        code = _new_code(taken)
        taken.add(code)
        codes.append(VoteCode(contest_id=contest.id, code=code, label=f"{prefix} {number}".strip()))
    db.session.add_all(codes)
    audit.record(actor, "vote.codes_made", f"contest:{contest.id}", new={"count": count, "label": prefix},
                 contest_id=contest.id)
    return codes


def _new_code(taken: set[str]) -> str:
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if code not in taken:
            return code


def unused_codes(contest_id: int, part: int = 1) -> list[VoteCode]:
    """The codes still to hand out, in the order they were made: the ``part``-th ``SHEET_CARDS`` of them."""
    return list(db.session.scalars(select(VoteCode).filter_by(contest_id=contest_id, used_at=None)
                                   .order_by(VoteCode.id).offset((part - 1) * SHEET_CARDS).limit(SHEET_CARDS)))


def tally(contest_id: int) -> tuple[int, int]:
    """(codes made, codes used) in this contest."""
    made, used = db.session.execute(select(func.count(), func.count(VoteCode.used_at))
                                    .filter_by(contest_id=contest_id)).one()
    return made, used


def claim(contest_id: int, text: object) -> VoteCode:
    """Mark the code used now, or raise DomainError (no code, unknown, already used). Caller commits."""
    code = normalize(text)
    if code is None:
        raise DomainError("vote_code_required" if not text else "vote_code_unknown", "A vote code is needed.")
    claimed = db.session.execute(update(VoteCode).where(VoteCode.contest_id == contest_id, VoteCode.code == code,
                                                        VoteCode.used_at.is_(None)).values(used_at=utcnow()))
    found = db.session.scalar(select(VoteCode).filter_by(contest_id=contest_id, code=code))
    if found is None:
        raise DomainError("vote_code_unknown", "Unknown vote code.")
    if claimed.rowcount != 1:
        raise DomainError("vote_code_used", "This code has already voted.")
    return found
