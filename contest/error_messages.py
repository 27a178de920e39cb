"""Domain error codes as sentences in the reader's language.

The domain raises ``DomainError(code, english, **params)`` and knows nothing of languages; every
page that shows one (organizer forms, the import preview, a unit's registration form) goes
through ``message_for`` so the same problem reads the same everywhere.
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
    "name_too_long": _l("Too long: at most %(max)s characters."),
    "points_invalid": _l("“%(value)s” is not a number of points."),
    "points_too_fine": _l("“%(value)s” has more than two decimals."),
    "points_out_of_range": _l("Must be between 0 and %(max)s."),
    "points_off_step": _l("Must be a multiple of %(step)s."),
    "setup_bad_slug": _l("Use only lower-case letters without diacritics, digits and dashes (e.g. ha-noi-2024)."),
    "setup_bad_code": _l("Use only lower-case letters without diacritics, digits and “_” (e.g. skit)."),
    "setup_code_taken": _l("The code “%(value)s” is already used."),
    "setup_slug_taken": _l("Another contest already uses the address “%(value)s”."),
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
    "registration_needs_deadline": _l("Set a deadline to open registration."),
    "registration_deadline_past": _l("The deadline must be in the future."),
    "registration_closed": _l("Registration for this contest is not open."),
    "registration_deadline_passed": _l("Registration closed at %(deadline)s; submissions are no longer accepted. "
                                       "Please contact the organizing board."),
    "registration_already_approved": _l("This registration has been approved; it can no longer be changed."),
    "registration_not_submitted": _l("Only a submitted registration can be approved or returned."),
    "registration_reason_needed": _l("Say what the unit should correct."),
    "registration_unit_taken": _l("“%(existing)s” is already invited or registered."),
}

# Codes whose parameters are centipoints, shown as points in the reader's locale.
_POINT_PARAMS = {
    "points_out_of_range": ("max",), "points_off_step": ("step",), "part_step_not_divisor": ("step", "max"),
    "quiz_max_mismatch": ("points", "total", "max"), "criteria_sum_mismatch": ("total", "max"),
    "criterion_off_step": ("step", "max"),
}


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
            params[name] = format_datetime(value, format="HH:mm dd/MM/yyyy")
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
