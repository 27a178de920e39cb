"""Revoking a judge logs them out everywhere at once: HTTP sessions and open sockets."""

from sqlalchemy import select

from contest import realtime
from contest.extensions import db, socketio
from contest.models import Judge
from contest.models.base import utcnow
from contest.services import accounts
from tests.conftest import csrf_token_from
from tests.judge.tablet_support import audit_actions, judge_row, pin_login, set_pin


def organizer_post(client, path: str):  # type: ignore[no-untyped-def]
    token = csrf_token_from(client.get("/organizer/").get_data(as_text=True))
    return client.post(path, data={"csrf_token": token})


def test_revoke_ends_the_session_and_closes_the_socket(app, client, demo_contest, login_organizer):
    judge = app.test_client()
    judge.get(f"/judge/login/{demo_contest.judge_tokens['GK12']}")
    assert judge.get("/judge/").status_code == 200
    socket = socketio.test_client(app, flask_test_client=judge, auth={"contest": demo_contest.slug})
    assert socket.is_connected()
    judge_id = judge_row(app, "GK12")["id"]

    login_organizer(client)
    response = organizer_post(client, f"/judge/access/{demo_contest.slug}/judges/{judge_id}/revoke")
    assert response.status_code == 302
    assert "đã bị đăng xuất trên mọi thiết bị" in client.get(response.headers["Location"]).get_data(as_text=True)

    assert not socket.is_connected()
    # The tablet was told why before its socket closed (get_received() refuses once closed).
    assert [event["name"] for event in socket.queue] == ["revoked"]
    page = judge.get("/judge/")
    assert page.status_code == 302 and page.headers["Location"].startswith("/judge/login")
    row = judge_row(app, "GK12")
    assert row["revoked_at"] is not None and row["epoch"] == 1
    assert ("judge.revoke", f"judge:{judge_id}") in audit_actions(app)


def test_a_revoked_judge_cannot_come_back_by_pin_or_socket(app, client, demo_contest, login_organizer):
    pin = set_pin(app, "GK13")
    login_organizer(client)
    organizer_post(client, f"/judge/access/{demo_contest.slug}/judges/{judge_row(app, 'GK13')['id']}/revoke")
    judge = app.test_client()
    assert pin_login(judge, "GK13", pin, demo_contest.contest_id).status_code == 401
    assert judge.get(f"/judge/login/{demo_contest.judge_tokens['GK13']}").status_code == 410


def test_reissue_gives_a_working_link_and_ends_older_sessions(app, client, demo_contest, login_organizer):
    old = app.test_client()
    old.get(f"/judge/login/{demo_contest.judge_tokens['GK14']}")
    judge_id = judge_row(app, "GK14")["id"]
    login_organizer(client)
    page = organizer_post(client, f"/judge/access/{demo_contest.slug}/judges/{judge_id}/reissue")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<svg" in html and "Đặng Thanh Tuấn" in html
    link = html.split("/judge/login/")[1].split('"')[0].split("<")[0]
    assert old.get("/judge/").status_code == 302
    fresh = app.test_client()
    assert fresh.get(f"/judge/login/{link}").status_code == 302
    assert fresh.get("/judge/").status_code == 200
    assert ("judge.reissue", f"judge:{judge_id}") in audit_actions(app)


def test_only_organizers_manage_judge_access(app, client, demo_contest):
    with app.app_context():
        accounts.create_user("thuky", "thuky-mat-khau-2024", role="secretary", display_name="Thư ký")
        db.session.commit()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"username": "thuky", "password": "thuky-mat-khau-2024", "csrf_token": token})
    judge_id = judge_row(app, "GK12")["id"]
    assert client.get(f"/judge/access/{demo_contest.slug}").status_code == 403
    assert organizer_post(client, f"/judge/access/{demo_contest.slug}/judges/{judge_id}/revoke").status_code == 403
    assert judge_row(app, "GK12")["revoked_at"] is None


def test_each_process_sweeps_away_sockets_of_a_judge_revoked_by_another(app, demo_contest):
    """Another server process re-issued GK14 and revoked GK15 (the database says so); this one never saw the request."""
    sockets = {}
    for code in ("GK14", "GK15", "GK21"):
        tablet = app.test_client()
        tablet.get(f"/judge/login/{demo_contest.judge_tokens[code]}")
        sockets[code] = socketio.test_client(app, flask_test_client=tablet, auth={"contest": demo_contest.slug})
    assert realtime.close_stale_sockets(app) == 0  # nothing changed: every tablet keeps listening
    with app.app_context():
        for judge in db.session.scalars(select(Judge).where(Judge.code.in_(["GK14", "GK15"]))):
            judge.session_epoch += 1
        db.session.scalar(select(Judge).filter_by(code="GK15")).revoked_at = utcnow()
        db.session.commit()
    assert realtime.close_stale_sockets(app) == 2
    assert {code: s.is_connected() for code, s in sockets.items()} == {"GK14": False, "GK15": False, "GK21": True}
