"""Desk messages for the services' error codes, in the reader's language."""

from flask_babel import format_datetime
from flask_babel import gettext as _

from contest.domain.errors import DomainError


def lock_message(locked_at: object) -> str:
    when = format_datetime(locked_at, format="HH:mm:ss dd/MM/yyyy")
    return _("Locked at %(time)s: no more changes.", time=when)


def error_message(error: DomainError) -> str:
    if error.code == "locked":
        return lock_message(error.params.get("locked_at"))
    messages = {
        "already_locked": lambda: _("Already locked."),
        "not_locked": lambda: _("Not locked."),
        "round_still_locked": lambda: _("The whole round is locked: unlock the round first."),
        "results_published": lambda: _("The results are published: withdraw them on the results page first."),
        "reason_required": lambda: _("A reason is required."),
        "not_on_panel": lambda: _("This judge does not score this team."),
        "sheet_exists": lambda: _("A sheet has been received for this judge, team and part."),
        "already_absent": lambda: _("Already marked absent."),
        "not_pending": lambda: _("This sheet is not waiting for review."),
        "timer_running": lambda: _("The timer is running: stop it first."),
        "timer_stopped": lambda: _("The timer is not running."),
        "stage_empty": lambda: _("Put a team and a part on stage first."),
        "already_withdrawn": lambda: _("Already withdrawn."),
        "scoring_bad_overtime_rule": lambda: _("The part's over-time rule is not valid."),
        "points_invalid": lambda: _("Not a number."),
        "points_too_fine": lambda: _("At most two decimals."),
        "points_out_of_range": lambda: _("Outside the allowed range."),
    }
    return messages.get(error.code, lambda: _("Unknown team, part, judge or question."))()
