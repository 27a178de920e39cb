"""The organizer draws through the pages (CSRF, Vietnamese), the public checks the record."""

import io
import re

import pytest
from pypdf import PdfReader

from contest.extensions import db, socketio
from contest.models import Entry
from contest.models.draws import Draw
from tests.conftest import csrf_token_from

BASE = "/organizer/contests/ha-noi-2024/draws"


@pytest.fixture
def organizer(client, login_organizer):
    return login_organizer(client)


def post(client, url: str, data: dict, page: str = BASE):
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def draw_clusters(client, seed: str = "3 1 4 1 5", **extra: str) -> int:
    response = post(client, f"{BASE}/so-khao/clusters",
                    {"seed": seed, "stratify": "y", "use_pots": "y", "draw_typed": "1", **extra})  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_the_draw_page_is_for_organizers_only(client, demo_contest):
    assert client.get(BASE).status_code == 302  # to the login page
    assert client.post(f"{BASE}/so-khao/clusters", data={"seed": "1"}).status_code in (302, 400)


def test_a_typed_seed_gives_a_preview_in_vietnamese(organizer):
    draw_id = draw_clusters(organizer)
    page = organizer.get(f"{BASE}/{draw_id}").get_data(as_text=True)
    assert "Bốc thăm chia cụm" in page and "Bản xem trước" in page
    assert "3 1 4 1 5" in page and "Phiên bản thuật toán" in page
    assert page.count('class="cluster"') == 6


def test_without_a_seed_one_is_generated(organizer, app):
    response = post(organizer, f"{BASE}/so-khao/running-order", {"draw_generated": "1"})
    assert response.status_code == 302
    with app.app_context():
        record = db.session.scalars(db.select(Draw)).one()
        assert record.seed_source == "generated" and re.fullmatch(r"(\d{5} ){3}\d{5}", record.seed)


def test_an_unknown_team_in_a_separation_is_shown_under_the_field(organizer):
    response = post(organizer, f"{BASE}/so-khao/clusters",
                    {"seed": "1", "separations": "Quận Tây Hồ; Quận Không Tồn Tại", "draw_typed": "1"})  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Dòng 1: vòng thi này không có đội nào tên “Quận Không Tồn Tại”." in page
    assert "Quận Không Tồn Tại" in page.split("<textarea", 1)[1]  # what was typed is kept


def test_confirm_then_step_the_projector_then_move_with_a_reason(organizer, app):
    draw_id = draw_clusters(organizer)
    detail = f"{BASE}/{draw_id}"
    assert post(organizer, f"{detail}/confirm", {}, detail).status_code == 302
    for _ in range(3):
        post(organizer, f"{detail}/reveal", {"action": "next"}, detail)
    page = organizer.get(detail).get_data(as_text=True)
    assert "Đã xác nhận" in page and "<strong>3</strong> / 35" in page
    index = organizer.get(BASE).get_data(as_text=True)
    assert f"Đã xác nhận theo lần bốc thăm số {draw_id}" in index and "Xếp theo cụm thi đua" not in index
    with app.app_context():
        entry = db.session.scalars(db.select(Entry).order_by(Entry.id)).first()
        target = next(c for c in entry.round.clusters if c.id != entry.cluster_id)
        team_id, target_id, target_name = entry.team_id, target.id, target.name
    refused = post(organizer, f"{detail}/move", {"team_id": team_id, "cluster_id": target_id, "reason": " "}, detail)
    assert "Hãy ghi lý do chuyển đội" in organizer.get(refused.headers["Location"]).get_data(as_text=True)
    post(organizer, f"{detail}/move", {"team_id": team_id, "cluster_id": target_id, "reason": "Đổi lịch"}, detail)
    record = organizer.get(f"/c/ha-noi-2024/draws/{draw_id}").get_data(as_text=True)
    assert f"sang {target_name}; lý do: Đổi lịch" in record
    assert "Đã kiểm tra: tính lại từ hồ sơ lần bốc thăm cho đúng kết quả đã ghi." in record


