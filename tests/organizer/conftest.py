"""Fixtures for the organizer's setup and registration pages: a logged-in desk, a fresh contest,
and a helper that submits a form the way a browser does (CSRF token taken from the page)."""

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from contest.domain.setup import ContestInfo
from contest.extensions import db
from contest.models import User
from contest.services import setup
from tests.conftest import csrf_token_from


@pytest.fixture
def desk(client: FlaskClient, login_organizer: Callable[[FlaskClient], FlaskClient]) -> FlaskClient:
    """A client logged in as the demo organizer (the demo contest is loaded)."""
    return login_organizer(client)


@pytest.fixture
def fresh_contest(app: Flask, demo_contest: Any) -> str:
    """An empty contest next to the demo one (no round, no team); returns its slug."""
    with app.app_context():
        organizer = db.session.scalar(select(User).filter_by(username="bantochuc"))
        contest = setup.create_contest(ContestInfo(name="Hội thi “Dân vận khéo” thành phố Hải Phòng năm 2025",
                                                   slug="hai-phong-2025", year=2025,
                                                   organizer_body="Ban Dân vận Thành ủy Hải Phòng"), organizer)
        db.session.commit()
        return contest.slug


Submit = Callable[..., Any]


@pytest.fixture
def submit(desk: FlaskClient) -> Submit:
    """submit(page_url, data, action=None, files=None): open the page, post its form with its token."""

    def post(page_url: str, data: dict[str, Any], action: str | None = None, **kwargs: Any) -> Any:
        token = csrf_token_from(desk.get(page_url).get_data(as_text=True))
        return desk.post(action or page_url, data={**data, "csrf_token": token}, **kwargs)

    return post
