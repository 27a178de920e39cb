"""The judge's tablet pages: login by one-time link or code + PIN, logout, the scoring page."""

from contest.judge import bp  # noqa: F401
