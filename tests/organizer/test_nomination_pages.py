"""The send-up, nominations and pipeline pages: what each organizer sees and may do, in Vietnamese,
and the pipeline's number of queries whatever the number of child bodies."""

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select

from contest.extensions import db
from contest.models import Body, Contest, Team
from contest.models.nominations import Nomination, NominationCall
from tests.conftest import csrf_token_from, make_app
from tests.nomination_world import PASSWORD, World, body, build_world, contest, staff


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """Pages only read through services tested on both databases: SQLite here."""
    return f"sqlite:///{tmp_path / 'contest.db'}"


@pytest.fixture
def world(app: Flask) -> World:
    # Not kept pushed: a request would reuse this context and its session would hold SQLite's lock.
    with app.app_context():
        return build_world()


def _login(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    return client


def _post(client: FlaskClient, url: str, data: dict | None = None, page: str | None = None):  # type: ignore[no-untyped-def]
    token = csrf_token_from(client.get(page or url).get_data(as_text=True))
    return client.post(url, data={**(data or {}), "csrf_token": token})


def _status(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Nomination.status).order_by(Nomination.id)))


def _nominate_and_submit(app: Flask, world: World) -> tuple[FlaskClient, int]:
    district = _login(app, "quan1")
    child = world.district_contests["quan-1"]
    page = district.get(f"/organizer/contests/{child}/send-up").get_data(as_text=True)
    assert "Gửi đội lên" in page and "Phường Phú Thượng" in page and "Đề cử" in page
    with app.app_context():
        team_id = db.session.scalar(select(Team.id).filter_by(name="Phường Phú Thượng").join(Contest)
                                    .where(Contest.slug == child))
    made = _post(district, f"/organizer/contests/{child}/send-up/nominate", {"team_id": team_id},
                 page=f"/organizer/contests/{child}/send-up")
    assert made.status_code == 302 and "/send-up/" in made.location
    nomination_id = int(made.location.rstrip("/").rsplit("/", 1)[1])
    edit = f"/organizer/contests/{child}/send-up/{nomination_id}"
    form = district.get(edit).get_data(as_text=True)
    assert "Quận Tây Hồ" in form and "Lê Văn An 1" in form
    submitted = _post(district, f"{edit}/submit", page=edit)
    assert submitted.status_code == 302
    return district, nomination_id


def test_a_district_nominates_the_city_returns_with_a_reason_then_approves(app: Flask, world: World) -> None:
    district, nomination_id = _nominate_and_submit(app, world)
    assert _status(app) == ["submitted"]
    city = _login(app, "thanhpho")
    listing = city.get(f"/organizer/contests/{world.city_contest}/nominations").get_data(as_text=True)
    assert "Đề cử từ cấp dưới" in listing and "Quận Tây Hồ" in listing and "Chờ quyết định" in listing
    detail = f"/organizer/contests/{world.city_contest}/nominations/{nomination_id}"
    refused = _post(city, f"{detail}/return", {"reason": " "}, page=detail).get_data(as_text=True)
    assert "Hãy nói rõ cấp dưới cần sửa gì." in refused
    assert _status(app) == ["submitted"]
    _post(city, f"{detail}/return", {"reason": "Bổ sung diễn viên phụ họa"}, page=detail)
    child = world.district_contests["quan-1"]
    seen = district.get(f"/organizer/contests/{child}/send-up").get_data(as_text=True)
    assert "Bổ sung diễn viên phụ họa" in seen and "Đã trả lại" in seen
    edit = f"/organizer/contests/{child}/send-up/{nomination_id}"
    fields = {"unit": "Quận Tây Hồ", "unit_type": "urban_district", "leader": "Nguyễn Văn Trưởng 1",
              "official": "Lê Văn An 1\nPhạm Thị Bình 1", "supporting": "Hoàng Văn Dũng",
              "contact_name": "Trần Thị Liên Hệ 1", "contact_phone": "0912 000 001",
              "model_title": "Mô hình “Dân vận khéo” số 1"}
    assert _post(district, edit, fields).status_code == 302
    _post(district, f"{edit}/submit", page=edit)
    approved = _post(city, f"{detail}/approve", page=detail)
    assert approved.status_code == 302
    assert "Đã duyệt" in city.get(detail).get_data(as_text=True)
    teams = city.get(f"/organizer/contests/{world.city_contest}/teams").get_data(as_text=True)
    assert "Quận Tây Hồ" in teams
    assert _status(app) == ["approved"]


