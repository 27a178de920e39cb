"""Unit self-registration: invite a unit with a private link, take its submission, decide on it.

The link's token is the unit's only credential. It is shown once, when the invitation is made,
and stored as a SHA-256 hash; a lookup hashes the presented token and finds the row by that hash
(the database never compares secrets character by character), then confirms it with
``hmac.compare_digest``. A unit can reach its own registration only.
"""

import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select

from contest.domain import registration as rules
from contest.domain.errors import DomainError
from contest.domain.names import clean_name, find_lookalike, lookalike_index, name_key
from contest.domain.teams import UNIT_TYPES, TeamSpec, check_team
from contest.extensions import db
from contest.models import Contest, Registration, Team, User
from contest.models.base import utcnow
from contest.services import audit, teams
from contest.services.lookup import scoped

_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")  # matched whole: "$" would let a final newline through


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def find_by_token(token: str) -> Registration | None:
    if not _TOKEN.fullmatch(token):
        return None
    digest = hash_token(token)
    found = db.session.scalar(select(Registration).filter_by(token_hash=digest))
    if found is None or not hmac.compare_digest(found.token_hash, digest):
        return None
    return found


def list_registrations(contest: Contest) -> list[Registration]:
    return list(db.session.scalars(select(Registration).filter_by(contest_id=contest.id)
                                   .order_by(Registration.unit_name)))


def get_registration(contest: Contest, registration_id: int) -> Registration:
    return scoped(Registration, registration_id, contest=contest)


def set_window(contest: Contest, is_open: bool, deadline: datetime | None, actor: User) -> None:
    """Open (until a naive-UTC deadline) or close self-registration."""
    rules.check_window(is_open, deadline, utcnow())
    old = {"open": contest.registration_open, "deadline": _iso(contest.registration_deadline)}
    contest.registration_open = is_open
    contest.registration_deadline = deadline
    audit.record(actor, "registration.window", f"contest:{contest.id}", old=old,
                 new={"open": is_open, "deadline": _iso(deadline)}, contest_id=contest.id)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def invite(contest: Contest, unit_name: str, unit_type: str, actor: User) -> tuple[Registration, str]:
    """A new invitation and its link token (shown once, never stored in clear)."""
    name = clean_name(unit_name, "unit_name")
    if unit_type not in UNIT_TYPES:
        raise DomainError("setup_unknown_choice", "Unknown choice.", field="unit_type")
    key = name_key(name)
    invited = lookalike_index(db.session.scalars(select(Registration.unit_name).filter_by(contest_id=contest.id)))
    taken = find_lookalike(invited, name)
    if taken is not None:
        raise DomainError("registration_unit_taken", "Already invited.", field="unit_name", existing=taken)
    team = find_lookalike(teams.existing_names(contest), name)
    if team is not None:
        raise DomainError("team_duplicate", "A team with this name exists.", field="unit_name", existing=team)
    token = secrets.token_urlsafe(32)
    found = Registration(contest_id=contest.id, unit_name=name, unit_key=key, unit_type=unit_type,
                         token_hash=hash_token(token), status=rules.INVITED)
    db.session.add(found)
    db.session.flush()
    audit.record(actor, "registration.invite", f"registration:{found.id}",
                 new={"unit_name": name, "unit_type": unit_type}, contest_id=contest.id)
    return found, token


def reissue(found: Registration, actor: User) -> str:
    """A new link; the old one stops working at once."""
    token = secrets.token_urlsafe(32)
    found.token_hash = hash_token(token)
    audit.record(actor, "registration.reissue", f"registration:{found.id}", contest_id=found.contest_id)
    return token


def withdraw_invitation(found: Registration, actor: User) -> None:
    """Take an invitation back (sent to the wrong unit, or the unit will not take part): the link stops
    working and the unit can be invited again. An approved one has a team: delete that team first."""
    if found.status == rules.APPROVED:
        raise DomainError("registration_already_approved", "Approved registrations cannot change.")
    audit.record(actor, "registration.withdraw", f"registration:{found.id}", contest_id=found.contest_id,
                 old={"unit_name": found.unit_name, "status": found.status, "payload": found.payload})
    db.session.delete(found)


def reopen_for_deleted_team(team_id: int) -> list[Registration]:
    """The team approved from these registrations is being deleted: they wait for a decision again."""
    found = db.session.scalars(select(Registration).filter_by(team_id=team_id)).all()
    for item in found:
        item.team_id, item.status, item.decided_at = None, rules.SUBMITTED, None
    return list(found)


def submit(found: Registration, raw: Mapping[str, str]) -> list[DomainError]:
    """The unit's own team data; returns the problems (nothing saved) or [] once stored."""
    contest = db.session.get(Contest, found.contest_id)
    rules.check_can_submit(found.status, contest.registration_open, contest.registration_deadline, utcnow())
    fixed = {**raw, "name": found.unit_name, "unit_type": found.unit_type, "home_cluster": ""}
    spec, errors = check_team(fixed, complete=True)
    if spec is None:
        return errors
    old_status = found.status
    found.payload = spec.as_payload()
    found.status = rules.SUBMITTED
    found.submitted_at = utcnow()
    audit.record(f"unit:{found.id}", "registration.submit", f"registration:{found.id}",
                 old={"status": old_status}, new=found.payload, contest_id=found.contest_id)
    return []


def approve(found: Registration, actor: User) -> Team:
    """Create the team (and its entry into the first round) from the submission."""
    rules.check_decision(found.status, "approve")
    contest = db.session.get(Contest, found.contest_id)
    spec = TeamSpec.from_payload({**found.payload, "name": found.unit_name, "unit_type": found.unit_type})
    team = teams.create_team(contest, spec, actor)
    found.team_id = team.id
    found.status = rules.APPROVED
    found.decided_at = utcnow()
    audit.record(actor, "registration.approve", f"registration:{found.id}", new={"team_id": team.id},
                 contest_id=contest.id)
    return team


def send_back(found: Registration, reason: str, actor: User) -> None:
    """Return the submission to the unit with what to correct."""
    rules.check_decision(found.status, "return")
    found.return_reason = rules.check_return_reason(reason)
    found.status = rules.RETURNED
    found.decided_at = utcnow()
    audit.record(actor, "registration.return", f"registration:{found.id}", new={"reason": found.return_reason},
                 contest_id=found.contest_id)
