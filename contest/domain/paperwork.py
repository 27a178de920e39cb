"""Text rules of the contest's official papers: Vietnamese dates, points with a decimal comma,
certificate placeholders, and spreadsheet cells that can never run as formulas.

Boundary: pure functions over strings, dates and centipoints. No Flask, no SQLAlchemy, no I/O.
"""

import re
from collections.abc import Mapping
from datetime import date
from fractions import Fraction

from contest.domain.names import nfc
from contest.domain.points import format_plain
from contest.domain.scoring import round_half_up

# Placeholders an organizer may write in a certificate body, and what they stand for.
PLACEHOLDERS = ("name", "team", "prize", "contest", "round", "year", "unit")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV injection");
# tab and carriage return also start one in some programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def vietnamese_date(day: date, place: str = "") -> str:
    """"Hà Nội, ngày 21 tháng 9 năm 2024" in the form of Decree 30/2020/NĐ-CP:
    days below 10 and the months 1 and 2 take a leading zero ("ngày 05 tháng 02 năm 2024").
    Without a place the phrase starts in lower case, to sit inside a sentence."""
    day_text = f"{day.day:02d}" if day.day < 10 else str(day.day)
    month_text = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    text = f"ngày {day_text} tháng {month_text} năm {day.year}"
    place = nfc(place).strip()
    return f"{place}, {text}" if place else text


def vn_points(centipoints: Fraction | int | None) -> str:
    """Points with two decimals and a decimal comma, as Vietnamese papers print them ("283,75")."""
    if centipoints is None:
        return ""
    return format_plain(round_half_up(centipoints)).replace(".", ",")


def fill_placeholders(template: str, values: Mapping[str, str]) -> str:
    """Replace {name}, {team}, ... with their values (NFC); unknown placeholders stay as written,
    so a typo shows on the proof instead of vanishing."""

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        return nfc(values[key]) if key in values else match.group(0)

    return _PLACEHOLDER.sub(replace, nfc(template))


def unknown_placeholders(template: str) -> list[str]:
    """Placeholders in ``template`` that no certificate fills (shown to the organizer as a warning)."""
    return sorted({m for m in _PLACEHOLDER.findall(template) if m not in PLACEHOLDERS})


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def csv_safe(value: object) -> object:
    """A text cell that a spreadsheet would read as a formula gets a leading apostrophe; numbers pass."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def upper_vi(text: str) -> str:
    """Upper case that keeps Vietnamese letters composed (NFC), for headings like "GIẤY KHEN"."""
    return nfc(nfc(text).upper())
