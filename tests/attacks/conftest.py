"""Attacks: uploads are read the same way on either database, so the page tests run on SQLite
(the database where a transaction left open while a request waits would stall the others)."""

from pathlib import Path

import pytest


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'contest.db'}"
