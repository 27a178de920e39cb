"""Domain error codes as sentences in the reader's language: the one table.

The domain raises ``DomainError(code, english, **params)`` and knows nothing of languages; every
page that shows one (organizer forms, the import preview, draws, the desk, the screens console, the
results desk and its certificates, a unit's registration form) goes through ``message_for`` so the
same problem reads the same everywhere. The judge's tablet shows a score field's reason beside its
input: ``field_message`` words those codes shorter (``FIELD_MESSAGES``), from this module too.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from flask_babel import LazyString, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from contest.domain.errors import DomainError
from contest.i18n import format_points

MESSAGES: dict[str, LazyString] = {
    "name_empty": _l("This field is empty."),
    "name_control_chars": _l("Contains invisible control characters (%(chars)s); please retype it."),
    "name_separator_chars": _l("Contains unusual spaces or line breaks (%(chars)s); please retype it with ordinary "
                               "spaces."),
    "name_too_long": _l("Too long: at most %(max)s characters."),
    "points_invalid": _l("“%(value)s” is not a number of points."),
    "points_too_fine": _l("“%(value)s” has more than two decimals."),
    "points_not_ascii_digits": _l("“%(value)s” has digits other than 0-9: type the score with 0-9 only."),
    "points_out_of_range": _l("Must be between 0 and %(max)s."),
    "points_off_step": _l("Must be a multiple of %(step)s."),
    "setup_bad_slug": _l("Use only lower-case letters without diacritics, digits and dashes (e.g. ha-noi-2024)."),
    "setup_bad_code": _l("Use only lower-case letters without diacritics, digits and “_” (e.g. skit)."),
    "setup_code_taken": _l("The code “%(value)s” is already used."),
    "setup_slug_taken": _l("Another contest already uses the address “%(value)s”."),
    "body_slug_taken": _l("Another organizing body already uses the address “%(value)s”."),
    "setup_out_of_range": _l("Must be between %(lo)s and %(hi)s."),
    "setup_unknown_choice": _l("Choose one of the listed options."),
    "setup_bad_duration": _l("Write the time as minutes (5) or minutes:seconds (5:30)."),
    "round_kind_taken": _l("The contest already has a round of this kind."),
    "round_has_entries": _l("This round already has teams; it cannot be deleted."),
    "part_in_use": _l("The tie-break order or a prize uses the part “%(part)s”; change them first."),
    "part_has_records": _l("Scores or marks are already recorded for this part; it cannot be deleted."),
    "cluster_in_use": _l("Judges or other records use this cluster; move them first."),
    "round_locked": _l("This round is locked: its results are final and its setup cannot change."),
    "cluster_needs_preliminary": _l("Only the preliminary round is held in clusters."),
    "cluster_duplicate": _l("The round already has a cluster named “%(value)s”."),
    "penalty_no_bands": _l("Give at least one overtime band."),
    "penalty_last_band_open": _l("Only the last band may have no upper limit, and it must have none."),
    "penalty_bands_order": _l("Band limits must increase from one band to the next."),
    "penalty_not_positive": _l("A deduction must be more than zero."),
    "penalty_without_time_limit": _l("An overtime penalty needs a time limit."),
    "part_max_not_positive": _l("The maximum must be more than 0 points."),
    "part_step_not_positive": _l("The step must be more than 0 points."),
    "part_step_not_divisor": _l("The step %(step)s does not divide the maximum %(max)s: judges could not give "
                                "the full score. Use a step such as 0.25, 0.5 or 1."),
    "quiz_has_criteria": _l("A part marked by the secretary has no rubric criteria; remove them first."),
    "quiz_max_mismatch": _l("%(questions)s questions × %(points)s points = %(total)s, but the maximum is "
                            "%(max)s."),
    "criteria_sum_mismatch": _l("The criteria add up to %(total)s points but the part maximum is %(max)s."),
    "criterion_duplicate": _l("Two criteria are named “%(value)s”."),
    "criterion_off_step": _l("%(max)s is not a multiple of the part's step %(step)s."),
    "tie_break_unknown_part": _l("There is no part with the code “%(part)s”. Known parts: %(known)s."),
    "tie_break_duplicate": _l("A part appears twice in the tie-break order."),
    "advance_nobody": _l("With these numbers nobody goes through to the final."),
    "prize_needs_part": _l("Choose the part this prize rewards."),
    "prize_unknown_part": _l("There is no part with the code “%(part)s”. Known parts: %(known)s."),
    "team_unknown_unit_type": _l("Unknown unit type “%(value)s”. Use one of: %(known)s."),
    "team_unknown_cluster": _l("Unknown cluster “%(value)s”. Clusters of this contest: %(known)s."),
    "team_bad_phone": _l("“%(value)s” is not a phone number."),
    "team_bad_email": _l("“%(value)s” is not an e-mail address."),
    "team_member_twice": _l("%(value)s is listed twice."),
    "team_too_many_members": _l("At most %(max)s members per team."),
    "team_no_official_member": _l("Name at least one official member."),
    "team_duplicate": _l("This team is already registered as “%(existing)s”."),
    "team_in_play": _l("This team has been drawn, scored or sent to a later round: it cannot be deleted. "
                       "Withdraw it instead; it stays on record."),
    "reason_required": _l("A reason is required."),
    "team_already_withdrawn": _l("The team has already withdrawn."),
    "not_withdrawn": _l("The team has not withdrawn."),
    "import_empty": _l("The file is empty."),
    "import_no_rows": _l("The file has a header row but no team rows."),
    "import_too_many_rows": _l("The file has %(rows)s rows; at most %(max)s can be imported at once."),
    "import_missing_column": _l("Required column missing: %(columns)s. Columns found: %(found)s."),
    "import_duplicate_column": _l("The column “%(column)s” appears twice."),
    "import_duplicate_in_file": _l("“%(value)s” already appears on row %(first_row)s of this file."),
    "import_not_utf8": _l("The file is not in UTF-8. In Excel choose “Save as” → “CSV UTF-8 (Comma delimited)”, "
                          "or upload the .xlsx file itself."),
    "import_bad_csv": _l("This CSV file cannot be read. Save it again from Excel as “CSV UTF-8” and retry."),
    "import_unsupported_type": _l("Upload a .xlsx or .csv file."),
    "import_bad_xlsx": _l("This .xlsx file cannot be read. Open it in Excel, save it again and retry."),
    "import_expired": _l("This upload has expired or was already used. Please upload the file again."),
    # Certificates (results desk)
    "certificate_title_required": _l("The certificate needs a title."),
    "certificate_background_large": _l("The background image is larger than 5 MB."),
    "certificate_background_type": _l("The background must be a PNG or JPEG image."),
    "recipients_no_name_column": _l("The file needs a column “Họ và tên” (full name)."),
    "recipients_too_many": _l("The list has more than %(max)s people."),
    # Upload limits (contest.domain.upload_limits)
    "upload_too_large": _l("The file holds more than %(max)s MB once unpacked; a list of teams or people needs far "
                           "less. Check that this is the right file."),
    "upload_compression_ratio": _l("Part “%(part)s” of the file is compressed %(ratio)s times; at most %(max)s times "
                                   "is accepted. The file looks built to overload the server and was not read."),
    "upload_part_too_complex": _l("Part “%(part)s” of the file holds more than %(max)s elements (styles, names…). "
                                  "Copy the list into a new workbook (paste values only) and upload that."),
    "upload_too_many_parts": _l("The file has %(count)s parts; an .xlsx file has at most %(max)s."),
    "upload_too_many_rows": _l("The sheet has more than %(max)s rows below the header. Delete the empty rows under "
                               "the list, or split the file."),
    "upload_too_many_columns": _l("The sheet has more than %(max)s columns. Delete the unused columns (and their "
                                  "formatting) to the right of the list."),
    "upload_cell_too_long": _l("Row %(row)s has a cell of %(length)s characters; at most %(max)s characters a cell."),
    "upload_image_too_large": _l("The image has more than %(max)s megapixels. Resize it: an A4 page printed at "
                                 "300 dpi needs about 9 megapixels (3508 × 2480 pixels)."),
    "upload_bad_image": _l("The image cannot be read. Save it again as PNG or JPEG and retry."),
    "upload_too_slow": _l("Reading the file took more than %(max)s seconds and was stopped. Upload a smaller file."),
    "registration_needs_deadline": _l("Set a deadline to open registration."),
    "registration_deadline_past": _l("The deadline must be in the future."),
    "registration_closed": _l("Registration for this contest is not open."),
    "registration_deadline_passed": _l("Registration closed at %(deadline)s; submissions are no longer accepted. "
                                       "Please contact the organizing board."),
    "registration_already_approved": _l("This registration has been approved; it can no longer be changed."),
    "registration_not_submitted": _l("Only a submitted registration can be approved or returned."),
    "registration_reason_needed": _l("Say what the unit should correct."),
    "registration_unit_taken": _l("“%(existing)s” is already invited or registered."),
    # Draws
    "draw_round_without_clusters": _l("This round has no clusters to draw into."),
    "draw_unknown_team_name": _l("Line %(line)s: no team of this round is named “%(value)s”."),
    "draw_entries_without_cluster": _l("“%(team)s” has no cluster yet: draw or assign the clusters first."),
    "draw_already_confirmed": _l("This draw is already confirmed for the round; move teams one by one instead."),
    "draw_not_preview": _l("Only a preview can be confirmed or discarded."),
    "draw_not_confirmed": _l("Only a confirmed draw is shown on the projector."),
    "draw_unmet_not_accepted": _l("%(count)s separations are not met: tick the box to confirm anyway."),
    "draw_inputs_changed": _l("The round's teams changed since this preview; draw again."),
    "draw_move_not_allowed": _l("Teams move only after a cluster draw is confirmed."),
    "draw_move_needs_reason": _l("Say why the team moves; the reason goes on the audit log."),
    "draw_move_unknown": _l("Unknown team or cluster for this round."),
    "draw_move_same_cluster": _l("The team is already in this cluster."),
    "draw_more_clusters_than_teams": _l("There are %(clusters)s clusters but only %(teams)s teams."),
    "draw_not_enough_packages": _l("%(group)s has %(teams)s teams but there are only %(packages)s packages."),
    "draw_no_teams": _l("There are no teams to draw."),
    "draw_duplicate_package": _l("The package “%(key)s” is listed twice."),
    "draw_duplicate_separation": _l("Two separations have the same name “%(key)s”."),
    "draw_bad_separation": _l("The separation “%(constraint)s” needs at least two different teams."),
    # Stage, secretary, head judge
    "locked": _l("Locked at %(locked_at)s: no more changes."),
    "already_locked": _l("Already locked."),
    "not_locked": _l("Not locked."),
    "round_still_locked": _l("The whole round is locked: unlock the round first."),
    "results_published": _l("The results are published: withdraw them on the results page first."),
    "not_on_panel": _l("This judge does not score this team."),
    "sheet_exists": _l("A sheet has been received for this judge, team and part."),
    "already_absent": _l("Already marked absent."),
    "not_pending": _l("This sheet is not waiting for review."),
    "timer_running": _l("The timer is running: stop it first."),
    "timer_stopped": _l("The timer is not running."),
    "stage_empty": _l("Put a team and a part on stage first."),
    "already_withdrawn": _l("Already withdrawn."),
    "scoring_bad_overtime_rule": _l("The part's over-time rule is not valid."),
    "entry_unknown": _l("Unknown team, part, judge or question."),
    "part_unknown": _l("Unknown team, part, judge or question."),
    "question_unknown": _l("Unknown team, part, judge or question."),
    "cluster_unknown": _l("Unknown team, part, judge or question."),
    # Screens, ceremony, advancement, audience vote
    "show_bad_mode": _l("Unknown board mode."),
    "show_bad_target": _l("Unknown round or cluster."),
    "show_bad_overlay": _l("Unknown overlay view."),
    "reveal_incomplete": _l("Some scores are still missing: the reveal needs the complete standings."),
    "reveal_not_prepared": _l("Prepare the reveal first."),
    "reveal_finished": _l("Every step has already been revealed."),
    "reveal_unknown_cluster": _l("Unknown cluster."),
    "advancement_no_next_round": _l("There is no later round to send teams to."),
    "advancement_incomplete": _l("Some scores are still missing: advancement needs the complete standings."),
    "advancement_tie": _l("Teams are tied at a cut: the head judge must record a decision first."),
    "advancement_already": _l("The next round already has its teams."),
    "tie_bad_order": _l("List at least two different teams."),
    "tie_unknown_team": _l("A team is not in this round."),
    "tie_unknown_decision": _l("Unknown decision."),
    "vote_closed": _l("Voting is closed."),
    "vote_unknown_team": _l("This team is not in the vote."),
    "vote_already": _l("This phone has already voted."),
    "vote_no_voter": _l("Your browser did not keep our cookie; please reload the page."),
    "vote_code_required": _l("This vote needs the code printed on your voting card: scan its QR code."),
    "vote_code_unknown": _l("This vote code does not exist; check the code on your card."),
    "vote_code_used": _l("This vote code has already been used."),
    "vote_codes_count": _l("Give a number of codes from 1 to %(max)s."),
    "vote_bad_mode": _l("Unknown vote mode."),
    # Staff accounts
    "password_wrong": _l("The current password is wrong."),
    "password_short": _l("Too short: at least %(min)s characters."),
    "password_wait": _l("Too many wrong passwords. Try again in %(seconds)s seconds."),
    "username_empty": _l("The username is empty."),
    "username_taken": _l("The username “%(username)s” is taken."),
    "role_unknown": _l("Unknown role “%(role)s”: choose organizer, head judge or secretary."),
    "user_unknown": _l("There is no account “%(username)s”."),
    "view_only": _l("View only: this contest belongs to a body under yours; you can follow its status, "
                    "standings and results but change nothing."),
    # Sending teams up (nominations)
    "nomination_waiting": _l("The nomination is waiting for the decision of the level above: it cannot be changed "
                             "now."),
    "nomination_already_approved": _l("The nomination has been approved; it can no longer be changed or withdrawn."),
    "nomination_withdrawn": _l("This nomination has been withdrawn."),
    "nomination_not_submitted": _l("Only a submitted nomination can be approved or returned."),
    "nomination_needs_deadline": _l("Set a deadline to open the call for nominations."),
    "nomination_deadline_past": _l("The deadline must be in the future."),
    "nomination_call_closed": _l("The level above is not taking nominations now."),
    "nomination_deadline_passed": _l("The deadline for nominations was %(deadline)s; nothing can be sent or changed "
                                     "any more. Ask the level above to extend it."),
    "nomination_quota_full": _l("The quota is used up: %(quota)s team(s). Withdraw a nomination first."),
    "nomination_results_unpublished": _l("Publish this contest's results first: only published results can be "
                                         "sent up."),
    "nomination_not_eligible": _l("Only prize winners or advancing teams of this contest can be nominated."),
    "nomination_team_taken": _l("“%(team)s” is already nominated."),
    "nomination_reason_needed": _l("Say what the level below should correct."),
    "nomination_forbidden": _l("Your account cannot do this for this organizing body."),
    "nomination_no_call": _l("That contest is not asking for nominations."),
    "nomination_not_child": _l("This body is not directly below the organizing body of that contest."),
    "nomination_incomplete": _l("Not sent: complete the team first (leader, at least one official member, contact "
                                "person, phone and model title)."),
}

# Codes whose parameters are centipoints, shown as points in the reader's locale.
_POINT_PARAMS = {
    "points_out_of_range": ("max",), "points_off_step": ("step",), "part_step_not_divisor": ("step", "max"),
    "quiz_max_mismatch": ("points", "total", "max"), "criteria_sum_mismatch": ("total", "max"),
    "criterion_off_step": ("step", "max"),
}


_LOCK_TIME = "HH:mm:ss dd/MM/yyyy"


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return "…"


def message_for(error: DomainError) -> str:
    template = MESSAGES.get(error.code)
    if template is None:
        return _("Invalid value (%(code)s).", code=error.code)
    params = _Params(error.params)
    for name in _POINT_PARAMS.get(error.code, ()):
        if isinstance(params.get(name), int):
            params[name] = format_points(params[name])
    for name, value in list(params.items()):
        if isinstance(value, datetime):
            # A lock's second matters when a late sheet is reviewed against it.
            params[name] = format_datetime(value, format=_LOCK_TIME if error.code == "locked" else "HH:mm dd/MM/yyyy")
    return str(template) % params


def attach(form: FlaskForm, errors: Iterable[DomainError], aliases: dict[str, str] | None = None) -> list[str]:
    """Put each error under its form field; return the messages that belong to no field."""
    leftovers = []
    for error in errors:
        name = str(error.params.get("field", ""))
        name = (aliases or {}).get(name, name)
        target: Any = form._fields.get(name) if name else None
        if target is None or not hasattr(target, "errors"):
            leftovers.append(message_for(error))
            continue
        if not isinstance(target.errors, list):
            target.errors = list(target.errors)
        target.errors.append(message_for(error))
    return leftovers


# A score field's reason on the judge's tablet, beside the one input it is about: short, and without
# the typed value (it is in the input). The same codes read as full sentences above on other pages.
FIELD_MESSAGES: dict[str, LazyString] = {
    "not_an_object": _l("The request must be a JSON object."),
    "key_format": _l("The sheet key must be 16 to 64 letters, digits, '-' or '_'."),
    "key_reused": _l("This sheet key was already used for a different sheet."),
    "entry_unknown": _l("Unknown team."),
    "entry_withdrawn": _l("This team has withdrawn."),
    "part_unknown": _l("Unknown part, or a part the judges do not score."),
    "scores_missing": _l("The scores are missing."),
    "required": _l("Enter a score."),
    "unknown_field": _l("Unknown score field."),
    "points_invalid": _l("Not a number."),
    "points_too_fine": _l("At most two decimals."),
    "points_not_ascii_digits": _l("Type the score with the digits 0-9 only."),
    "points_out_of_range": _l("Must be from 0 to %(max)s."),
    "points_off_step": _l("Must be a multiple of %(step)s."),
    "time_invalid": _l("Unreadable capture time."),
}


def field_message(code: str, params: dict[str, Any]) -> str:
    """One score field's reason on the tablet; a code it does not know reads "Not valid."."""
    template = FIELD_MESSAGES.get(code)
    if template is None:
        return _("Not valid.")
    shown = _Params(params)
    for name in _POINT_PARAMS.get(code, ()):
        shown[name] = format_points(shown.get(name, 0))
    return str(template) % shown
