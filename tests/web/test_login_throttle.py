"""Logins are slowed down per name typed, known or not, and answer alike for both; each address also
has a looser limit; unknown judge codes are counted, not audited one by one (issue 10, item 5)."""

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from contest.extensions import db
from contest.models import AuditEvent
from contest.models.logins import LoginThrottle
from contest.services import accounts, demo
from tests.conftest import DEMO_ORGANIZER, csrf_token_from, make_app
from tests.judge.tablet_support import pin_login, set_pin

FLASH = re.compile(r'class="flash flash-error"[^>]*>([^<]*)<')


def answer(response) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    """What a guesser sees: the status and the error messages."""
    return response.status_code, FLASH.findall(response.get_data(as_text=True))


def organizer_login(client: FlaskClient, username: str, password: str):  # type: ignore[no-untyped-def]
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token})


def audit_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEvent))


def test_wrong_passwords_slow_down_that_username_only(app, client, demo_contest):
    with app.app_context():
        accounts.create_user("thuky", "mat-khau-thu-ky", role="secretary")
        db.session.commit()
    statuses = [organizer_login(client, DEMO_ORGANIZER[0], "sai-mat-khau").status_code for _ in range(5)]
    assert statuses == [401, 401, 429, 429, 429]
    blocked = organizer_login(client, *DEMO_ORGANIZER)  # even the right password waits
    assert blocked.status_code == 429
    assert "Thử lại sau" in blocked.get_data(as_text=True)
    # A colleague at the same desk (same address) logs in at once.
    assert organizer_login(app.test_client(), "thuky", "mat-khau-thu-ky").status_code == 302


def test_an_unknown_username_answers_like_a_known_one(app, client, demo_contest):
    known = [answer(organizer_login(client, DEMO_ORGANIZER[0], "sai-mat-khau")) for _ in range(4)]
    unknown = [answer(organizer_login(client, "khong-ton-tai", "sai-mat-khau")) for _ in range(4)]
    assert unknown == known
    assert [status for status, _ in known] == [401, 401, 429, 429]


def test_an_unknown_judge_code_answers_like_a_known_one(app, client, demo_contest):
    pin = set_pin(app, "GK12")
    wrong = str((int(pin) + 1) % 1_000_000).zfill(6)
    known = [answer(pin_login(client, "GK12", wrong, demo_contest.contest_id)) for _ in range(4)]
    unknown = [answer(pin_login(client, "ZZ99", wrong, demo_contest.contest_id)) for _ in range(4)]
    assert unknown == known
    assert [status for status, _ in known] == [401, 401, 429, 429]
    assert known[0][1] == ["Sai mã giám khảo hoặc mã PIN."]


def test_unknown_judge_codes_are_counted_without_an_audit_row_each(app, client, demo_contest):
    before = audit_count(app)
    for attempt in range(20):
        pin_login(client, f"X{attempt:03d}", "123456", demo_contest.contest_id)
    pin_login(client, "X000", "123456", demo_contest.contest_id)
    assert audit_count(app) == before
    with app.app_context():
        counted = dict(db.session.execute(select(LoginThrottle.key, LoginThrottle.failures)).all())
    assert len(counted) == 20 and counted[f"judge:{demo_contest.contest_id}:X000"] == 2


@pytest.fixture
def limited_app(tmp_path) -> Iterator[Flask]:  # type: ignore[no-untyped-def]
    """An app with the per-address limit on (the test suite switches Flask-Limiter off)."""
    app = make_app(f"sqlite:///{tmp_path / 'limited.db'}", str(tmp_path / "limited"),
                   RATELIMIT_ENABLED=True, LOGIN_ADDRESS_LIMIT="8 per minute")
    with app.app_context():
        db.create_all()
        demo.load_demo()
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_judge_logins_from_one_address_are_limited(limited_app):
    client = limited_app.test_client()
    with limited_app.app_context():
        contest_id = demo.load_demo().contest.id
    statuses = [pin_login(client, f"Y{n:03d}", "123456", contest_id).status_code for n in range(9)]
    assert statuses == [401] * 8 + [429]
    assert "Thử quá nhiều lần" in pin_login(client, "Y999", "123456", contest_id).get_data(as_text=True)
    # Another address is not affected.
    other = limited_app.test_client()
    token = csrf_token_from(other.get("/judge/login", environ_base={"REMOTE_ADDR": "10.0.0.9"}).get_data(as_text=True))
    response = other.post("/judge/login", data={"contest": contest_id, "code": "Y000", "pin": "123456",
                                                "csrf_token": token}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert response.status_code == 401


def test_organizer_logins_from_one_address_are_limited_more_loosely_than_a_name(limited_app):
    client = limited_app.test_client()
    statuses = [organizer_login(client, f"nguoi-{n}", "sai-mat-khau").status_code for n in range(9)]
    assert statuses == [401] * 8 + [429]
