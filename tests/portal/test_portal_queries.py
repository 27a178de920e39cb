"""No N+1: the portal, the public API of bodies and contests, a body's page, the organizer home and the pipeline
issue as many SQL statements with 30 bodies and contests as with 3 (on SQLite and PostgreSQL)."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from contest.extensions import db
from contest.models import Body, Contest
from contest.services import accounts, bodies
from tests.conftest import csrf_token_from
from tests.portal.conftest import add_contest

PUBLIC = ["/", "/?body=ha-noi&year=2024", "/?level=Quận", "/bodies", "/bodies/ha-noi", "/api/v1/contests",
          "/api/v1/contests?body=ha-noi", "/api/v1/bodies", "/api/v1/bodies/ha-noi"]
STAFF = ["/organizer/", "/organizer/bodies/ha-noi/pipeline"]


@contextmanager
def counting(app: Flask) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def grow_to(app: Flask, districts: int) -> None:
    """The city with ``districts`` districts, each with a ward; a contest in each district and ward
    (the district's feeding the city's), and the city's own contests of two years."""
    with app.app_context():
        city = db.session.query(Body).filter_by(slug="ha-noi").one_or_none() or bodies.create_body(
            "ha-noi", "Ban Dân vận Thành ủy Hà Nội", level="Thành phố")
        if not db.session.query(Contest).filter_by(slug="ha-noi-2024").count():
            add_contest("ha-noi-2023", city.id, 2023, published=True)
            add_contest("ha-noi-2024", city.id, 2024)
        feeds = db.session.query(Contest).filter_by(slug="ha-noi-2024").one()
        have = db.session.query(Body).filter_by(parent_id=city.id).count()
        for i in range(have, districts):
            district = bodies.create_body(f"quan-{i}", f"Quận {i}", parent=city, level="Quận")
            ward = bodies.create_body(f"quan-{i}-phuong", f"Phường {i}", parent=district, level="Phường")
            add_contest(f"quan-{i}-2024", district.id, 2024, published=i % 2 == 0, feeds=feeds)
            add_contest(f"phuong-{i}-2024", ward.id, 2024)
        db.session.commit()


def statements_per_page(app: Flask, client: FlaskClient, urls: list[str]) -> dict[str, int]:
    counts = {}
    for url in urls:
        client.get(url)  # warm: the first request compiles translations and caches lookups
        with counting(app) as statements:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[url] = len(statements)
    return counts


@pytest.fixture
def organizer(app: Flask, client: FlaskClient) -> FlaskClient:
    """The city's organizer, logged in through the form (the city is the first body: the home body)."""
    grow_to(app, 0)
    with app.app_context():
        accounts.create_user("thanhpho", "mat-khau-thanh-pho")
        db.session.commit()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"username": "thanhpho", "password": "mat-khau-thanh-pho",
                                       "csrf_token": token}).status_code == 302
    return client


def test_public_pages_and_api_do_not_grow_with_bodies_and_contests(app: Flask, client: FlaskClient) -> None:
    grow_to(app, 3)
    few = statements_per_page(app, client, PUBLIC)
    grow_to(app, 30)
    many = statements_per_page(app, client, PUBLIC)
    assert many == few
    assert max(few.values()) <= 6, few  # a page is a handful of statements, whatever the tree


def test_the_organizer_home_and_pipeline_do_not_grow_with_contests(app: Flask, organizer: FlaskClient) -> None:
    grow_to(app, 3)
    few = statements_per_page(app, organizer, STAFF)
    grow_to(app, 30)
    assert statements_per_page(app, organizer, STAFF) == few
