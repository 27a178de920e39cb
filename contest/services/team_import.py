"""Bulk team import: read a .csv/.xlsx upload, keep it server-side until confirmed, save all or none.

The upload is parsed once and stored as JSON in ``<instance>/imports/<token>.json`` (not in the
cookie session: a 2,000-row file does not fit in a cookie, and the cookie is only signed). The
preview and the confirmation both re-check the rows against the teams that exist *now*, so a
team registered between preview and confirmation cannot slip in as a duplicate.
"""

import csv
import io
import json
import os
import re
import secrets
import time
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from flask import current_app
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from contest.domain.errors import DomainError
from contest.domain.team_import import MAX_ROWS, ImportCheck, check_import
from contest.models import Contest, Team, User
from contest.services import teams

PENDING_MAX_AGE_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
Rows = list[tuple[int, list[str]]]


@dataclass
class Table:
    header: list[str]
    rows: Rows  # (row number as the spreadsheet shows it, cells)


@dataclass
class Pending:
    token: str
    contest_id: int
    user_id: int
    filename: str
    table: Table


def read_table(filename: str, data: bytes) -> Table:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "csv":
        return read_csv(data)
    if extension == "xlsx":
        return read_xlsx(data)
    raise DomainError("import_unsupported_type", "Upload a .xlsx or .csv file.", field="file")


def read_csv(data: bytes) -> Table:
    """UTF-8 with or without BOM (Excel writes one); "," or ";" between cells (Excel in a
    Vietnamese locale writes ";")."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DomainError("import_not_utf8", "The file is not UTF-8.", field="file") from error
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise DomainError("import_bad_csv", "The CSV file cannot be read.", field="file") from error
    if not records:
        return Table([], [])
    return Table(records[0], [(number, cells) for number, cells in enumerate(records[1:], start=2)])


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def read_xlsx(data: bytes) -> Table:
    """The first sheet; row numbers are Excel's."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as error:
        raise DomainError("import_bad_xlsx", "The .xlsx file cannot be read.", field="file") from error
    try:
        header: list[str] = []
        rows: Rows = []
        for number, values in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if not header:
                if any(c.strip() for c in cells):
                    header = cells
                continue
            rows.append((number, cells))
            if len(rows) > MAX_ROWS * 3:  # a runaway sheet; the row limit is reported anyway
                break
        return Table(header, rows)
    finally:
        book.close()


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _purge_old(folder: Path) -> None:
    limit = time.time() - PENDING_MAX_AGE_SECONDS
    for path in folder.glob("*.json"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def stage(contest: Contest, actor: User, filename: str, data: bytes) -> str:
    """Parse the upload (file-level problems raise DomainError) and keep it; return its token."""
    table = read_table(filename, data)
    folder = _folder()
    _purge_old(folder)
    token = secrets.token_urlsafe(24)
    body = {"contest_id": contest.id, "user_id": actor.id, "filename": os.path.basename(filename)[:200],
            "header": table.header, "rows": table.rows}
    tmp = folder / f"{token}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(body, handle, ensure_ascii=False)
    tmp.replace(folder / f"{token}.json")
    return token


def load(contest: Contest, actor: User, token: str) -> Pending:
    expired = DomainError("import_expired", "This upload has expired.")
    if not _TOKEN.match(token):
        raise expired
    path = _folder() / f"{token}.json"
    try:
        if path.stat().st_mtime < time.time() - PENDING_MAX_AGE_SECONDS:
            raise expired
        body = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise expired from error
    if body["contest_id"] != contest.id or body["user_id"] != actor.id:
        raise expired
    rows = [(int(number), list(cells)) for number, cells in body["rows"]]
    return Pending(token, body["contest_id"], body["user_id"], body["filename"], Table(body["header"], rows))


def check(contest: Contest, pending: Pending) -> ImportCheck:
    return check_import(pending.table.header, pending.table.rows, teams.existing_names(contest),
                        teams.cluster_names(contest))


def confirm(contest: Contest, actor: User, token: str) -> tuple[ImportCheck, list[Team]]:
    """Save every team of a clean file (the caller commits, then ``discard``s the upload);
    with any bad row nothing is saved and the check comes back with an empty list."""
    pending = load(contest, actor, token)
    result = check(contest, pending)
    if not result.ok:
        return result, []
    saved = teams.add_teams(contest, [spec for _row, spec in result.teams], actor, source=pending.filename)
    return result, saved


def discard(token: str) -> None:
    if _TOKEN.match(token):
        (_folder() / f"{token}.json").unlink(missing_ok=True)
