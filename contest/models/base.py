"""Shared column helpers for the model modules."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Naive UTC: stored the same on SQLite and PostgreSQL, shown in Asia/Ho_Chi_Minh by Babel."""
    return datetime.now(UTC).replace(tzinfo=None)
