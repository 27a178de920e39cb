"""Sending teams up a level: which team a child body may nominate, how many, until when, and
which step may follow which.

Boundary: pure rules over plain values; no Flask, no SQLAlchemy. Times are naive UTC and ``now``
is always an argument: the service passes the server's clock, never a hall laptop's (a laptop
set a day late must not reopen a closed call).

States: draft -> submitted -> approved, submitted -> returned -> submitted again; the child may
withdraw until the parent approves.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from contest.domain import registration
from contest.domain.errors import DomainError

DRAFT, SUBMITTED, APPROVED, RETURNED, WITHDRAWN = "draft", "submitted", "approved", "returned", "withdrawn"
STATES = (DRAFT, SUBMITTED, APPROVED, RETURNED, WITHDRAWN)
# What counts against a child body's quota: everything but a withdrawn nomination.
ACTIVE = (DRAFT, SUBMITTED, APPROVED, RETURNED)
DEFAULT_QUOTA = 1
MAX_QUOTA = 20

# action -> (states it may start from, state it leaves)
_STEPS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "edit": ((DRAFT, RETURNED), None),
    "submit": ((DRAFT, RETURNED), SUBMITTED),
    "withdraw": ((DRAFT, SUBMITTED, RETURNED), WITHDRAWN),
    "approve": ((SUBMITTED,), APPROVED),
    "return": ((SUBMITTED,), RETURNED),
}


@dataclass(frozen=True)
class Candidate:
    """A team of the child contest's published results, as the nomination page offers it."""

    team_id: int
    team_name: str
    rank: int | None
    prizes: tuple[str, ...] = ()
    advancing: bool = False

    @property
    def eligible(self) -> bool:
        return bool(self.prizes) or self.advancing


def next_state(status: str, action: str) -> str:
    """The state ``action`` leaves a nomination in (``edit`` keeps it), or a refusal."""
    allowed, after = _STEPS[action]
    if status not in allowed:
        raise DomainError(_REFUSALS.get(status, "nomination_not_submitted"), "Not possible in this state.",
                          status=status, action=action)
    return after or status


# Why a step is refused, by the state the nomination is in (a draft or returned one is "not submitted").
_REFUSALS = {SUBMITTED: "nomination_waiting", APPROVED: "nomination_already_approved",
             WITHDRAWN: "nomination_withdrawn", RETURNED: "nomination_not_submitted"}


def check_open_call(is_open: bool, deadline: datetime | None, now: datetime) -> None:
    """Opening a call needs a deadline still ahead (closing one needs nothing)."""
    if not is_open:
        return
    if deadline is None:
        raise DomainError("nomination_needs_deadline", "Set a deadline to open the call.", field="deadline")
    if deadline <= now:
        raise DomainError("nomination_deadline_past", "The deadline has already passed.", field="deadline")


def check_quota_value(teams: int) -> int:
    if not 0 <= teams <= MAX_QUOTA:
        raise DomainError("setup_out_of_range", "Outside the allowed range.", field="quota", lo=0, hi=MAX_QUOTA)
    return teams


def check_window(is_open: bool, deadline: datetime | None, now: datetime) -> None:
    """A child nominates, edits and submits while the call is open and before its deadline."""
    if not is_open:
        raise DomainError("nomination_call_closed", "The call for nominations is not open.")
    if deadline is not None and now > deadline:
        raise DomainError("nomination_deadline_passed", "The deadline has passed.", deadline=deadline)


def check_quota(active_others: int, quota: int) -> None:
    """``active_others``: the body's nominations that count, this one left out."""
    if active_others >= quota:
        raise DomainError("nomination_quota_full", "The quota is used up.", quota=quota)


def check_nominee(published: bool, candidate: Candidate | None, already_nominated: bool) -> Candidate:
    """A child nominates from its own published results: a prize winner or an advancing team, once."""
    if not published:
        raise DomainError("nomination_results_unpublished", "Publish the results first.")
    if candidate is None or not candidate.eligible:
        raise DomainError("nomination_not_eligible", "Only prize winners or advancing teams can be nominated.")
    if already_nominated:
        raise DomainError("nomination_team_taken", "This team is already nominated.", team=candidate.team_name)
    return candidate


def check_return_reason(reason: str) -> str:
    return registration.check_return_reason(reason, missing="nomination_reason_needed")


def best_first(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Eligible candidates, best placed first (unranked last, then by name for a stable order)."""
    eligible = [c for c in candidates if c.eligible]
    return sorted(eligible, key=lambda c: (c.rank is None, c.rank or 0, not c.prizes, c.team_name))


def parent_team_name(unit: str, team_name: str, unit_taken: bool) -> str:
    """The name a nominated team takes at the parent level: its unit (the city knows "Quận Tây Hồ",
    not the ward that won there); a second team of the same unit adds the team's own name."""
    if not unit_taken:
        return unit
    return f"{unit} ({team_name})" if team_name and team_name != unit else unit


# "Ban Dân vận Quận ủy Tây Hồ" -> "Quận Tây Hồ": a board is named after its Party committee, the
# team at the next level after its locality (the Hà Nội 2024 teams are "Quận Tây Hồ", "Thị xã Sơn Tây").
_BOARD = re.compile(r"^(?:Ban\s+(?:Tuyên giáo và\s+)?Dân vận\s+)", re.IGNORECASE)
_COMMITTEES = (("Quận ủy", "Quận"), ("Huyện ủy", "Huyện"), ("Thị ủy", "Thị xã"), ("Thành ủy", "Thành phố"),
               ("Tỉnh ủy", "Tỉnh"), ("Phường ủy", "Phường"), ("Xã ủy", "Xã"), ("Đảng ủy", ""))


def unit_of_body(body_name: str) -> str:
    """The unit a body's team represents one level up, from the body's name (editable afterwards)."""
    name = " ".join(body_name.split())
    rest = _BOARD.sub("", name)
    if rest == name:
        return name
    for committee, locality in _COMMITTEES:
        if rest.lower().startswith(committee.lower() + " "):
            tail = rest[len(committee):].strip()
            return f"{locality} {tail}".strip()
    return rest
