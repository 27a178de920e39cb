"""The audience-favourite vote: one vote per phone per contest, counted apart from the judges.

A phone is identified by a random id kept in a cookie; the database's unique key (contest, voter)
is what makes a second vote impossible, even from two requests at once. Votes are not audit
events (thousands arrive within a minute and they decide no score); opening and closing are.
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from contest.domain.errors import DomainError
from contest.extensions import db
from contest.models import Contest, Entry
from contest.models.show_state import AudienceVote
from contest.services import show_settings

VOTER_PATTERN = re.compile(r"^[0-9a-f]{32}$")


def new_voter_id() -> str:
    return secrets.token_hex(16)


def valid_voter(voter: str | None) -> bool:
    return bool(voter) and bool(VOTER_PATTERN.match(voter or ""))


def cast(contest: Contest, voter: str, team_id: object) -> AudienceVote:
    """Store the phone's vote for a team of the voting round, or raise DomainError. Commits."""
    if not valid_voter(voter):
        raise DomainError("vote_no_voter", "No voter id.")
    settings = show_settings.settings_of(contest.id)
    if not settings.voting_open or settings.voting_round_id is None:
        raise DomainError("vote_closed", "Voting is closed.")
    if isinstance(team_id, bool) or not isinstance(team_id, int):
        raise DomainError("vote_unknown_team", "Unknown team.")
    entry = db.session.scalar(select(Entry).filter_by(round_id=settings.voting_round_id, team_id=team_id,
                                                      withdrawn=False))
    if entry is None:
        raise DomainError("vote_unknown_team", "Unknown team.")
    vote = AudienceVote(contest_id=contest.id, round_id=entry.round_id, entry_id=entry.id, voter=voter)
    db.session.add(vote)
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise DomainError("vote_already", "This phone has already voted.") from error
    return vote


def voted_team(contest_id: int, voter: str | None) -> int | None:
    """The team this phone voted for in this contest, if any."""
    if not valid_voter(voter):
        return None
    return db.session.scalar(select(Entry.team_id).join(AudienceVote, AudienceVote.entry_id == Entry.id)
                             .where(AudienceVote.contest_id == contest_id, AudienceVote.voter == voter))


def counts(contest_id: int) -> dict[int, int]:
    """Votes per team in this contest (staff only: the public never sees counts)."""
    rows = db.session.execute(select(Entry.team_id, func.count()).join(AudienceVote, AudienceVote.entry_id == Entry.id)
                              .where(AudienceVote.contest_id == contest_id).group_by(Entry.team_id))
    return {team: count for team, count in rows}