def test_unmet_separations_need_the_box_ticked(organizer):
    seven = "; ".join(["Quận Ba Đình", "Quận Hoàn Kiếm", "Quận Tây Hồ", "Quận Long Biên", "Quận Cầu Giấy",
                       "Quận Đống Đa", "Quận Hai Bà Trưng"])  # fmt: skip
    draw_id = draw_clusters(organizer, separations=seven)
    detail = f"{BASE}/{draw_id}"
    assert "Số đội cần tách nhiều hơn số cụm thi." in organizer.get(detail).get_data(as_text=True)
    refused = post(organizer, f"{detail}/confirm", {}, detail)
    assert "đánh dấu ô xác nhận" in organizer.get(refused.headers["Location"]).get_data(as_text=True)
    post(organizer, f"{detail}/confirm", {"accept_unmet": "y"}, detail)
    assert "Đã xác nhận" in organizer.get(detail).get_data(as_text=True)


def test_the_public_record_shows_a_tampered_draw_as_not_matching(organizer, app):
    draw_id = draw_clusters(organizer)
    with app.app_context():
        record = db.session.get(Draw, draw_id)
        steps = [dict(s) for s in record.result["steps"]]
        steps[0], steps[1] = {**steps[0], "team": steps[1]["team"]}, {**steps[1], "team": steps[0]["team"]}
        record.result = {**record.result, "steps": steps}
        db.session.commit()
    page = organizer.get(f"/c/ha-noi-2024/draws/{draw_id}").get_data(as_text=True)
    assert "Không khớp" in page


def test_projector_pages_carry_the_revealed_state(organizer):
    draw_id = draw_clusters(organizer)
    assert organizer.get(f"/c/ha-noi-2024/draws/{draw_id}/state").get_json() is None  # not confirmed yet
    detail = f"{BASE}/{draw_id}"
    post(organizer, f"{detail}/confirm", {}, detail)
    post(organizer, f"{detail}/reveal", {"action": "next"}, detail)
    state = organizer.get("/c/ha-noi-2024/draw-screen/state").get_json()
    assert state["draw_id"] == draw_id and state["revealed"] == 1 and len(state["steps"]) == 1
    screen = organizer.get("/c/ha-noi-2024/draw-screen").get_data(as_text=True)
    assert "Chờ bốc thăm" in screen and '"follow": true' in screen


def test_the_printed_result_lists_clusters_venues_and_the_seed(organizer):
    draw_id = draw_clusters(organizer, seed="2 7 1 8")
    detail = f"{BASE}/{draw_id}"
    post(organizer, f"{detail}/confirm", {}, detail)
    response = organizer.get(f"{BASE}/so-khao/result.pdf")
    assert response.mimetype == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "KẾT QUẢ BỐC THĂM" in text and "Trung tâm Văn hóa quận Tây Hồ" in text
    assert "“2 7 1 8”" in text and f"contest draw verify {draw_id}" in text
    assert text.count("Quận Tây Hồ") >= 1 and "Đơn vị trực thuộc" in text


def test_each_step_is_pushed_to_the_contests_public_room(organizer, app):
    viewer = socketio.test_client(app, auth={"contest": "ha-noi-2024"})
    assert viewer.is_connected()
    draw_id = draw_clusters(organizer)
    detail = f"{BASE}/{draw_id}"
    post(organizer, f"{detail}/confirm", {}, detail)
    post(organizer, f"{detail}/reveal", {"action": "next"}, detail)
    post(organizer, f"{detail}/reveal", {"action": "next"}, detail)
    pushes = [e["args"][0] for e in viewer.get_received() if e["name"] == "draw.reveal"]
    assert [p["revealed"] for p in pushes] == [0, 1, 2]  # confirm, then each step
    assert pushes[-1]["draw_id"] == draw_id and len(pushes[-1]["steps"]) == 2 and pushes[-1]["total"] == 35
    viewer.disconnect()
