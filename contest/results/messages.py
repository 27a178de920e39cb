"""Error codes of the results desk as sentences in the reader's language.

Codes this table does not word its own way (the upload limits, ...) read as everywhere else."""

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contest import error_messages
from contest.domain.errors import DomainError

MESSAGES: dict[str, LazyString] = {
    "certificate_title_required": _l("The certificate needs a title."),
    "certificate_background_large": _l("The background image is larger than 5 MB."),
    "certificate_background_type": _l("The background must be a PNG or JPEG image."),
    "recipients_no_name_column": _l("The file needs a column “Họ và tên” (full name)."),
    "recipients_too_many": _l("The list has more than %(max)s people."),
    "import_unsupported_type": _l("Upload a .xlsx or .csv file."),
    "import_not_utf8": _l("The CSV file is not UTF-8 text; save it again as “CSV UTF-8”."),
    "import_bad_csv": _l("The CSV file cannot be read."),
    "import_bad_xlsx": _l("The .xlsx file cannot be read."),
    "name_empty": _l("This field is empty."),
    "name_control_chars": _l("Contains invisible control characters (%(chars)s); please retype it."),
    "name_too_long": _l("Too long: at most %(max)s characters."),
}


def message_for(error: DomainError) -> str:
    message = MESSAGES.get(error.code)
    if message is None:
        if error.code in error_messages.MESSAGES:
            return error_messages.message_for(error)
        return _("This cannot be done: %(reason)s", reason=error.message)
    try:
        return str(message) % error.params if "%(" in str(message) else str(message)
    except (KeyError, TypeError, ValueError):
        return str(message)
