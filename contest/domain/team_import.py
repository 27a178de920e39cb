"""Checking an import file's rows before anything is saved.

Boundary: pure rules over a header and rows of text cells (the service reads .csv/.xlsx into
them); no Flask, no SQLAlchemy, no I/O. The result lists every bad row with its row number (as
the spreadsheet shows it) and why, so the organizer fixes the file once; the caller saves all
the teams or none.

Headers are Vietnamese ("Tên đơn vị", "Loại đơn vị", ...; English aliases are accepted too),
matched after NFC, case-folding and whitespace collapsing. Unit types are Vietnamese words
("Quận", "Huyện", "Thị xã", "Đơn vị trực thuộc Thành phố") or the internal codes. Members are
listed in one cell per role, separated by ";".
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from contest.domain.errors import DomainError
from contest.domain.names import find_lookalike, lookalike_keys, name_key
from contest.domain.teams import UNIT_TYPES, TeamSpec, check_team

MAX_ROWS = 5000

# Canonical field -> accepted headers; the first is the one sample files and messages use.
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("Tên đơn vị", "Đơn vị", "Tên đội", "Unit name"),
    "unit_type": ("Loại đơn vị", "Unit type"),
    "home_cluster": ("Cụm thi địa bàn", "Cụm thi", "Cụm", "Home cluster"),
    "leader": ("Trưởng đoàn", "Đội trưởng", "Leader"),
    "official": ("Thành viên chính thức", "Official members"),
    "reserve": ("Thành viên dự bị", "Reserve members"),
    "supporting": ("Diễn viên hỗ trợ", "Lực lượng hỗ trợ", "Supporting actors"),
    "contact_name": ("Người liên hệ", "Contact"),
    "contact_phone": ("Số điện thoại", "Điện thoại", "Phone"),
    "contact_email": ("Email", "Thư điện tử", "E-mail"),
    "model_title": ("Tên mô hình", "Mô hình dân vận khéo", "Model title"),
}
REQUIRED = ("name", "unit_type")
# Columns people keep in their sheets that carry nothing to import.
SILENTLY_IGNORED = ("stt", "tt", "số tt", "no.", "#")

UNIT_TYPE_WORDS: dict[str, str] = {
    "quận": "urban_district",
    "huyện": "rural_district",
    "thị xã": "town",
    "đơn vị trực thuộc thành phố": "city_unit",
    "đơn vị trực thuộc": "city_unit",
    **{code: code for code in UNIT_TYPES},
}
UNIT_TYPE_LABELS = ("Quận", "Huyện", "Thị xã", "Đơn vị trực thuộc Thành phố")

_HEADER_INDEX = {name_key(h): f for f, headers in COLUMNS.items() for h in headers}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the header as written in the file ("" for the row as a whole)
    error: DomainError


@dataclass
class ImportCheck:
    teams: list[tuple[int, TeamSpec]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_errors: list[DomainError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_errors and bool(self.teams)

    @property
    def bad_rows(self) -> int:
        return len({e.row for e in self.errors})


def map_header(header: Sequence[str]) -> tuple[dict[str, int], dict[str, str], list[str], list[DomainError]]:
    """Return (field -> column index, field -> header text, ignored headers, file errors)."""
    positions: dict[str, int] = {}
    written: dict[str, str] = {}
    ignored: list[str] = []
    errors: list[DomainError] = []
    for index, text in enumerate(header):
        key = name_key(text or "")
        if not key or key in SILENTLY_IGNORED:
            continue
        column = _HEADER_INDEX.get(key)
        if column is None:
            ignored.append(text.strip())
        elif column in positions:
            errors.append(DomainError("import_duplicate_column", "A column appears twice.", column=text.strip()))
        else:
            positions[column], written[column] = index, text.strip()
    missing = [COLUMNS[f][0] for f in REQUIRED if f not in positions]
    if missing:
        errors.append(DomainError("import_missing_column", "Required columns are missing.",
                                  columns=", ".join(missing), found=", ".join(h for h in header if h) or "—"))
    return positions, written, ignored, errors


def unit_type_code(value: str) -> str:
    """"Quận" -> "urban_district"; unknown words come back unchanged (check_team refuses them)."""
    return UNIT_TYPE_WORDS.get(name_key(value), value.strip())


def check_import(header: Sequence[str], rows: Sequence[tuple[int, Sequence[str]]],
                 existing: Mapping[str, str], clusters: Sequence[str] = ()) -> ImportCheck:
    """Check every row. ``rows``: (row number as shown to the user, cells); ``existing``: the contest's
    team names by lookalike key (``names.lookalike_index``); ``clusters``: cluster names of the preliminary round."""
    result = ImportCheck()
    if not any((h or "").strip() for h in header):
        result.file_errors.append(DomainError("import_empty", "The file is empty."))
        return result
    positions, written, result.ignored_columns, result.file_errors = map_header(header)
    if result.file_errors:
        return result
    data_rows = [(number, cells) for number, cells in rows if any((c or "").strip() for c in cells)]
    if not data_rows:
        result.file_errors.append(DomainError("import_no_rows", "The file has no team rows."))
    elif len(data_rows) > MAX_ROWS:
        result.file_errors.append(DomainError("import_too_many_rows", "Too many rows.", max=MAX_ROWS,
                                              rows=len(data_rows)))
    else:
        _check_rows(data_rows, positions, written, existing, clusters, result)
    return result


def _check_rows(rows: Sequence[tuple[int, Sequence[str]]], positions: Mapping[str, int], written: Mapping[str, str],
                existing: Mapping[str, str], clusters: Sequence[str], result: ImportCheck) -> None:
    first_seen: dict[str, int] = {}  # lookalike key -> row number
    for number, cells in rows:
        raw = {f: (cells[i] if i < len(cells) else "") or "" for f, i in positions.items()}
        raw["unit_type"] = unit_type_code(raw.get("unit_type", ""))
        spec, errors = check_team(raw, clusters)
        for error in errors:
            column = written.get(str(error.params.get("field", "")), "")
            if error.code == "team_unknown_unit_type":
                error.params["known"] = ", ".join(UNIT_TYPE_LABELS)
            result.errors.append(RowError(number, column, error))
        name = raw.get("name", "")
        duplicate = _duplicate(name, existing, first_seen)
        if duplicate is not None:
            result.errors.append(RowError(number, written["name"], duplicate))
        elif name_key(name):
            first_seen.update(dict.fromkeys(lookalike_keys(name), number))
        if spec is not None and duplicate is None:
            result.teams.append((number, spec))


def _duplicate(name: str, existing: Mapping[str, str], first_seen: Mapping[str, int]) -> DomainError | None:
    if not name_key(name):
        return None
    same = find_lookalike(existing, name)
    if same is not None:
        return DomainError("team_duplicate", "A team with this name exists.", existing=same)
    row = find_lookalike(first_seen, name)
    if row is not None:
        return DomainError("import_duplicate_in_file", "The same unit appears twice in the file.",
                           value=name.strip(), first_row=row)
    return None
