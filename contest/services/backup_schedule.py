"""Backups without a terminal: "Sao lưu ngay" on the results desk, and one every N minutes.

Both write through ``backup.backup`` (SQLite's online backup, ``pg_dump``): the same consistent
snapshot as ``contest backup``, safe while judges submit. The folder keeps the newest K files;
the desk shows the newest one and warns when it is older than twice the interval.
"""

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from contest.services import backup

PATTERNS = ("contest-*.db", "contest-*.pgdump")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    at: datetime  # UTC, naive (as every stored time)


@dataclass(frozen=True)
class Schedule:
    folder: Path
    every_minutes: int  # 0: only the button
    keep: int


def schedule_from(config: dict, instance_path: str) -> Schedule:
    folder = config.get("BACKUP_DIR") or os.path.join(instance_path, "backups")
    keep = max(1, int(config.get("BACKUP_KEEP") or 10))
    return Schedule(Path(folder), int(config.get("BACKUP_EVERY_MINUTES") or 0), keep)


def backups_in(folder: Path) -> list[BackupInfo]:
    """The folder's backups, newest first."""
    found = []
    for pattern in PATTERNS:
        for path in folder.glob(pattern):
            stat = path.stat()
            at = datetime.fromtimestamp(stat.st_mtime, UTC).replace(tzinfo=None)
            found.append(BackupInfo(path, stat.st_size, at))
    return sorted(found, key=lambda b: (b.at, b.path.name), reverse=True)


def latest(folder: Path) -> BackupInfo | None:
    found = backups_in(folder) if folder.is_dir() else []
    return found[0] if found else None


def make_backup(database_uri: str, schedule: Schedule) -> BackupInfo:
    """One consistent copy into the folder, then only the newest ``keep`` stay."""
    schedule.folder.mkdir(parents=True, exist_ok=True)
    result = backup.backup(database_uri, schedule.folder)
    for old in backups_in(schedule.folder)[schedule.keep:]:
        old.path.unlink(missing_ok=True)
    return BackupInfo(result.path, result.size, datetime.now(UTC).replace(tzinfo=None))


def is_overdue(info: BackupInfo | None, schedule: Schedule, now: datetime | None = None) -> bool:
    """Older than twice the interval (or none at all) while automatic backups are on."""
    if not schedule.every_minutes:
        return False
    if info is None:
        return True
    now = now or datetime.now(UTC).replace(tzinfo=None)
    return now - info.at > timedelta(minutes=2 * schedule.every_minutes)


def due(info: BackupInfo | None, schedule: Schedule, now: datetime | None = None) -> bool:
    """Time for the automatic one: none yet, or the newest is at least one interval old. Several worker
    processes all check; whichever comes first writes, the others then see a fresh file."""
    if not schedule.every_minutes:
        return False
    now = now or datetime.now(UTC).replace(tzinfo=None)
    return info is None or now - info.at >= timedelta(minutes=schedule.every_minutes)
