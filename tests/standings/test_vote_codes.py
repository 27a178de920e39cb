"""The audience vote's two modes over HTTP: the open mode is labelled informal and shows votes per
address; the codes mode counts one vote per printed code, and the prize counts only the mode in force."""

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from contest.extensions import db
from contest.models import AuditEvent, Round
from contest.models.show_state import AudienceVote, VoteCode
from contest.services import accounts, ceremony, standings
from tests.conftest import csrf_token_from

BA_DINH, TAY_HO = "Quận Ba Đình", "Quận Tây Hồ"


@pytest.fixture
def desk(app, client, demo, login_organizer):
    login_organizer(client)
    token = csrf_token_from(client.get(f"/show/{demo.slug}").get_data(as_text=True))
    return lambda path, **form: client.post(path, data={"csrf_token": token, **form})


@pytest.fixture
def phone(app, demo):
    """A new phone each call: it opens the live page (with ``code`` from a card's QR link, if any)."""

    def open_page(code: str | None = None):  # type: ignore[no-untyped-def]
        http = app.test_client()
        page = http.get(f"/c/{demo.slug}/live" + (f"?code={code}" if code else ""))
        token = csrf_token_from(page.get_data(as_text=True))

        def vote(team: int, sent_code: str | None = code):  # type: ignore[no-untyped-def]
            body = {"team": team, **({"code": sent_code} if sent_code else {})}
            return http.post(f"/c/{demo.slug}/vote", json=body, headers={"X-CSRFToken": token})

        vote.page = page.get_data(as_text=True)
        return vote

    return open_page


def codes_of(app, contest_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(VoteCode.code).filter_by(contest_id=contest_id).order_by(VoteCode.id)))


def vote_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AudienceVote))


def test_the_open_mode_is_labelled_informal_and_shows_votes_per_address(app, client, demo, desk):
    desk(f"/show/{demo.slug}/voting", round="so-khao")
    http = app.test_client()
    token = csrf_token_from(http.get(f"/c/{demo.slug}/live").get_data(as_text=True))
    for number in range(12):  # one machine forging a new cookie for every vote
        http.set_cookie("dvk_voter", f"{number:032x}")
        assert http.post(f"/c/{demo.slug}/vote", json={"team": demo.teams[BA_DINH]},
                         headers={"X-CSRFToken": token}).status_code == 201
    page = client.get(f"/show/{demo.slug}").get_data(as_text=True)
    assert "Mở cho mọi điện thoại (không chính thức)" in page and "Bình chọn không chính thức" in page
    assert "Số phiếu theo địa chỉ mạng" in page
    assert client.get(f"/show/{demo.slug}/votes.json").get_json()["addresses"] == [["127.0.0.1", 12]]


def test_codes_are_made_printed_and_each_counts_once(app, client, demo, desk, phone):
    desk(f"/show/{demo.slug}/voting", round="so-khao")
    desk(f"/show/{demo.slug}/voting/mode", mode="codes")
    response = desk(f"/show/{demo.slug}/vote-codes", count="3", label="Đoàn Ba Đình")
    assert "Đã tạo 3 mã bình chọn" in client.get(response.headers["Location"]).get_data(as_text=True)
    first, second, third = codes_of(app, demo.contest_id)

    sheet = client.get(f"/show/{demo.slug}/vote-codes.pdf")
    assert sheet.status_code == 200 and sheet.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(sheet.data)).pages[0].extract_text()
    assert f"{first[:4]}-{first[4:]}" in text and "Đoàn Ba Đình 3" in text

    card = phone(first)
    assert "được tính một lần" in card.page
    assert card(demo.teams[BA_DINH]).status_code == 201
    again = phone(first)(demo.teams[TAY_HO])
    assert again.status_code == 409 and again.get_json()["message"] == "Mã bình chọn này đã được dùng."
    assert again.get_json()["team"] == demo.teams[BA_DINH]
    lowercase_with_dash = phone()(demo.teams[TAY_HO], f"{second[:4].lower()}-{second[4:].lower()}")
    assert lowercase_with_dash.status_code == 201
    assert vote_count(app) == 2
    assert client.get(f"/show/{demo.slug}/votes.json").get_json()["votes"] == {
        str(demo.teams[BA_DINH]): 1, str(demo.teams[TAY_HO]): 1}
    reprint = PdfReader(io.BytesIO(client.get(f"/show/{demo.slug}/vote-codes.pdf").data)).pages[0].extract_text()
    assert f"{third[:4]}-{third[4:]}" in reprint and f"{first[:4]}-{first[4:]}" not in reprint
    with app.app_context():
        actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"show.vote_mode", "vote.codes_made"} <= actions


