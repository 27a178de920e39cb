"""The audience-favourite vote, counted apart from the judges, in one of two modes.

- ``open`` (informal): one vote per phone, the phone being a random id kept in a cookie. The
  cookie is the client's to choose: a script that forges cookies votes as often as it likes (the
  rate limits only slow it). The console says so; the votes per address make stuffing visible.
- ``codes`` (for a real prize): one vote per printed one-time code (``vote_codes``); a phone
  without a code cannot vote.

The database's unique key (contest, voter) is what makes a second vote impossible, even from two
requests at once; a code's vote has the voter ``code:<id>``. The prize counts the votes of the
current mode only, so switching to codes leaves the informal votes out. Votes are not audit events
(thousands arrive within a minute and they decide no score); opening, closing and the mode are.
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from contest.domain.errors import DomainError
from contest.extensions import db
from contest.models import Contest, Entry
from contest.models.show_state import VOTE_CODES, AudienceVote, VoteCode
from contest.services import show_settings, vote_codes

VOTER_PATTERN = re.compile(r"[0-9a-f]{32}")
ADDRESSES_SHOWN = 10


def new_voter_id() -> str:
    return secrets.token_hex(16)


def valid_voter(voter: str | None) -> bool:
    return bool(voter) and bool(VOTER_PATTERN.fullmatch(voter or ""))


def cast(contest: Contest, voter: str, team_id: object, code: object = None, address: str = "") -> AudienceVote:
    """Store a vote for a team of the voting round, or raise DomainError. Commits.

    ``voter`` is the phone's cookie id (open mode), ``code`` the printed code (codes mode);
    ``address`` the sender's network address, kept for the organizers' per-address view."""
    settings = show_settings.settings_of(contest.id)
    if not settings.voting_open or settings.voting_round_id is None:
        raise DomainError("vote_closed", "Voting is closed.")
    if isinstance(team_id, bool) or not isinstance(team_id, int):
        raise DomainError("vote_unknown_team", "Unknown team.")
    entry = db.session.scalar(select(Entry).filter_by(round_id=settings.voting_round_id, team_id=team_id,
                                                      withdrawn=False))
    if entry is None:
        raise DomainError("vote_unknown_team", "Unknown team.")
    vote = AudienceVote(contest_id=contest.id, round_id=entry.round_id, entry_id=entry.id, address=address[:45])
    if settings.vote_mode == VOTE_CODES:
        claimed = vote_codes.claim(contest.id, code)
        vote.voter, vote.code_id = f"code:{claimed.id}", claimed.id
    elif valid_voter(voter):
        vote.voter = voter
    else:
        raise DomainError("vote_no_voter", "No voter id.")
    db.session.add(vote)
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise DomainError("vote_already", "This phone has already voted.") from error
    return vote


def voted_team(contest_id: int, voter: str | None, code: object = None) -> int | None:
    """The team this code (when given) or this phone voted for in this contest, if any."""
    query = select(Entry.team_id).join(AudienceVote, AudienceVote.entry_id == Entry.id) \
        .where(AudienceVote.contest_id == contest_id)
    normalized = vote_codes.normalize(code)
    if normalized is not None:
        return db.session.scalar(query.join(VoteCode, VoteCode.id == AudienceVote.code_id)
                                 .where(VoteCode.code == normalized))
    if not valid_voter(voter):
        return None
    return db.session.scalar(query.where(AudienceVote.voter == voter))


def _of_mode(query, mode: str):  # type: ignore[no-untyped-def]
    coded = AudienceVote.code_id.is_not(None)
    return query.where(coded if mode == VOTE_CODES else ~coded)


def counts(contest_id: int, mode: str) -> dict[int, int]:
    """Votes per team in this contest cast in ``mode`` (staff only: the public never sees counts)."""
    query = select(Entry.team_id, func.count()).join(AudienceVote, AudienceVote.entry_id == Entry.id) \
        .where(AudienceVote.contest_id == contest_id).group_by(Entry.team_id)
    return {team: count for team, count in db.session.execute(_of_mode(query, mode))}


def entry_counts(round_id: int, mode: str) -> dict[int, int]:
    """Votes per entry of a round in ``mode``: what the audience-favourite prize counts."""
    query = select(AudienceVote.entry_id, func.count()).where(AudienceVote.round_id == round_id) \
        .group_by(AudienceVote.entry_id)
    return {entry: count for entry, count in db.session.execute(_of_mode(query, mode))}


def by_address(contest_id: int, mode: str, limit: int = ADDRESSES_SHOWN) -> list[tuple[str, int]]:
    """The addresses that sent the most votes in ``mode``: one address with hundreds stands out.

    (A hall's phones may share one public address behind its Wi-Fi router: read it with that in mind.)"""
    query = select(AudienceVote.address, func.count().label("n")).where(AudienceVote.contest_id == contest_id) \
        .group_by(AudienceVote.address).order_by(func.count().desc(), AudienceVote.address).limit(limit)
    return [(address or "?", count) for address, count in db.session.execute(_of_mode(query, mode))]
