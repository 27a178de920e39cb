"""A list of people to receive certificates, as the organizer types it in a spreadsheet.

Boundary: pure rules over a header and rows of text cells (the service reads .csv/.xlsx into
them). Columns: "Họ và tên" (required), "Đơn vị", "Giải" (optional; English aliases accepted).
Names are NFC-cleaned; exact repeats (same name and unit) are listed once; bad rows are reported
with the row number the spreadsheet shows.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from contest.domain.errors import DomainError
from contest.domain.names import clean_name, name_key

MAX_RECIPIENTS = 5000
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("Họ và tên", "Họ tên", "Tên", "Full name", "Name"),
    "unit": ("Đơn vị", "Đội thi", "Đội", "Unit", "Team"),
    "prize": ("Giải", "Danh hiệu", "Prize"),
}
_HEADER_INDEX = {name_key(h): f for f, headers in COLUMNS.items() for h in headers}


@dataclass
class RecipientList:
    people: list[dict[str, str]] = field(default_factory=list)  # {"name", "unit", "prize"}
    errors: list[tuple[int, DomainError]] = field(default_factory=list)
    repeats: int = 0


def parse_recipients(header: Sequence[str], rows: Sequence[tuple[int, Sequence[str]]]) -> RecipientList:
    """Every valid person once, with errors by row; DomainError when the file itself is unusable."""
    positions = {_HEADER_INDEX[name_key(h)]: i for i, h in enumerate(header) if name_key(h) in _HEADER_INDEX}
    if "name" not in positions:
        raise DomainError("recipients_no_name_column", "The file needs a “Họ và tên” column.", field="file")
    result = RecipientList()
    seen: set[tuple[str, str]] = set()
    for number, cells in rows:
        values = {f: (cells[i] if i < len(cells) else "").strip() for f, i in positions.items()}
        if not any(values.values()):
            continue
        try:
            person = {
                "name": clean_name(values["name"], "name"),
                "unit": clean_name(values["unit"], "unit", 300) if values.get("unit") else "",
                "prize": clean_name(values["prize"], "prize") if values.get("prize") else "",
            }
        except DomainError as error:
            result.errors.append((number, error))
            continue
        key = (name_key(person["name"]), name_key(person["unit"]))
        if key in seen:
            result.repeats += 1
            continue
        seen.add(key)
        result.people.append(person)
        if len(result.people) > MAX_RECIPIENTS:
            raise DomainError("recipients_too_many", "Too many rows.", field="file", max=MAX_RECIPIENTS)
    return result
