"""Points as people type them, stored as integer centipoints (1 point = 100).

"9,5" and "9.5" both mean 9.5. NaN, infinities, booleans and anything finer than a
hundredth are refused: a score is never a float. Only the digits 0-9 count: Python's Decimal
would read Arabic-Indic "٩" or full-width "９" as 9, which no judge typed on purpose.
"""

import re
from decimal import Decimal, InvalidOperation

from contest.domain.errors import DomainError

CENTI = 100
_NUMBER = re.compile(r"[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)")


def parse_points(value: object, field: str = "points") -> int:
    """Return centipoints for a typed or JSON value, or raise DomainError("points_invalid")."""
    if isinstance(value, bool) or value is None:
        raise DomainError("points_invalid", "Not a number.", field=field, value=repr(value))
    if isinstance(value, int):
        return value * CENTI
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if any(ch.isdigit() and not "0" <= ch <= "9" for ch in text):
        raise DomainError("points_not_ascii_digits", "Only the digits 0-9.", field=field, value=text[:40])
    if not _NUMBER.fullmatch(text):
        raise DomainError("points_invalid", "Not a number.", field=field, value=str(value)[:40])
    try:
        exact = Decimal(text.replace(",", ".")) * CENTI
    except InvalidOperation as error:
        raise DomainError("points_invalid", "Not a number.", field=field, value=text) from error
    if exact != exact.to_integral_value():
        raise DomainError("points_too_fine", "At most two decimals.", field=field, value=text)
    return int(exact)


def check_in_range(centipoints: int, maximum: int, step: int, field: str = "points") -> int:
    """A score lies in [0, maximum] and on the part's step."""
    if not 0 <= centipoints <= maximum:
        raise DomainError("points_out_of_range", "Outside the allowed range.", field=field,
                          value=centipoints, max=maximum)
    if step > 0 and centipoints % step:
        raise DomainError("points_off_step", "Not a multiple of the step.", field=field,
                          value=centipoints, step=step)
    return centipoints


def format_plain(centipoints: int) -> str:
    """Dot-decimal with two places, as the API and exports give it ("283.75")."""
    sign = "-" if centipoints < 0 else ""
    whole, cents = divmod(abs(centipoints), CENTI)
    return f"{sign}{whole}.{cents:02d}"
