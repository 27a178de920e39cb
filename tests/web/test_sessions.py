"""Logging out ends the session on the server; staff sessions also end when idle or too old; a new
password or "log out everywhere else" ends the account's other sessions (issue 10, item 2)."""

from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from contest import realtime
from contest.extensions import db, socketio
from contest.models.logins import LoginSession
from contest.services import accounts
from tests.conftest import DEMO_ORGANIZER, csrf_token_from


def copy_of(app, client: FlaskClient) -> FlaskClient:  # type: ignore[no-untyped-def]
    """Another browser carrying a copy of ``client``'s session cookie (a sniffed cookie)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def csrf(client: FlaskClient, path: str) -> str:
    return csrf_token_from(client.get(path).get_data(as_text=True))


def is_logged_in_organizer(client: FlaskClient) -> bool:
    response = client.get("/organizer/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_a_copied_organizer_cookie_stops_working_after_logout(app, client, login_organizer):
    login_organizer(client)
    thief = copy_of(app, client)
    assert is_logged_in_organizer(thief)
    assert client.post("/logout", data={"csrf_token": csrf(client, "/organizer/")}).status_code == 302
    assert not is_logged_in_organizer(thief)
    assert not is_logged_in_organizer(client)


def test_a_copied_judge_cookie_stops_working_after_logout(app, client, demo_contest):
    client.get(f"/judge/login/{demo_contest.judge_tokens['GK12']}")
    thief = copy_of(app, client)
    assert thief.get("/judge/api/state").status_code == 200
    assert client.post("/judge/logout", data={"csrf_token": csrf(client, "/judge/")}).status_code == 302
    refused = thief.get("/judge/api/state")
    assert refused.status_code == 401 and refused.get_json()["error"] == "login_required"


def test_a_judge_logs_in_again_after_logout(app, client, demo_contest):
    from tests.judge.tablet_support import pin_login, set_pin

    client.get(f"/judge/login/{demo_contest.judge_tokens['GK12']}")
    client.post("/judge/logout", data={"csrf_token": csrf(client, "/judge/")})
    pin = set_pin(app, "GK12")
    assert pin_login(client, "GK12", pin, demo_contest.contest_id).status_code == 302
    assert client.get("/judge/api/state").status_code == 200


def age_cookie(client: FlaskClient, minutes: int) -> None:
    """Pretend the browser's last request was ``minutes`` ago."""
    with client.session_transaction() as session:
        session["seen"] -= minutes * 60


def age_sessions(app, hours: float) -> None:  # type: ignore[no-untyped-def]
    """Pretend every session was opened ``hours`` earlier."""
    with app.app_context():
        for row in db.session.scalars(select(LoginSession)):
            row.created_at -= timedelta(hours=hours)
        db.session.commit()


@pytest.mark.parametrize(("idle_minutes", "alive"), [
    pytest.param(119, True, id="under-two-hours"),
    pytest.param(121, False, id="over-two-hours"),
])
def test_a_staff_session_ends_after_two_idle_hours(client, login_organizer, idle_minutes, alive):
    login_organizer(client)
    age_cookie(client, idle_minutes)
    assert is_logged_in_organizer(client) is alive


def test_the_idle_time_is_a_setting(app, client, login_organizer):
    app.config["SESSION_IDLE_MINUTES"] = 5
    login_organizer(client)
    age_cookie(client, 6)
    assert not is_logged_in_organizer(client)


def test_a_busy_staff_session_still_ends_after_sixteen_hours(app, client, login_organizer):
    login_organizer(client)
    age_sessions(app, 15.9)
    assert is_logged_in_organizer(client)
    age_sessions(app, 0.2)
    assert not is_logged_in_organizer(client)


def test_a_judge_tablet_left_idle_all_morning_keeps_working_within_the_day(app, client, demo_contest):
    client.get(f"/judge/login/{demo_contest.judge_tokens['GK12']}")
    age_cookie(client, 6 * 60)
    age_sessions(app, 23)
    assert client.get("/judge/api/state").status_code == 200
    age_sessions(app, 1.1)
    assert client.get("/judge/api/state").status_code == 401


