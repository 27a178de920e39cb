"""Bulk team import: read a .csv/.xlsx upload, keep it server-side until confirmed, save all or none.

The upload is parsed once and stored as JSON in ``<instance>/imports/<token>.json`` (not in the
cookie session: a 2,000-row file does not fit in a cookie, and the cookie is only signed); the
view passes that folder, so this module never reads the app. The
preview and the confirmation both re-check the rows against the teams that exist *now*, so a
team registered between preview and confirmation cannot slip in as a duplicate.
"""

import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from contest.domain.errors import DomainError
from contest.domain.team_import import ImportCheck, check_import
from contest.models import Contest, Team, User
from contest.services import teams, uploads
from contest.services.uploads import Table

PENDING_MAX_AGE_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


@dataclass
class Pending:
    token: str
    contest_id: int
    user_id: int
    filename: str
    table: Table


def _ready(folder: Path) -> Path:
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _purge_old(folder: Path) -> None:
    limit = time.time() - PENDING_MAX_AGE_SECONDS
    for path in folder.glob("*.*"):  # .json, and a .tmp left by a crash while writing
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def stage(folder: Path, contest: Contest, actor: User, filename: str, data: bytes) -> str:
    """Parse the upload (file-level problems and files beyond the upload limits raise DomainError)
    and keep it in ``folder`` (the caller's ``<instance>/imports``); return its token."""
    table = uploads.read_upload(filename, data)
    folder = _ready(folder)
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


def load(folder: Path, contest: Contest, actor: User, token: str) -> Pending:
    expired = DomainError("import_expired", "This upload has expired.")
    if not _TOKEN.match(token):
        raise expired
    path = _ready(folder) / f"{token}.json"
    try:
        if path.stat().st_mtime < time.time() - PENDING_MAX_AGE_SECONDS:
            raise expired
        # Bounded by the upload limits, but still megabytes of JSON: decoded off the serving loop.
        body = uploads.off_loop(_read_json, path)
    except FileNotFoundError as error:
        raise expired from error
    if body["contest_id"] != contest.id or body["user_id"] != actor.id:
        raise expired
    rows = [(int(number), list(cells)) for number, cells in body["rows"]]
    return Pending(token, body["contest_id"], body["user_id"], body["filename"], Table(body["header"], rows))


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def check(contest: Contest, pending: Pending) -> ImportCheck:
    """Every row against the teams of now; checking 5,000 rows takes most of a second, so off the loop."""
    existing, clusters = teams.existing_names(contest), teams.cluster_names(contest)
    return uploads.off_loop(check_import, pending.table.header, pending.table.rows, existing, clusters)


def confirm(folder: Path, contest: Contest, actor: User, token: str) -> tuple[ImportCheck, list[Team]]:
    """Save every team of a clean file (the caller commits, then ``discard``s the upload);
    with any bad row nothing is saved and the check comes back with an empty list."""
    pending = load(folder, contest, actor, token)
    result = check(contest, pending)
    if not result.ok:
        return result, []
    saved = teams.add_teams(contest, [spec for _row, spec in result.teams], actor, source=pending.filename)
    return result, saved


def discard(folder: Path, token: str) -> None:
    if _TOKEN.match(token):
        (folder / f"{token}.json").unlink(missing_ok=True)
