"""Contest-wide screen settings: the round and cluster the screens follow, voting, the TV overlay.

Every change bumps a version and is pushed to the public room as one small ``show`` document.
The acting user is a parameter; the caller commits.
"""

from __future__ import annotations

from typing import Any

from contest.domain.errors import DomainError
from contest.extensions import db
from contest.models import Contest, Round, User
from contest.models.base import utcnow
from contest.models.show_state import OVERLAY_VIEWS, VOTE_MODES, VOTE_OPEN, ShowSettings
from contest.services import audit


def settings_of(contest_id: int) -> ShowSettings:
    """The stored settings, or unsaved defaults (first round, no cluster, voting closed)."""
    found = db.session.get(ShowSettings, contest_id)
    if found is not None:
        return found
    return ShowSettings(contest_id=contest_id, voting_open=False, vote_mode=VOTE_OPEN, overlay="lower", version=0)


def current_round(contest: Contest) -> Round | None:
    settings = settings_of(contest.id)
    chosen = next((r for r in contest.rounds if r.id == settings.round_id), None)
    return chosen or (contest.rounds[0] if contest.rounds else None)


def public_doc(contest_id: int) -> dict[str, Any]:
    settings = settings_of(contest_id)
    return {"v": settings.version, "round": settings.round_id or 0, "cluster": settings.cluster_id or 0,
            "voting": settings.voting_open, "vround": settings.voting_round_id or 0, "overlay": settings.overlay}


def _stored(contest: Contest) -> ShowSettings:
    settings = db.session.get(ShowSettings, contest.id)
    if settings is None:
        settings = ShowSettings(contest_id=contest.id, voting_open=False, vote_mode=VOTE_OPEN, overlay="lower",
                                version=0)
        db.session.add(settings)
    settings.version = (settings.version or 0) + 1
    settings.updated_at = utcnow()
    return settings


def follow(actor: User, contest: Contest, rnd: Round, cluster_id: int | None) -> ShowSettings:
    """Point every screen at a round (and a cluster of it, or the whole round)."""
    if rnd.contest_id != contest.id or (cluster_id is not None and cluster_id not in {c.id for c in rnd.clusters}):
        raise DomainError("show_bad_target", "Unknown round or cluster.")
    settings = _stored(contest)
    old = {"round": settings.round_id, "cluster": settings.cluster_id}
    settings.round_id, settings.cluster_id = rnd.id, cluster_id
    audit.record(actor, "show.follow", f"contest:{contest.id}", old=old,
                 new={"round": rnd.id, "cluster": cluster_id}, contest_id=contest.id)
    return settings


def set_voting(actor: User, contest: Contest, rnd: Round | None) -> ShowSettings:
    """Open the audience vote for a round's teams, or close it (``rnd`` None)."""
    settings = _stored(contest)
    old = {"open": settings.voting_open, "round": settings.voting_round_id}
    settings.voting_open = rnd is not None
    settings.voting_round_id = rnd.id if rnd is not None else settings.voting_round_id
    audit.record(actor, "show.voting", f"contest:{contest.id}", old=old,
                 new={"open": settings.voting_open, "round": settings.voting_round_id}, contest_id=contest.id)
    return settings


def set_vote_mode(actor: User, contest: Contest, mode: str) -> ShowSettings:
    """Open (informal, one vote per phone cookie) or codes (one vote per printed code)."""
    if mode not in VOTE_MODES:
        raise DomainError("vote_bad_mode", "Unknown vote mode.")
    return _change(actor, contest, "show.vote_mode", "vote_mode", mode, "mode")


def set_overlay(actor: User, contest: Contest, view: str) -> ShowSettings:
    if view not in OVERLAY_VIEWS:
        raise DomainError("show_bad_overlay", "Unknown overlay view.", view=view)
    return _change(actor, contest, "show.overlay", "overlay", view, "overlay")


def _change(actor: User, contest: Contest, action: str, attribute: str, value: str, key: str) -> ShowSettings:
    """Set one setting and audit it as ``{key: old}`` -> ``{key: new}``."""
    settings = _stored(contest)
    old = getattr(settings, attribute)
    setattr(settings, attribute, value)
    audit.record(actor, action, f"contest:{contest.id}", old={key: old}, new={key: value}, contest_id=contest.id)
    return settings
