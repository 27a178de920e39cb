"""SQLAlchemy tables, one module per area; importing this package registers them all."""

from contest.models import (
    draws,  # noqa: F401  (registers the draw records)
    judging,  # noqa: F401  (registers the judging tables)
    logins,  # noqa: F401  (registers the login sessions and throttles)
    nominations,  # noqa: F401  (registers the nomination calls, quotas and nominations)
    results,  # noqa: F401  (registers the certificate templates)
    show_state,  # noqa: F401  (registers the show tables)
)
from contest.models.audit import AuditEvent
from contest.models.bodies import Body, BodyRole
from contest.models.contest import Cluster, Contest, Criterion, Part, PrizeTier, Round
from contest.models.teams import Entry, Member, Registration, Team
from contest.models.users import Judge, User

__all__ = [
    "AuditEvent",
    "Body",
    "BodyRole",
    "Cluster",
    "Contest",
    "Criterion",
    "Entry",
    "Judge",
    "Member",
    "Part",
    "PrizeTier",
    "Registration",
    "Round",
    "Team",
    "User",
]
