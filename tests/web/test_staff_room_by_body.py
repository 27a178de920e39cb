"""The contest's staff room (hidden scores, desk events) hears only staff with access to the contest."""

from flask import Flask

from contest import realtime
from contest.extensions import db, socketio
from contest.services import accounts, bodies
from tests.conftest import csrf_token_from


def _log_in(client, username: str, password: str):  # type: ignore[no-untyped-def]
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token}).status_code == 302
    return client


def test_staff_of_another_body_are_only_public_viewers_of_the_contest(  # type: ignore[no-untyped-def]
        app: Flask, client, login_organizer, demo_contest) -> None:
    organizer = login_organizer(client)
    with app.app_context():
        other = bodies.create_body("hai-phong", "Ban Dân vận Thành ủy Hải Phòng")
        accounts.create_user("donganh", "mat-khau-dong-anh", body=other)
        db.session.commit()
    stranger = _log_in(app.test_client(), "donganh", "mat-khau-dong-anh")
    own = socketio.test_client(app, flask_test_client=organizer, auth={"contest": demo_contest.slug})
    foreign = socketio.test_client(app, flask_test_client=stranger, auth={"contest": demo_contest.slug})
    assert own.is_connected() and foreign.is_connected()
    own.get_received(), foreign.get_received()
    with app.app_context():
        realtime.push("sheet", {"hidden": True}, realtime.room_staff(demo_contest.contest_id))
        realtime.push("stage", {"public": True}, realtime.room_public(demo_contest.contest_id))
    assert sorted(e["name"] for e in own.get_received()) == ["sheet", "stage"]
    assert [e["name"] for e in foreign.get_received()] == ["stage"]
