"""Fixtures for the organizer's setup and registration pages: a logged-in desk, a fresh contest,
and a helper that submits a form the way a browser does (CSRF token taken from the page).

The fresh contest does not need the Hà Nội demo: tests that want it ask for ``demo_contest``
too, so the others skip loading 35 teams and 37 judges."""

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from contest.domain.contest_rules import ContestInfo
from contest.extensions import db
from contest.models import User
from contest.services import accounts, contest_setup
from tests.conftest import DEMO_ORGANIZER, csrf_token_from


def _organizer(app: Flask) -> None:
    """The demo's organizer account, made here when the demo is not loaded (the demo finds it)."""
    with app.app_context():
        if db.session.scalar(select(User).filter_by(username=DEMO_ORGANIZER[0])) is None:
            accounts.create_user(*DEMO_ORGANIZER, display_name="Ban Tổ chức Hội thi")
            db.session.commit()


@pytest.fixture
def desk(app: Flask, client: FlaskClient) -> FlaskClient:
    """A client logged in as the organizer, through the real login form."""
    _organizer(app)
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"username": DEMO_ORGANIZER[0], "password": DEMO_ORGANIZER[1],
                                           "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


@pytest.fixture
def fresh_contest(app: Flask) -> str:
    """An empty contest (no round, no team); returns its slug."""
    _organizer(app)
    with app.app_context():
        organizer = db.session.scalar(select(User).filter_by(username=DEMO_ORGANIZER[0]))
        contest = contest_setup.create_contest(ContestInfo(name="Hội thi “Dân vận khéo” thành phố Hải Phòng năm 2025",
                                                   slug="hai-phong-2025", year=2025,
                                                   organizer_body="Ban Dân vận Thành ủy Hải Phòng"), organizer)
        db.session.commit()
        return contest.slug


Submit = Callable[..., Any]


@pytest.fixture
def submit(desk: FlaskClient) -> Submit:
    """submit(page_url, data, action=None, **kwargs): open the page, post its form with its token."""

    def post(page_url: str, data: dict[str, Any], action: str | None = None, **kwargs: Any) -> Any:
        token = csrf_token_from(desk.get(page_url).get_data(as_text=True))
        return desk.post(action or page_url, data={**data, "csrf_token": token}, **kwargs)

    return post