# Refused: 403, or 404 where the staff guard hides a contest of a body the account has no access to.
REFUSED = (403, 404)


def test_each_side_is_closed_to_the_other_and_to_other_bodies(app: Flask, world: World) -> None:
    _district, nomination_id = _nominate_and_submit(app, world)
    child = world.district_contests["quan-1"]
    other = _login(app, "quan2")
    assert other.get(f"/organizer/contests/{child}/send-up").status_code in REFUSED
    assert other.get(f"/organizer/contests/{world.city_contest}/nominations").status_code in REFUSED
    city = _login(app, "thanhpho")
    assert city.get(f"/organizer/contests/{child}/send-up").status_code == 403  # it reads the child, no more
    district = _login(app, "quan1")
    detail = f"/organizer/contests/{world.city_contest}/nominations/{nomination_id}"
    assert district.get(detail).status_code in REFUSED
    token = csrf_token_from(district.get(f"/organizer/contests/{child}/send-up").get_data(as_text=True))
    assert district.post(f"{detail}/approve", data={"csrf_token": token}).status_code in REFUSED
    assert district.get("/organizer/bodies/ha-noi/pipeline").status_code in REFUSED
    assert _status(app) == ["submitted"]
    assert city.get(f"/organizer/contests/{world.district_contests['quan-2']}/send-up/{nomination_id}"
                    ).status_code == 403


def test_the_pipeline_shows_every_child_body_and_the_counts(app: Flask, world: World) -> None:
    _nominate_and_submit(app, world)
    city = _login(app, "thanhpho")
    page = city.get("/organizer/bodies/ha-noi/pipeline").get_data(as_text=True)
    assert "Tiến độ" in page and "Quận Tây Hồ" in page and "Huyện Đông Anh" in page
    assert "Đã công bố kết quả" in page and "Chờ quyết định" in page
    assert city.get("/organizer/bodies/khong-co/pipeline").status_code == 404
    assert _login(app, "quan1").get("/organizer/bodies/quan-1/pipeline").status_code == 200  # its own, empty
    assert _login(app, "quan2").get("/organizer/bodies/quan-1/pipeline").status_code in REFUSED  # a sibling


def test_a_parent_body_follows_a_child_body_s_pipeline_without_the_deciding_links(app: Flask, world: World) -> None:
    with app.app_context():
        body("quan-1-p1", "Phường Quảng An", db.session.get(Body, world.districts["quan-1"]), level="Phường")
        db.session.commit()
    city = _login(app, "thanhpho")
    own = city.get("/organizer/bodies/ha-noi/pipeline").get_data(as_text=True)
    assert "/organizer/bodies/quan-1/pipeline" in own  # Tây Hồ has a ward: its name leads down
    assert "/organizer/bodies/quan-2/pipeline" not in own  # Đông Anh has none
    assert "Chỉ xem" not in own and f"/organizer/contests/{world.city_contest}/nominations" in own
    below = city.get("/organizer/bodies/quan-1/pipeline")
    assert below.status_code == 200
    text = below.get_data(as_text=True)
    assert "Phường Quảng An" in text and "Chỉ xem: đơn vị này là cấp dưới của bạn" in text
    nominations = f"/organizer/contests/{world.district_contests['quan-1']}/nominations"
    assert nominations not in text  # deciding is the district's business
    district = _login(app, "quan1").get("/organizer/bodies/quan-1/pipeline").get_data(as_text=True)
    assert "Phường Quảng An" in district and "Chỉ xem" not in district and nominations in district


