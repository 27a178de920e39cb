"""Consistent copies of the database while the server runs, and restoring one.

SQLite: the online backup API copies every page in one step under a read lock, so the copy
is one snapshot even while judges keep submitting (WAL lets their writes go on meanwhile).
PostgreSQL: ``pg_dump`` (custom format) reads inside one repeatable-read snapshot;
``pg_restore --clean --single-transaction`` puts it back, all or nothing.

A restore first checks the file (right kind, readable, our schema) and keeps a copy of what
it replaces, so a wrong file never costs the current data.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, unquote

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import URL, make_url

from contest.domain.errors import DomainError
from contest.localtime import file_stamp

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
# Tables a copy of this app's database must have.
REQUIRED_TABLES = ("contest", "team", "audit_event")
BUSY_TIMEOUT_MS = 15000


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    kind: str  # "sqlite" or "postgresql"


def backup_target(target: str | os.PathLike[str], kind: str, now: datetime | None = None) -> Path:
    """A directory (a USB stick) gets a time-stamped file name; a file path is used as given."""
    path = Path(target)
    if path.is_dir():
        path = path / f"contest-{file_stamp(now)}.{'db' if kind == 'sqlite' else 'pgdump'}"
    return path


def backup(database_uri: str, target: str | os.PathLike[str]) -> BackupResult:
    url = make_url(database_uri)
    kind = _kind(url)
    path = backup_target(target, kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target and rename: a pulled USB stick never leaves a half file under the real name.
    fd, tmp_name = tempfile.mkstemp(prefix=".contest-backup-", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if kind == "sqlite":
            _sqlite_backup(_sqlite_path(url), tmp)
            _self_contained(tmp)
        else:
            _pg_dump(url, tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(path.parent)
    return BackupResult(path, path.stat().st_size, kind)


def restore(database_uri: str, source: str | os.PathLike[str], safety_dir: str | os.PathLike[str]) -> Path | None:
    """Replace the database with ``source``; returns the safety copy of the replaced data."""
    url = make_url(database_uri)
    kind = _kind(url)
    source = Path(source)
    check_backup_file(source, kind)
    safety = Path(safety_dir) / f"before-restore-{file_stamp()}.{'db' if kind == 'sqlite' else 'pgdump'}"
    if kind == "sqlite":
        db_path = _sqlite_path(url)
        saved = backup(database_uri, safety).path if db_path.exists() else None
        _sqlite_backup(source, db_path)
        return saved
    saved = backup(database_uri, safety).path if _pg_has_contest(url) else None
    _pg_restore(url, source)
    return saved


def _pg_has_contest(url: URL) -> bool:
    """Whether there is anything to keep: a fresh database (or schema) has no contest table yet."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return inspect(conn).has_table("contest", schema=pg_schema(url))
    finally:
        engine.dispose()


def restore_sqlite_file(source: Path, target: Path) -> None:
    """Copy a checked SQLite backup into the database file ``target`` (the pages, under its lock)."""
    check_backup_file(source, "sqlite")
    _sqlite_backup(source, target)


def check_backup_file(source: Path, kind: str) -> None:
    """Refuse a file that is missing, of the other database kind, damaged or not ours."""
    if not source.is_file():
        raise DomainError("backup_missing", "The backup file does not exist.", path=str(source))
    with source.open("rb") as handle:
        head = handle.read(16)
    if kind == "sqlite":
        if head != SQLITE_MAGIC:
            raise DomainError("backup_wrong_kind", "This is not a SQLite backup.", path=str(source))
        _check_sqlite_copy(source)
    elif not head.startswith(PGDUMP_MAGIC):
        raise DomainError("backup_wrong_kind", "This is not a pg_dump backup (custom format).", path=str(source))


def _kind(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        return "sqlite"
    if url.get_backend_name() == "postgresql":
        return "postgresql"
    raise DomainError("backup_unsupported", "Backups support SQLite and PostgreSQL.", backend=url.get_backend_name())


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise DomainError("backup_unsupported", "An in-memory database cannot be backed up.")
    return Path(url.database)


def _sqlite_backup(source: Path, target: Path) -> None:
    src = sqlite3.connect(source, isolation_level=None)
    dst = sqlite3.connect(target, isolation_level=None)
    try:
        for conn in (src, dst):
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        src.backup(dst)  # pages=-1: all pages in one step, one consistent snapshot
    finally:
        dst.close()
        src.close()


def _self_contained(path: Path) -> None:
    """A copy in rollback-journal mode is one file: nothing lost if the -wal beside it is not copied."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()


def _check_sqlite_copy(path: Path) -> None:
    # Read-only: a backup on a write-protected stick can still be checked and restored.
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        status = conn.execute("PRAGMA quick_check").fetchone()[0]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise DomainError("backup_damaged", "The backup file is damaged.", detail=str(error)) from error
    finally:
        conn.close()
    if status != "ok":
        raise DomainError("backup_damaged", "The backup file is damaged.", detail=status)
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise DomainError("backup_not_ours", "The file is not a contest database.", missing=", ".join(missing))


def _pg_args(url: URL) -> tuple[list[str], dict[str, str]]:
    """libpq connection arguments and environment; the password never appears on a command line."""
    args = ["--dbname", url.database or "postgres"]
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return args, env


def pg_schema(url: URL) -> str | None:
    """The schema named by ``options=-csearch_path=...`` (how the tests isolate runs), if any."""
    options = url.query.get("options")
    if not options:
        return None
    text = unquote(options if isinstance(options, str) else options[0])
    for part in text.split():
        if part.startswith("-csearch_path="):
            return part.split("=", 1)[1].split(",")[0].strip('"')
    return parse_qs(text).get("search_path", [None])[0]


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise DomainError("backup_tool_missing", "The PostgreSQL client tools are not installed.", tool=name)
    return found


def _pg_dump(url: URL, target: Path) -> None:
    args, env = _pg_args(url)
    schema = pg_schema(url)
    command = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args]
    if schema:
        command += ["--schema", schema]
    _run(command, env)


def _pg_restore(url: URL, source: Path) -> None:
    args, env = _pg_args(url)
    command = [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
               "--single-transaction", "--exit-on-error", *args, str(source)]
    _run(command, env)


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600, check=False)
    if done.returncode != 0:
        raise DomainError("backup_tool_failed", "The PostgreSQL tool failed.", tool=Path(command[0]).name,
                          detail=done.stderr.strip()[-500:])


def _fsync_dir(path: Path) -> None:
    """Make the rename itself durable (a USB stick pulled right after still has the file)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
