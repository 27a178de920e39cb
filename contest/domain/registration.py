"""Unit self-registration: when a unit may submit, and which decisions apply to which state.

Boundary: pure rules over plain values (times are naive UTC datetimes); no Flask, no SQLAlchemy.
States: invited -> submitted -> approved, or submitted -> returned -> submitted again.
"""

from datetime import datetime

from contest.domain.errors import DomainError

INVITED, SUBMITTED, RETURNED, APPROVED = "invited", "submitted", "returned", "approved"
STATES = (INVITED, SUBMITTED, RETURNED, APPROVED)


def check_window(is_open: bool, deadline: datetime | None, now: datetime) -> None:
    """Opening registration needs a deadline still ahead."""
    if not is_open:
        return
    if deadline is None:
        raise DomainError("registration_needs_deadline", "Set a deadline to open registration.",
                          field="deadline")
    if deadline <= now:
        raise DomainError("registration_deadline_past", "The deadline has already passed.", field="deadline")


def check_can_submit(status: str, is_open: bool, deadline: datetime | None, now: datetime) -> None:
    """A unit may (re)submit while registration is open, before the deadline, until approved."""
    if status == APPROVED:
        raise DomainError("registration_already_approved", "This registration is already approved.")
    if not is_open:
        raise DomainError("registration_closed", "Registration is not open.")
    if deadline is not None and now > deadline:
        raise DomainError("registration_deadline_passed", "The registration deadline has passed.",
                          deadline=deadline)


def check_decision(status: str, decision: str) -> None:
    """Only a submitted registration is approved or returned."""
    if status != SUBMITTED:
        raise DomainError("registration_not_submitted", "Only a submitted registration can be decided.",
                          status=status, decision=decision)


def check_return_reason(reason: str, missing: str = "registration_reason_needed") -> str:
    """A reason for sending something back to be corrected (a registration, a nomination)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(missing, "Say what should be corrected.", field="reason")
    if len(reason) > 2000:
        raise DomainError("setup_out_of_range", "Outside the allowed range.", field="reason", lo=1, hi=2000)
    return reason
