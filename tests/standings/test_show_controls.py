"""The organizer's console and the phones' vote over HTTP: who may do what, what each button changes,
one vote per phone, advancement applied once, prizes by tier."""

import pytest
from sqlalchemy import func, select

from contest.extensions import db
from contest.models import AuditEvent, Entry, User
from contest.models.show_state import AudienceVote, BoardState, Finalist, ShowSettings
from contest.services import accounts
from tests.conftest import csrf_token_from

BA_DINH = "Quận Ba Đình"


@pytest.fixture
def desk(app, client, demo, login_organizer):
    """The logged-in organizer and the CSRF token of their pages."""
    login_organizer(client)
    token = csrf_token_from(client.get(f"/show/{demo.slug}").get_data(as_text=True))
    return lambda path, **form: client.post(path, data={"csrf_token": token, **form})


def test_the_console_is_for_staff_only(client, demo):
    assert client.get(f"/show/{demo.slug}").status_code == 302  # to the login page
    assert client.get(f"/show/{demo.slug}/rounds/so-khao/board.json").status_code == 302


def test_a_secretary_sees_the_console_but_cannot_freeze(app, client, demo, login_organizer):
    with app.app_context():
        accounts.create_user("thuky", "mat-khau-thu-ky-1", role="secretary")
        db.session.commit()
    login_organizer(client, "thuky", "mat-khau-thu-ky-1")
    page = client.get(f"/show/{demo.slug}")
    assert page.status_code == 200
    token = csrf_token_from(page.get_data(as_text=True))
    response = client.post(f"/show/{demo.slug}/rounds/so-khao/mode", data={"csrf_token": token, "mode": "frozen"})
    assert response.status_code == 403


@pytest.mark.parametrize(("mode", "label"), [("frozen", "Tạm dừng cập nhật"), ("hidden", "Đang ẩn điểm")],
                         ids=["freeze", "hide"])
def test_the_organizer_changes_the_public_board_and_it_is_audited(app, client, demo, desk, mode, label):
    response = desk(f"/show/{demo.slug}/rounds/so-khao/mode", mode=mode)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert label in page
    with app.app_context():
        assert db.session.get(BoardState, demo.prelim).mode == mode
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).filter_by(action="board.mode")) == 1


def test_an_unknown_mode_is_refused_with_a_message(client, demo, desk):
    response = desk(f"/show/{demo.slug}/rounds/so-khao/mode", mode="party")
    assert "Chế độ bảng điểm không hợp lệ" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_reveal_needs_complete_standings(client, demo, desk):
    response = desk(f"/show/{demo.slug}/rounds/so-khao/reveal", cluster=str(demo.clusters["Cụm 1"]))
    assert "Vẫn còn thiếu điểm" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_step_is_sent_only_once_even_if_the_button_is_pressed_twice(app, client, demo, desk, fill_round):
    fill_round()
    desk(f"/show/{demo.slug}/rounds/so-khao/reveal", cluster=str(demo.clusters["Cụm 1"]), by="team")
    page = client.get(f"/show/{demo.slug}?round=so-khao").get_data(as_text=True)
    assert "Bước tiếp theo (chỉ bạn nhìn thấy)" in page
    for _ in range(2):
        desk(f"/show/{demo.slug}/rounds/so-khao/reveal/next", step="0")
    with app.app_context():
        assert db.session.get(BoardState, demo.prelim).revealed_steps == 1


def test_screens_follow_the_chosen_cluster(app, client, demo, desk):
    desk(f"/show/{demo.slug}/follow", round="so-khao", cluster=str(demo.clusters["Cụm 3"]))
    show = client.get(f"/api/v1/contests/{demo.slug}/show").get_json()
    assert show["round"] == demo.prelim and show["cluster"] == demo.clusters["Cụm 3"] and show["v"] == 1


@pytest.fixture
def phone(app, demo):
    """A phone that opened the live page: it holds the voter cookie and a CSRF token."""
    http = app.test_client()
    token = csrf_token_from(http.get(f"/c/{demo.slug}/live").get_data(as_text=True))
    return lambda team: http.post(f"/c/{demo.slug}/vote", json={"team": team}, headers={"X-CSRFToken": token})


def test_one_vote_per_phone_only_while_voting_is_open(app, client, demo, desk, phone):
    assert phone(demo.teams[BA_DINH]).status_code == 403
    desk(f"/show/{demo.slug}/voting", round="so-khao")
    assert phone(demo.teams[BA_DINH]).status_code == 201
    again = phone(demo.teams["Quận Tây Hồ"])
    assert again.status_code == 409 and again.get_json()["team"] == demo.teams[BA_DINH]
    assert "đã bình chọn" in again.get_json()["message"]
    assert phone(999999).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AudienceVote)) == 1
    counts = client.get(f"/show/{demo.slug}/votes.json").get_json()["votes"]
    assert counts == {str(demo.teams[BA_DINH]): 1}


def test_a_vote_without_the_phone_cookie_is_refused(app, demo, desk):
    desk(f"/show/{demo.slug}/voting", round="so-khao")
    http = app.test_client()
    token = csrf_token_from(http.get(f"/c/{demo.slug}/live").get_data(as_text=True))
    http.delete_cookie("dvk_voter")
    response = http.post(f"/c/{demo.slug}/vote", json={"team": demo.teams[BA_DINH]}, headers={"X-CSRFToken": token})
    assert response.status_code == 400


def test_advancement_creates_the_final_entries_once_with_a_named_reserve(app, client, demo, desk, fill_round):
    fill_round()
    preview = client.get(f"/show/{demo.slug}/rounds/so-khao/advancement").get_data(as_text=True)
    assert "Đưa các đội này vào Vòng chung khảo" in preview
    response = desk(f"/show/{demo.slug}/rounds/so-khao/advancement")
    assert response.status_code == 302
    with app.app_context():
        final_entries = db.session.scalar(select(func.count()).select_from(Entry)
                                          .filter_by(round_id=demo.rounds["chung-khao"]))
        rows = db.session.scalars(select(Finalist).filter_by(from_round_id=demo.prelim)).all()
    assert final_entries == 6
    assert sorted(r.reason for r in rows) == ["cluster_top"] * 6 + ["reserve"]
    assert {r.cluster_id for r in rows if r.reason == "cluster_top"} == set(demo.clusters.values())
    desk(f"/show/{demo.slug}/rounds/so-khao/advancement")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Entry).filter_by(
            round_id=demo.rounds["chung-khao"])) == 6
    page = client.get(f"/show/{demo.slug}/rounds/so-khao/advancement").get_data(as_text=True)
    assert "Vòng tiếp theo đã có danh sách đội thi" in page and "Giải Nhất cụm" in page


def test_the_overlay_and_voting_are_pushed_as_show_settings(app, client, demo, desk):
    desk(f"/show/{demo.slug}/overlay", view="slate")
    desk(f"/show/{demo.slug}/voting", round="so-khao")
    with app.app_context():
        settings = db.session.get(ShowSettings, demo.contest_id)
        assert (settings.overlay, settings.voting_open, settings.version) == ("slate", True, 2)
        organizer = db.session.scalar(select(User).filter_by(username="bantochuc"))
        assert [held.role for held in organizer.body_roles] == ["organizer"]
