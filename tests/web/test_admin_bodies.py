"""The system administrator's pages: the body tree, a body's first organizer, roles granted and taken."""

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from contest.extensions import db
from contest.models import AuditEvent, Body, Contest, User
from contest.services import accounts, bodies
from tests.conftest import csrf_token_from


def _log_in(client: FlaskClient, username: str, password: str) -> FlaskClient:
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token}).status_code == 302
    return client


def _sizes() -> tuple[int, int, int]:
    return (db.session.scalar(select(func.count(Body.id))), db.session.scalar(select(func.count(User.id))),
            db.session.scalar(select(func.count(AuditEvent.id))))


def _post(client: FlaskClient, url: str, **data: str):  # type: ignore[no-untyped-def]
    token = csrf_token_from(client.get("/admin/bodies").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def test_the_administrator_builds_the_tree_and_gives_a_body_its_first_organizer(  # type: ignore[no-untyped-def]
        app: Flask, client, login_organizer) -> None:
    admin = login_organizer(client)  # the demo's organizer: the install's first account
    assert "Đơn vị tổ chức" in admin.get("/organizer/").get_data(as_text=True)
    made = _post(admin, "/admin/bodies", name="Ban Dân vận Thành ủy Hải Phòng", slug="hai-phong", parent="",
                 level="Thành phố")
    assert made.status_code == 302 and made.headers["Location"].endswith("/admin/bodies/hai-phong")
    made = _post(admin, "/admin/bodies", name="Ban Dân vận Quận ủy Lê Chân", slug="le-chan", parent="hai-phong",
                 level="Quận/huyện")
    assert made.status_code == 302
    tree = admin.get("/admin/bodies").get_data(as_text=True)
    assert tree.index("Ban Dân vận Thành ủy Hải Phòng") < tree.index("Ban Dân vận Quận ủy Lê Chân")

    account = _post(admin, "/admin/bodies/le-chan/accounts", username="lechan", password="mat-khau-le-chan",
                    display_name="Ban tổ chức Lê Chân", role="organizer")
    assert account.status_code == 302
    page = admin.get("/admin/bodies/le-chan").get_data(as_text=True)
    assert "lechan" in page and "Ban tổ chức Lê Chân" in page and "Đã tạo tài khoản." in page

    granted = _post(admin, "/admin/bodies/le-chan/roles", username="bantochuc", role="secretary")
    assert granted.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(username="bantochuc"))
        le_chan = bodies.get_body("le-chan")
        assert ("le-chan", "secretary") in {(r.body.slug, r.role) for r in user.body_roles}
        user_id = user.id
    revoked = _post(admin, "/admin/bodies/le-chan/roles/revoke", user_id=str(user_id), role="secretary")
    assert revoked.status_code == 302
    with app.app_context():
        user = db.session.get(User, user_id)
        assert le_chan.id not in {r.body_id for r in user.body_roles}
        actions = set(db.session.scalars(select(AuditEvent.action)))
        assert {"body.create", "user.create", "user.role_grant", "user.role_revoke"} <= actions

    # The district's organizer works in its own body: no city contest on its home, no admin pages.
    district = _log_in(app.test_client(), "lechan", "mat-khau-le-chan")
    home = district.get("/organizer/").get_data(as_text=True)
    assert "ha-noi-2024" not in home and "/admin/bodies" not in home
    assert district.get("/admin/bodies").status_code == 403
    assert district.get("/admin/bodies/le-chan").status_code == 403


def test_refusals_say_why_in_vietnamese_and_store_nothing(app: Flask, client, login_organizer) -> None:  # type: ignore[no-untyped-def]
    admin = login_organizer(client)
    with app.app_context():
        before = _sizes()
    bad = _post(admin, "/admin/bodies", name="Tây Hồ", slug="Tây Hồ", parent="")
    assert bad.status_code == 200
    assert "Chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang" in bad.get_data(as_text=True)
    taken = _post(admin, "/admin/bodies", name="Khác", slug="ha-noi", parent="")
    assert "Đã có đơn vị tổ chức khác dùng địa chỉ “ha-noi”." in taken.get_data(as_text=True)
    short = _post(admin, "/admin/bodies/ha-noi/accounts", username="moi", password="ngan", role="organizer")
    assert short.status_code == 422 and "Quá ngắn: ít nhất 8 ký tự." in short.get_data(as_text=True)
    same = _post(admin, "/admin/bodies/ha-noi/accounts", username="bantochuc", password="mat-khau-dai-9",
                 role="organizer")
    assert "Tên đăng nhập “bantochuc” đã có người dùng." in same.get_data(as_text=True)
    nobody = _post(admin, "/admin/bodies/ha-noi/roles", username="khong-co", role="organizer")
    assert nobody.status_code == 422 and "Không có tài khoản “khong-co”." in nobody.get_data(as_text=True)
    assert admin.get("/admin/bodies/khong-co").status_code == 404
    with app.app_context():
        assert _sizes() == before


def test_only_administrators_open_the_admin_pages(app: Flask, client, login_organizer) -> None:  # type: ignore[no-untyped-def]
    login_organizer(client)
    with app.app_context():
        accounts.create_user("thuky", "mat-khau-thu-ky", role="secretary")
        db.session.commit()
    secretary = _log_in(app.test_client(), "thuky", "mat-khau-thu-ky")
    assert secretary.get("/admin/bodies").status_code == 403
    assert app.test_client().get("/admin/bodies").status_code == 302


def test_an_organizer_of_two_bodies_chooses_which_one_owns_a_new_contest(  # type: ignore[no-untyped-def]
        app: Flask, client, login_organizer) -> None:
    login_organizer(client)
    with app.app_context():
        city = bodies.create_body("hai-phong", "Ban Dân vận Thành ủy Hải Phòng")
        ward = bodies.create_body("phu-thuong", "Đảng ủy phường Phú Thượng", parent=city)
        accounts.create_user("hai-noi", "mat-khau-hai-noi", body=city)
        accounts.grant_role(accounts.find_user("hai-noi"), ward, "organizer", actor="system")
        db.session.commit()
    desk = _log_in(app.test_client(), "hai-noi", "mat-khau-hai-noi")
    form = desk.get("/organizer/contests/new").get_data(as_text=True)
    assert "Đơn vị chủ trì" in form and "Đảng ủy phường Phú Thượng" in form
    made = desk.post("/organizer/contests/new", data={
        "csrf_token": csrf_token_from(form), "name": "Hội thi Dân vận khéo phường Phú Thượng", "year": "2024",
        "organizer_body": "Đảng ủy phường Phú Thượng", "place": "", "slug": "phu-thuong-2024", "description": "",
        "owner": "phu-thuong"})
    assert made.status_code == 302
    with app.app_context():
        contest = db.session.scalar(select(Contest).filter_by(slug="phu-thuong-2024"))
        assert contest.body.slug == "phu-thuong"
    # An organizer of one body is not asked.
    assert "Đơn vị chủ trì" not in client.get("/organizer/contests/new").get_data(as_text=True)
