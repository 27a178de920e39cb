"""The hall as an attacker on its Wi-Fi sees it: a real `contest serve` process with the demo, on
SQLite or PostgreSQL, and plain HTTP clients. Shared by the session and login attack modules."""

import os
import re
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.conftest import pg_schema
from tests.live_server import LiveServer, make_live_server

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
FLASH = re.compile(r'class="flash flash-error"[^>]*>([^<]*)<')
SLUG = "ha-noi-2024"
ORGANIZER = ("bantochuc", "danvankheo2024")


@dataclass
class Hall:
    server: LiveServer
    database_url: str
    links: dict[str, str]

    @property
    def url(self) -> str:
        return self.server.url

    def count(self, sql: str) -> int:
        """A number straight from the server's database (never through the app under attack)."""
        engine = create_engine(self.database_url)
        try:
            with engine.connect() as conn:
                return conn.execute(text(sql)).scalar_one()
        finally:
            engine.dispose()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def hall(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hall]:
    """One server per module and database; its settings come from the module's ``SERVER_ENV``."""
    instance = tmp_path_factory.mktemp(f"attack-{request.param}")
    with ExitStack() as stack:
        env = dict(getattr(request.module, "SERVER_ENV", {}))
        if request.param == "postgresql":
            name = f"atk_{request.module.__name__.rsplit('.', 1)[-1][5:]}_{os.getpid()}"
            database_url = stack.enter_context(pg_schema(name))
            env["CONTEST_DATABASE_URL"] = database_url
        else:
            database_url = f"sqlite:///{instance / 'contest.db'}"
        server = make_live_server(instance, **env)
        server.load_demo()
        server.start()
        stack.callback(server.stop)
        yield Hall(server, database_url, server.judge_links())


def csrf_of(http: requests.Session, url: str) -> str:
    return CSRF.search(http.get(url, timeout=10).text).group(1)


def organizer(hall: Hall, username: str = ORGANIZER[0], password: str = ORGANIZER[1]) -> requests.Session:
    http = requests.Session()
    response = http.post(f"{hall.url}/login", data={"username": username, "password": password,
                                                      "csrf_token": csrf_of(http, f"{hall.url}/login")},
                         timeout=10, allow_redirects=False)
    assert response.status_code == 302, response.text[:300]
    return http


def judge(hall: Hall, code: str) -> requests.Session:
    http = requests.Session()
    http.get(hall.links[code], timeout=10).raise_for_status()
    return http


def stolen(http: requests.Session) -> requests.Session:
    """Another machine replaying a sniffed copy of ``http``'s session cookie."""
    thief = requests.Session()
    thief.cookies.set("session", http.cookies["session"])
    return thief


def answer(response: requests.Response) -> tuple[int, list[str]]:
    """What a guesser learns from a login answer: its status and error messages."""
    return response.status_code, FLASH.findall(response.text)
