"""Judges log in by the one-time QR link or by code + PIN; wrong PINs slow down only that account."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from contest.extensions import db
from contest.models.base import utcnow
from contest.models.logins import LoginThrottle
from tests.judge.tablet_support import audit_actions, judge_row, pin_login, set_pin


def test_qr_link_logs_the_judge_in_once(app, client, demo_contest):
    token = demo_contest.judge_tokens["GK12"]
    client.get("/?lang=vi")
    before = client.get_cookie("session").value
    response = client.get(f"/judge/login/{token}")
    assert response.status_code == 302 and response.headers["Location"] == "/judge/"
    assert client.get_cookie("session").value != before  # a fresh session, not the planted one
    page = client.get("/judge/").get_data(as_text=True)
    assert "Hoàng Minh Mai" in page and "Vòng sơ khảo · Cụm 1" in page
    assert ("judge.login", f"judge:{judge_row(app, 'GK12')['id']}") in audit_actions(app)

    second = app.test_client().get(f"/judge/login/{token}")
    assert second.status_code == 410
    assert "Mã QR trên mỗi thẻ chỉ dùng được một lần" in second.get_data(as_text=True)


def test_a_used_or_unknown_link_leaves_the_visitor_logged_out(app, client, demo_contest):
    client.get(f"/judge/login/{demo_contest.judge_tokens['GK13']}")
    other = app.test_client()
    assert other.get(f"/judge/login/{demo_contest.judge_tokens['GK13']}").status_code == 410
    assert other.get("/judge/login/khong-phai-ma-that").status_code == 410
    response = other.get("/judge/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/judge/login")
    assert ("judge.login_refused" in [action for action, _ in audit_actions(app)])


def test_pin_login_opens_the_score_sheet(app, client, demo_contest):
    pin = set_pin(app, "GK14")
    response = pin_login(client, "gk14 ", pin, demo_contest.contest_id)
    assert response.status_code == 302 and response.headers["Location"] == "/judge/"
    assert "Đặng Thanh Tuấn" in client.get("/judge/").get_data(as_text=True)


@pytest.mark.parametrize(("code", "pin"), [
    pytest.param("GK14", "000000", id="wrong-pin"),
    pytest.param("XX99", "123456", id="unknown-code"),
])
def test_wrong_code_or_pin_is_refused_in_vietnamese(app, client, demo_contest, code, pin):
    set_pin(app, "GK14")
    response = pin_login(client, code, pin, demo_contest.contest_id)
    assert response.status_code == 401
    assert "Sai mã giám khảo hoặc mã PIN." in response.get_data(as_text=True)
    assert client.get("/judge/").status_code == 302


def wrong_pin(pin: str) -> str:
    return str((int(pin) + 1) % 1_000_000).zfill(6)


def test_a_wrong_pin_flood_slows_that_judge_only(app, client, demo_contest):
    """The whole hall shares one IP: judge B logs in from it while judge A's account waits."""
    pin_a, pin_b = set_pin(app, "GK12"), set_pin(app, "GK13")
    statuses = [pin_login(client, "GK12", wrong_pin(pin_a), demo_contest.contest_id).status_code for _ in range(6)]
    assert statuses == [401, 401, 429, 429, 429, 429]
    row = judge_row(app, "GK12")
    assert row["failed"] == 3  # guesses while blocked are not even checked
    assert row["blocked_until"] > utcnow()

    blocked = pin_login(client, "GK12", pin_a, demo_contest.contest_id)  # even the right PIN waits
    assert blocked.status_code == 429
    assert "Thử lại sau" in blocked.get_data(as_text=True)

    assert pin_login(app.test_client(), "GK13", pin_b, demo_contest.contest_id).status_code == 302
    assert judge_row(app, "GK13")["failed"] == 0


def test_the_wait_doubles_and_the_right_pin_resets_it(app, client, demo_contest):
    pin = set_pin(app, "GK12")
    waits = []
    for _ in range(4):
        _expire_block(app, "GK12")
        pin_login(client, "GK12", wrong_pin(pin), demo_contest.contest_id)
        row = judge_row(app, "GK12")
        waits.append(round((row["blocked_until"] - utcnow()).total_seconds()) if row["blocked_until"] else 0)
    assert waits[:2] == [0, 0] and 0 < waits[2] < waits[3]  # two typos free, then doubling
    _expire_block(app, "GK12")
    assert pin_login(client, "GK12", pin, demo_contest.contest_id).status_code == 302
    assert judge_row(app, "GK12")["failed"] == 0


def _expire_block(app, code: str) -> None:
    """Move the block into the past instead of waiting for it."""
    with app.app_context():
        db.session.execute(update(LoginThrottle).where(LoginThrottle.key.endswith(f":{code}"))
                           .values(blocked_until=utcnow() - timedelta(seconds=1)))
        db.session.commit()


def test_logout_ends_the_judge_session(app, client, demo_contest):
    client.get(f"/judge/login/{demo_contest.judge_tokens['GK12']}")
    page = client.get("/judge/").get_data(as_text=True)
    token = page.split('name="csrf-token" content="')[1].split('"')[0]
    assert client.post("/judge/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/judge/").headers["Location"].startswith("/judge/login")


def test_organizers_and_judges_stay_on_their_own_pages(app, client, demo_contest, login_organizer):
    login_organizer(client)
    assert client.get("/judge/").status_code == 403
    judge = app.test_client()
    judge.get(f"/judge/login/{demo_contest.judge_tokens['GK12']}")
    assert judge.get(f"/judge/access/{demo_contest.slug}").status_code == 403