@pytest.mark.parametrize(("code", "status", "message"), [
    (None, 403, "Cần mã in trên thẻ bình chọn của bạn"),
    ("ABCD-EFGH", 422, "Mã bình chọn này không tồn tại"),
    ("not a code at all", 422, "Mã bình chọn này không tồn tại"),
], ids=["no-code", "unknown-code", "malformed-code"])
def test_in_codes_mode_a_phone_without_a_valid_code_cannot_vote(app, demo, desk, phone, code, status, message):
    desk(f"/show/{demo.slug}/voting", round="so-khao")
    desk(f"/show/{demo.slug}/voting/mode", mode="codes")
    desk(f"/show/{demo.slug}/vote-codes", count="2", label="")
    response = phone()(demo.teams[BA_DINH], code)
    assert response.status_code == status and message in response.get_json()["message"]
    assert vote_count(app) == 0
    assert codes_of(app, demo.contest_id) and all(used is None for used in _used(app))


def _used(app) -> list:
    with app.app_context():
        return list(db.session.scalars(select(VoteCode.used_at)))


def test_the_phone_page_without_a_code_asks_for_one(demo, desk, phone):
    desk(f"/show/{demo.slug}/voting", round="so-khao")
    desk(f"/show/{demo.slug}/voting/mode", mode="codes")
    assert 'name="code"' in phone().page and "hoặc nhập mã tại đây" in phone().page


@pytest.mark.parametrize("count", ["0", "2001", "ba", "١٢"], ids=["zero", "too-many", "word", "arabic-digits"])
def test_a_wrong_number_of_codes_is_refused_with_the_limit(app, client, demo, desk, count):
    response = desk(f"/show/{demo.slug}/vote-codes", count=count, label="")
    assert "Nhập số lượng mã từ 1 đến 2000" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert codes_of(app, demo.contest_id) == []


def test_the_prize_counts_only_the_votes_of_the_mode_in_force(app, demo, desk, phone):
    desk(f"/show/{demo.slug}/voting", round="so-khao")
    for _ in range(3):
        assert phone()(demo.teams[TAY_HO]).status_code == 201  # informal votes, before the codes
    desk(f"/show/{demo.slug}/voting/mode", mode="codes")
    desk(f"/show/{demo.slug}/vote-codes", count="1", label="")
    (code,) = codes_of(app, demo.contest_id)
    assert phone(code)(demo.teams[BA_DINH]).status_code == 201
    with app.app_context():
        rnd = db.session.get(Round, demo.prelim)
        board = standings.round_board(rnd)
        votes = ceremony.vote_counts(rnd, {demo.teams[BA_DINH], demo.teams[TAY_HO]}, board)
    assert votes == {demo.teams[BA_DINH]: 1, demo.teams[TAY_HO]: 0}


def test_only_organizers_make_or_print_codes(app, client, demo, login_organizer):
    with app.app_context():
        accounts.create_user("thuky", "mat-khau-thu-ky-1", role="secretary")
        db.session.commit()
    login_organizer(client, "thuky", "mat-khau-thu-ky-1")
    token = csrf_token_from(client.get(f"/show/{demo.slug}").get_data(as_text=True))
    assert client.post(f"/show/{demo.slug}/vote-codes", data={"csrf_token": token, "count": "5"}).status_code == 403
    assert client.post(f"/show/{demo.slug}/voting/mode", data={"csrf_token": token, "mode": "codes"}).status_code == 403
    assert client.get(f"/show/{demo.slug}/vote-codes.pdf").status_code == 403
    assert codes_of(app, demo.contest_id) == []


def test_many_codes_print_in_parts_of_a_hundred_and_fifty(app, client, demo, desk):
    desk(f"/show/{demo.slug}/voting/mode", mode="codes")
    desk(f"/show/{demo.slug}/vote-codes", count="160", label="Khán đài A")
    console = client.get(f"/show/{demo.slug}").get_data(as_text=True)
    assert "Mã chưa dùng 1-150 (PDF)" in console and "Mã chưa dùng 151-160 (PDF)" in console
    second = PdfReader(io.BytesIO(client.get(f"/show/{demo.slug}/vote-codes.pdf?part=2").data))
    assert len(second.pages) == 1 and "Khán đài A 160" in second.pages[0].extract_text()
    assert client.get(f"/show/{demo.slug}/vote-codes.pdf?part=" + "9" * 5000).status_code == 200
