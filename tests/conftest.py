"""Shared fixtures: an app on SQLite and on PostgreSQL, a client, a CLI runner, the demo.

PostgreSQL and Redis are real servers on 127.0.0.1. Off CI a test that needs one skips
with the reason; in CI (CI=true) it fails instead, so a missing service is never silent.
"""

import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, text

from contest.app import create_app
from contest.extensions import db
from contest.services import demo

PG_BASE_URL = os.environ.get("CONTEST_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("CONTEST_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def service_missing(name: str, host: str, port: int) -> None:
    """Skip (laptop) or fail (CI) when a real service is not listening."""
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError as error:
        message = f"{name} is not reachable on {host}:{port} ({error})"
        if IN_CI:
            pytest.fail(f"{message}; CI must provide it (.ci/run starts it)")
        pytest.skip(message)


@contextmanager
def pg_schema(schema: str) -> Iterator[str]:
    """An empty schema of its own in the `test` database (parallel runs do not collide); its URL."""
    service_missing("PostgreSQL", "127.0.0.1", 5432)
    admin = create_engine(PG_BASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG_BASE_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    with pg_schema(f"t_{os.getpid()}") as url:
        yield url


@pytest.fixture(scope="session")
def redis_url() -> str:
    service_missing("Redis", "127.0.0.1", 6379)
    return REDIS_URL


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'contest.db'}"
    return request.getfixturevalue("pg_url")


def make_app(database_url: str, instance_path: str, **overrides: object) -> Flask:
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": False, **overrides}
    return create_app(config, instance_path=instance_path)


@pytest.fixture
def app(database_url: str, tmp_path) -> Iterator[Flask]:  # type: ignore[no-untyped-def]
    app = make_app(database_url, str(tmp_path / "instance"))
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        if db.engine.dialect.name == "postgresql":
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            with db.engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def demo_contest(app: Flask) -> demo.LoadResult:
    """The Hà Nội 2024 demo, loaded and committed."""
    with app.app_context():
        result = demo.load_demo()
        db.session.commit()
        # Keep plain values: ORM rows expire when this context ends.
        result.judge_tokens = {judge.code: token for judge, token in result.judge_links}
        result.slug = result.contest.slug
        result.contest_id = result.contest.id
    return result


DEMO_ORGANIZER = ("bantochuc", "danvankheo2024")


@pytest.fixture
def login_organizer(demo_contest: demo.LoadResult) -> Callable[[FlaskClient], FlaskClient]:
    """Log a client in as the demo organizer (through the real form, CSRF included)."""

    def login(client: FlaskClient, username: str = DEMO_ORGANIZER[0], password: str = DEMO_ORGANIZER[1]) -> FlaskClient:
        page = client.get("/login")
        token = csrf_token_from(page.get_data(as_text=True))
        response = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return login


def csrf_token_from(html: str) -> str:
    marker = 'name="csrf-token" content="'
    start = html.index(marker) + len(marker)
    return html[start: html.index('"', start)]
