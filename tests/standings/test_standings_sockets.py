"""Socket.IO handlers and rooms (socketio.test_client, no message queue): who receives which push,
refused connections, and cross-origin handshakes."""

import pytest

from contest.extensions import socketio

BA_DINH = "Quận Ba Đình"


def events(client, name: str) -> list[dict]:
    return [m["args"][0] for m in client.get_received() if m["name"] == name]


def named(received: list[dict]) -> list[str]:
    return [m["name"] for m in received]


@pytest.fixture
def public_socket(app, demo):
    client = socketio.test_client(app, auth={"contest": demo.slug})
    assert client.is_connected()
    yield client
    client.disconnect()


@pytest.fixture
def organizer_socket(app, demo, login_organizer):
    http = login_organizer(app.test_client())
    client = socketio.test_client(app, flask_test_client=http, auth={"contest": demo.slug})
    assert client.is_connected()
    yield client
    client.disconnect()


def test_a_viewer_gets_the_compact_update_the_card_by_http_but_not_the_staff_board(
        app, demo, public_socket, organizer_socket, panel_score, flush):
    flush()
    public_socket.get_received(), organizer_socket.get_received()
    panel_score("Cụm 1", BA_DINH, "situation", ["20"] * 5)
    flush()
    public = public_socket.get_received()
    assert named(public) == ["standings"]  # one message per change: the card is fetched by the projectors
    update = public[0]["args"][0]
    assert update["i"] == [demo.teams[BA_DINH]] and update["t"] == [2000]
    card = app.test_client().get(f"/api/v1/contests/{demo.slug}/rounds/so-khao/card").get_json()
    assert update["cd"] == card["key"] and card["team"] == demo.teams[BA_DINH]
    staff = organizer_socket.get_received()
    assert named(staff) == ["standings", "staff_standings"]
    assert staff[1]["args"][0]["rows"][0]["team"] == demo.teams[BA_DINH]


def test_a_judge_is_put_in_the_judges_room_not_the_staff_room(app, demo, panel_score, flush, live_judge_client):
    judge_socket = socketio.test_client(app, flask_test_client=live_judge_client("GK11"), auth={"contest": demo.slug})
    flush()
    judge_socket.get_received()
    panel_score("Cụm 1", BA_DINH, "situation", ["20"] * 5)
    flush()
    assert "staff_standings" not in named(judge_socket.get_received())
    judge_socket.disconnect()


@pytest.mark.parametrize("auth", [None, {}, {"contest": "no-such-contest"}, {"contest": ["x"]}],
                         ids=["no-auth", "empty", "unknown-contest", "malformed"])
def test_a_socket_must_name_an_existing_contest(app, demo, auth):
    client = socketio.test_client(app, auth=auth)
    assert not client.is_connected()


def test_rooms_come_from_the_session_not_from_the_client(app, demo, panel_score, flush):
    # Asking for the staff room in the handshake changes nothing.
    client = socketio.test_client(app, auth={"contest": demo.slug, "room": f"contest:{demo.contest_id}:staff",
                                             "role": "organizer"})
    flush()
    client.get_received()
    panel_score("Cụm 1", BA_DINH, "situation", ["20"] * 5)
    flush()
    assert "staff_standings" not in named(client.get_received())
    client.disconnect()


@pytest.mark.parametrize(("origin", "status"), [
    (None, 200), ("http://localhost", 200), ("http://evil.example", 400), ("http://localhost.evil.example", 400),
], ids=["no-origin", "same-origin", "other-site", "lookalike"])
def test_cross_origin_handshakes_are_refused(client, demo, origin, status):
    headers = {"Origin": origin} if origin else {}
    response = client.get(f"/socket.io/?EIO=4&transport=polling&contest={demo.slug}", headers=headers)
    assert response.status_code == status


@pytest.fixture
def live_judge_client(app, demo_contest):
    """A Flask test client logged in as a judge through the judge's one-time link."""

    def login(code: str):
        http = app.test_client()
        response = http.get(f"/judge/login/{demo_contest.judge_tokens[code]}")
        assert response.status_code == 302
        return http

    return login
