"""The tablet script's words, translated here so the JavaScript stays language-neutral.

Placeholders in braces ({team}) are filled in by the script.
"""

from babel.numbers import get_decimal_symbol
from flask_babel import get_locale
from flask_babel import gettext as _


def tablet_texts() -> dict[str, str]:
    return {
        "decimal": get_decimal_symbol(get_locale()),
        "state_queued": _("Saved on this tablet"),
        "state_sending": _("Sending"),
        "state_received": _("Received by the server (#{id})"),
        "state_pending_review": _("Received late: waiting for the organizers' review (#{id})"),
        "state_rejected": _("Refused by the server"),
        "review_rejected": _("Rejected by the organizers after review"),
        "state_login": _("Saved on this tablet: log in again to send"),
        "state_retry": _("Saved on this tablet: not sent yet, will retry"),
        "resend": _("Resend"),
        "queued_count": _("{n} waiting to be sent"),
        "send": _("Send scores"),
        "confirm": _("Confirm: team {team}, part {part}, total {total} points"),
        "confirm_send": _("Confirm and send"),
        "back_to_edit": _("Back to edit"),
        "total": _("Total"),
        "points": _("points"),
        "range": _("From {min} to {max}, step {step}"),
        "err_empty": _("Enter a score"),
        "err_number": _("Not a number (at most two decimals)"),
        "err_range": _("Must be from {min} to {max}"),
        "err_step": _("Must be a multiple of {step}"),
        "fill_all": _("Enter every score to send the sheet."),
        "on_stage": _("On stage now"),
        "nobody_on_stage": _("No team on stage yet"),
        "go_to_stage": _("Go to the team on stage"),
        "scoring": _("You are scoring"),
        "choose_team": _("Choose a team in the list to score it."),
        "order": _("No. {n}"),
        "conflict": _("You do not score this team (conflict of interest)."),
        "conflict_short": _("Not yours"),
        "locked": _("Locked"),
        "entry_locked": _("This team's scores are locked."),
        "round_locked": _("The round was locked at {time}."),
        "no_sheets": _("No sheets yet."),
        "correct": _("Correct (new version)"),
        "fix_resend": _("Fix and resend"),
        "version": _("version {n}"),
        "latest_sheet": _("Your sheet"),
        "online": _("Connected"),
        "offline": _("Offline: sheets are kept on this tablet"),
        "offline_short": _("Offline"),
        "login_banner": _("Your session has ended. Unsent sheets are kept on this tablet; "
                          "log in again to send them."),
        "login_again": _("Log in again"),
        "csrf_banner": _("This page is out of date. Reload it to send the waiting sheets."),
        "reload": _("Reload"),
        "revoked_title": _("Your access has been revoked"),
        "revoked_body": _("Please contact the organizing board. Unsent sheets stay on this tablet."),
        "other_judge": _("{n} unsent sheets of another judge ({codes}) are waiting on this tablet; "
                         "that judge must log in on this tablet to send them."),
        "storage_error": _("This browser cannot store sheets (private mode?). Do not score on it: "
                           "ask the organizers for help."),
        "state_error": _("Could not load the contest data. Retrying…"),
        "timer": _("Stage timer"),
        "saved_toast": _("Saved on this tablet. Sending…"),
    }
