"""Hà Nội time for what people read outside the app: the names of downloaded files and backups.

Times are stored in UTC; a file saved at 21:53 in the hall must say 2153, not 1453, whatever
the laptop's own clock zone is set to.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
FILE_STAMP_FORMAT = "%Y%m%d-%H%M%S"


def file_stamp(moment: datetime | None = None) -> str:
    """``20240820-215300`` for 21:53:00 in Hà Nội: the one stamp of every download and backup name.

    ``moment`` defaults to now; a naive one is UTC, as the database stores it.
    """
    moment = moment or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(HANOI).strftime(FILE_STAMP_FORMAT)