def _movement(children: int) -> None:
    """A city with ``children`` districts, each with a contest and a submitted nomination (no scoring)."""
    city = body("ha-noi", "Thành phố Hà Nội")
    parent = contest("ha-noi-2024", "Hội thi Thành phố 2024", city)
    staff("thanhpho", city)
    call = NominationCall(parent_contest_id=parent.id, is_open=True)
    db.session.add(call)
    db.session.flush()
    for i in range(children):
        district = body(f"quan-{i}", f"Quận {i}", city)
        row = contest(f"quan-{i}-2024", f"Hội thi Quận {i} 2024", district)
        row.feeds_contest_id, row.published = parent.id, i % 2 == 0
        db.session.add(Nomination(call_id=call.id, parent_contest_id=parent.id, child_body_id=district.id,
                                  child_contest_id=row.id, unit=district.name, team_name=f"Phường {i}",
                                  status="submitted" if i % 3 else "approved"))
    db.session.commit()


def _statements(app: Flask, children: int) -> int:
    with app.app_context():
        _movement(children)
    client = _login(app, "thanhpho")
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        page = client.get("/organizer/bodies/ha-noi/pipeline")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert page.status_code == 200 and f"Quận {children - 1}" in page.get_data(as_text=True)
    return len(seen)


def test_the_pipeline_runs_the_same_number_of_queries_for_3_and_30_child_bodies(tmp_path: Path) -> None:
    counts = []
    for children in (3, 30):
        folder = tmp_path / str(children)
        folder.mkdir(exist_ok=True)
        app = make_app(f"sqlite:///{folder / 'contest.db'}", str(folder / "instance"))
        with app.app_context():
            db.create_all()
        counts.append(_statements(app, children))
        with app.app_context():
            db.engine.dispose()
    print("pipeline statements for 3 and 30 child bodies:", counts)
    assert counts[0] == counts[1], counts
    assert counts[0] <= 20  # login, the account's roles and the staff guard included


def test_refusals_read_in_vietnamese_and_store_nothing(app: Flask, world: World) -> None:
    _district, _nomination_id = _nominate_and_submit(app, world)
    district = _login(app, "quan1")
    child = world.district_contests["quan-1"]
    page = f"/organizer/contests/{child}/send-up"
    with app.app_context():
        second = db.session.scalar(select(Team.id).filter_by(name="Phường Nhật Tân").join(Contest)
                                   .where(Contest.slug == child))
    refused = _post(district, f"{page}/nominate", {"team_id": second}, page=page)
    assert "Đã hết chỉ tiêu: 1 đội" in district.get(refused.location).get_data(as_text=True)
    with app.app_context():
        call = db.session.scalar(select(NominationCall))
        call.deadline = call.deadline.replace(year=2020)
        db.session.commit()
    other = _login(app, "quan2")
    page2 = f"/organizer/contests/{world.district_contests['quan-2']}/send-up"
    with app.app_context():
        winner = db.session.scalar(select(Team.id).filter_by(name="Phường Phú Thượng").join(Contest)
                                   .where(Contest.slug == world.district_contests["quan-2"]))
    late = _post(other, f"{page2}/nominate", {"team_id": winner}, page=page2)
    assert "không thể gửi hay sửa nữa" in other.get(late.location).get_data(as_text=True)
    assert _status(app) == ["submitted"]


def test_the_organizer_home_leads_a_parent_body_to_its_pipeline_and_no_one_else(app: Flask, world: World) -> None:
    home = _login(app, "thanhpho").get("/organizer/").get_data(as_text=True)
    assert "Tiến độ các đơn vị cấp dưới" in home and "/organizer/bodies/ha-noi/pipeline" in home
    district_home = _login(app, "quan1").get("/organizer/").get_data(as_text=True)  # no body under it
    assert "/pipeline" not in district_home
