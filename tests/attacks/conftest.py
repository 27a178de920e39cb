"""Attacks replayed against the real `contest serve` subprocess, on SQLite and on PostgreSQL.

One server per database for a whole module (starting one and loading the demo takes seconds);
each test uses its own teams or judges so tests do not see each other's traces.
"""

import os
from collections.abc import Iterator

import pytest

from tests.conftest import pg_schema
from tests.live_server import LiveServer, make_live_server


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def hall(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The demo contest served as in a hall; ``hall.links`` are the judges' login links."""
    folder = tmp_path_factory.mktemp(f"attack-{request.param}")
    if request.param == "sqlite":
        yield from _serve(make_live_server(folder))
        return
    schema = f"attack_{request.module.__name__.rsplit('.', 1)[-1]}_{os.getpid()}"
    with pg_schema(schema) as url:
        yield from _serve(make_live_server(folder, CONTEST_DATABASE_URL=url))


def _serve(server: LiveServer) -> Iterator[LiveServer]:
    server.start()
    server.links = server.judge_links()
    server.tablets = {}
    try:
        yield server
    finally:
        server.stop()
