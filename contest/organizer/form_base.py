"""A form base whose built-in WTForms messages ("This field is required." ...) come from our own
catalog: WTForms ships no Vietnamese, so without this a wrong date would be reported in English."""

from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

try:
    from wtforms.fields.choices import SelectChoice
except ImportError:  # WTForms before 3.3
    SelectChoice = None  # type: ignore[assignment,misc]

# The WTForms messages our forms can show; listed so that extraction puts them in the catalog.
WTFORMS_MESSAGES = (
    _l("This field is required."),
    _l("Not a valid integer value."),
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Field cannot be longer than %(max)d characters."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Field must be at least %(min)d characters long."),
)


class _CatalogTranslations:
    def gettext(self, string: str) -> str:
        return gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        # Vietnamese has one form; flask_babel.ngettext would also format with "num" too early.
        return gettext(plural)


class Form(FlaskForm):
    class Meta(FlaskForm.Meta):
        def get_translations(self, form: Any) -> _CatalogTranslations:
            return _CatalogTranslations()


def choices(pairs: list[tuple[str, Any]]) -> list:
    """Select options; WTForms 3.3 deprecates plain (value, label) tuples in favour of SelectChoice."""
    if SelectChoice is None:
        return list(pairs)
    return [SelectChoice(value, label) for value, label in pairs]
