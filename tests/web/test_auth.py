from sqlalchemy import select

from contest.extensions import db
from contest.models import AuditEvent
from tests.conftest import csrf_token_from


def test_organizer_desk_requires_login(client, demo_contest):
    response = client.get("/organizer/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_wrong_password_is_refused_and_audited(app, client, demo_contest):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"username": "bantochuc", "password": "sai-mat-khau", "csrf_token": token})
    assert response.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.get_data(as_text=True)
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "login.failed" in actions


def test_login_without_csrf_token_is_refused(client, demo_contest):
    response = client.post("/login", data={"username": "bantochuc", "password": "danvankheo2024"})
    assert response.status_code == 400
    assert client.get("/organizer/").status_code == 302


def test_login_fixes_a_new_session_with_safe_cookie_flags(client, login_organizer):
    client.get("/login?lang=vi")
    before = client.get_cookie("session").value
    login_organizer(client)
    cookie = client.get_cookie("session")
    assert cookie.value != before
    assert cookie.http_only
    assert cookie.same_site == "Lax"
    page = client.get("/organizer/")
    assert page.status_code == 200
    assert "Hội thi “Dân vận khéo” thành phố Hà Nội năm 2024" in page.get_data(as_text=True)


def test_open_redirect_after_login_is_ignored(client, demo_contest):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login?next=//evil.example/", data={
        "username": "bantochuc", "password": "danvankheo2024", "csrf_token": token})
    assert response.headers["Location"] == "/organizer/"