def test_log_out_everywhere_else_ends_the_others_and_copies_of_this_cookie(app, client, login_organizer):
    laptop, phone = login_organizer(client), login_organizer(app.test_client())
    thief = copy_of(app, laptop)
    response = laptop.post("/account/sessions/end-others", data={"csrf_token": csrf(laptop, "/account")})
    assert response.status_code == 302
    assert "Đã đăng xuất 1 phiên khác" in laptop.get("/account").get_data(as_text=True)
    assert is_logged_in_organizer(laptop)
    assert not is_logged_in_organizer(phone)
    assert not is_logged_in_organizer(thief)


def test_a_new_password_ends_the_other_sessions(app, client, login_organizer):
    laptop, phone = login_organizer(client), login_organizer(app.test_client())
    thief = copy_of(app, laptop)
    data = {"current": DEMO_ORGANIZER[1], "new": "mat-khau-moi-2024", "confirm": "mat-khau-moi-2024",
            "csrf_token": csrf(laptop, "/account")}
    assert laptop.post("/account/password", data=data).status_code == 302
    assert is_logged_in_organizer(laptop)
    assert not is_logged_in_organizer(phone)
    assert not is_logged_in_organizer(thief)
    with app.app_context():
        assert accounts.log_in(DEMO_ORGANIZER[0], "mat-khau-moi-2024").user is not None
        assert accounts.log_in(DEMO_ORGANIZER[0], DEMO_ORGANIZER[1]).user is None


@pytest.mark.parametrize(("current", "new", "message"), [
    pytest.param("sai-mat-khau", "mat-khau-moi-2024", "Mật khẩu hiện tại không đúng.", id="wrong-current"),
    pytest.param(DEMO_ORGANIZER[1], "ngan", "Quá ngắn: ít nhất 8 ký tự.", id="too-short"),
])
def test_a_refused_password_change_keeps_everything(app, client, login_organizer, current, new, message):
    laptop, other = login_organizer(client), login_organizer(app.test_client())
    data = {"current": current, "new": new, "confirm": new, "csrf_token": csrf(laptop, "/account")}
    response = laptop.post("/account/password", data=data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert is_logged_in_organizer(other)
    with app.app_context():
        assert accounts.log_in(*DEMO_ORGANIZER).user is not None


def test_sockets_opened_with_a_session_close_once_it_ends(app, client, demo_contest, login_organizer):
    """The sweep every serving process runs closes the sockets of sessions that ended since."""
    desk, other_desk, tablet = login_organizer(client), login_organizer(app.test_client()), app.test_client()
    tablet.get(f"/judge/login/{demo_contest.judge_tokens['GK12']}")
    sockets = {name: socketio.test_client(app, flask_test_client=http, auth={"contest": demo_contest.slug})
               for name, http in (("desk", desk), ("other_desk", other_desk), ("tablet", tablet))}
    assert realtime.close_stale_sockets(app) == 0
    desk.post("/logout", data={"csrf_token": csrf(desk, "/organizer/")})
    tablet.post("/judge/logout", data={"csrf_token": csrf(tablet, "/judge/")})
    assert realtime.close_stale_sockets(app) == 2
    assert {name: s.is_connected() for name, s in sockets.items()} == {
        "desk": False, "other_desk": True, "tablet": False}


def test_a_stolen_session_cannot_guess_the_password_on_the_account_page(app, client, login_organizer):
    thief = login_organizer(client)
    token = csrf(thief, "/account")
    answers = [thief.post("/account/password", data={"current": f"doan-{n}", "new": "mat-khau-moi-2024",
                                                     "confirm": "mat-khau-moi-2024", "csrf_token": token})
               for n in range(4)]
    assert [r.status_code for r in answers] == [422] * 4
    assert "Mật khẩu hiện tại không đúng." in answers[0].get_data(as_text=True)
    assert "Thử lại sau" in answers[3].get_data(as_text=True)
    # Even the right password now waits, and login waits too: the guesses count for the username.
    blocked = thief.post("/account/password", data={"current": DEMO_ORGANIZER[1], "new": "mat-khau-moi-2024",
                                                    "confirm": "mat-khau-moi-2024", "csrf_token": token})
    assert "Thử lại sau" in blocked.get_data(as_text=True)
    with app.app_context():
        assert accounts.log_in(*DEMO_ORGANIZER).retry_after > 0
