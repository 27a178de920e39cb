"""Units register their own team through a private link; the organizer approves or returns it."""

import hashlib
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from contest.domain.contest_rules import RoundSpec
from contest.extensions import db
from contest.models import AuditEvent, Contest, Entry, Registration, Round, Team, User
from contest.services import contest_setup
from tests.conftest import csrf_token_from
from tests.organizer.setup_support import audit_actions, count

FRESH = "/organizer/contests/hai-phong-2025"
UNIT_FORM = {"leader": "Dương Hồng Quyên", "official": "Dương Hồng Quyên\nLê Xuân Cường\nNgô Thu Nhung",
             "reserve": "Nguyễn Quang Đạt", "supporting": "Đinh Văn Tuấn", "contact_name": "Trịnh Xuân Khải",
             "contact_phone": "0225 3841 137", "contact_email": "bandanvan@hongbang.haiphong.gov.vn",
             "model_title": "Vận động nhân dân chỉnh trang đô thị"}


def body(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def utc_naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


@pytest.fixture
def open_contest(app, fresh_contest, submit):  # type: ignore[no-untyped-def]
    """The fresh contest with a preliminary round and registration open for a week."""
    with app.app_context():
        contest = db.session.scalar(select(Contest).filter_by(slug=fresh_contest))
        organizer = db.session.scalar(select(User).filter_by(username="bantochuc"))
        contest_setup.create_round(contest, RoundSpec(name="Vòng sơ khảo", slug="so-khao", kind="preliminary"),
                                   organizer)
        db.session.commit()
    deadline = (datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")) + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    response = submit(f"{FRESH}/registrations", {"registration_open": "y", "deadline": deadline},
                      action=f"{FRESH}/registrations/window")
    assert response.status_code == 302, body(response)
    return fresh_contest


@pytest.fixture
def invite(submit):  # type: ignore[no-untyped-def]
    """invite(unit name, unit type) -> the private link's path, as shown (once) to the organizer."""

    def make(name: str, unit_type: str = "urban_district") -> str:
        page = submit(f"{FRESH}/registrations", {"unit_name": name, "unit_type": unit_type},
                      action=f"{FRESH}/registrations/invite")
        assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
        link = re.search(r'value="(http://[^"]+/register/[^"]+)"', body(page))[1]
        return link.removeprefix("http://localhost")

    return make


def send(client, path: str, data: dict):  # type: ignore[no-untyped-def]
    """A unit's contact fills in the form behind its link (no login)."""
    token = csrf_token_from(body(client.get(path)))
    return client.post(path, data={**data, "csrf_token": token})


def registration(app, unit_name: str) -> Registration:  # type: ignore[no-untyped-def]
    with app.app_context():
        found = db.session.scalar(select(Registration).filter_by(unit_name=unit_name))
        db.session.expunge(found)
        return found


def test_opening_needs_a_future_deadline_typed_in_hanoi_time(app, fresh_contest, submit):
    url = f"{FRESH}/registrations"
    refused = submit(url, {"registration_open": "y", "deadline": ""}, action=f"{url}/window")
    assert "Hãy đặt hạn chót để mở đăng ký." in body(refused)
    past = submit(url, {"registration_open": "y", "deadline": "2024-07-15T17:00"}, action=f"{url}/window")
    assert "Hạn chót phải là một thời điểm trong tương lai." in body(past)
    saved = submit(url, {"registration_open": "y", "deadline": "2030-07-15T17:00"}, action=f"{url}/window")
    assert saved.status_code == 302
    with app.app_context():
        contest = db.session.scalar(select(Contest).filter_by(slug=fresh_contest))
        assert (contest.registration_open, contest.registration_deadline) == (True, datetime(2030, 7, 15, 10, 0))
    assert audit_actions(app)[-1] == "registration.window"


def test_the_link_is_shown_once_and_only_its_hash_is_stored(app, desk, open_contest, invite):
    path = invite("Quận Hồng Bàng")
    token = path.rsplit("/", 1)[1]
    found = registration(app, "Quận Hồng Bàng")
    assert found.status == "invited" and found.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in body(desk.get(f"{FRESH}/registrations"))
    assert token not in body(desk.get(f"{FRESH}/registrations/{found.id}"))
    with app.app_context():
        assert all(token not in str(e.new) for e in db.session.scalars(select(AuditEvent)))
    assert "registration.invite" in audit_actions(app)


def test_a_unit_already_registered_or_invited_cannot_be_invited_again(app, demo_contest, open_contest, invite,
                                                                     submit):
    invite("Quận Hồng Bàng")
    again = submit(f"{FRESH}/registrations", {"unit_name": "quận hồng  bàng", "unit_type": "urban_district"},
                   action=f"{FRESH}/registrations/invite")
    assert "“Quận Hồng Bàng” đã được mời hoặc đã đăng ký." in body(again)
    hanoi = submit("/organizer/contests/ha-noi-2024/registrations", {"unit_name": "Huyện Ba Vì",
                                                                      "unit_type": "rural_district"},
                   action="/organizer/contests/ha-noi-2024/registrations/invite")
    assert "Đội này đã được đăng ký với tên “Huyện Ba Vì”." in body(hanoi)
    lookalike = submit(f"{FRESH}/registrations", {"unit_name": "Quận Hồng Bàng".replace("o", "\u043e"),
                                                  "unit_type": "urban_district"},
                       action=f"{FRESH}/registrations/invite")
    assert "“Quận Hồng Bàng” đã được mời hoặc đã đăng ký." in body(lookalike)
    assert count(app, Registration) == 1


def test_a_unit_fills_in_its_team_without_logging_in(app, desk, open_contest, invite):
    path = invite("Quận Hồng Bàng")
    unit = app.test_client()
    page = unit.get(path)
    assert page.status_code == 200 and "Đăng ký đội thi" in body(page) and "Quận Hồng Bàng" in body(page)
    assert page.headers["Referrer-Policy"] == "no-referrer" and page.headers["Cache-Control"] == "no-store"
    response = send(unit, path, UNIT_FORM)
    assert response.status_code == 303
    assert "Hồ sơ đăng ký đã được tiếp nhận" in body(unit.get(path))
    found = registration(app, "Quận Hồng Bàng")
    assert found.status == "submitted" and found.payload["leader"] == "Dương Hồng Quyên"
    listing = body(desk.get(f"{FRESH}/registrations"))
    assert "Quận Hồng Bàng" in listing and "Đã gửi" in listing
    assert unit.get("/organizer/").status_code == 302  # the link opens nothing else
    assert audit_actions(app)[-1] == "registration.submit"


def test_an_incomplete_submission_is_refused_field_by_field(app, open_contest, invite):
    path = invite("Quận Hồng Bàng")
    response = send(app.test_client(), path, {**UNIT_FORM, "official": "", "contact_phone": "không có"})
    html = body(response)
    assert "Hãy ghi ít nhất một thành viên chính thức." in html
    assert "“không có” không phải là số điện thoại." in html
    assert registration(app, "Quận Hồng Bàng").status == "invited"


def test_a_unit_never_sees_another_units_registration(app, open_contest, invite):
    first, second = invite("Quận Hồng Bàng"), invite("Huyện An Lão", "rural_district")
    send(app.test_client(), second, {**UNIT_FORM, "leader": "Phạm Hồng Oanh", "official": "Phạm Hồng Oanh",
                                     "contact_name": "Vũ Minh Mai"})
    page = body(app.test_client().get(first))
    assert "Quận Hồng Bàng" in page
    assert "Huyện An Lão" not in page and "Phạm Hồng Oanh" not in page and "Vũ Minh Mai" not in page
    token = first.rsplit("/", 1)[1]
    for wrong in (token[:-1] + ("A" if token[-1] != "A" else "B"), token[:20], "x" * 43, token.upper()):
        assert app.test_client().get(f"/register/{wrong}").status_code == 404


def test_after_the_deadline_a_submission_is_refused_with_the_deadline(app, open_contest, invite):
    path = invite("Quận Hồng Bàng")
    deadline = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=2)
    with app.app_context():
        contest = db.session.scalar(select(Contest).filter_by(slug=open_contest))
        contest.registration_deadline = utc_naive(deadline)
        db.session.commit()
    shown = deadline.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%H:%M %d/%m/%Y")
    message = f"Hạn đăng ký đã kết thúc lúc {shown}; hệ thống không nhận hồ sơ nữa."
    unit = app.test_client()
    assert message in body(unit.get(path))
    token = csrf_token_from(body(unit.get(path)))
    refused = unit.post(path, data={**UNIT_FORM, "csrf_token": token})
    assert message in body(refused)
    assert registration(app, "Quận Hồng Bàng").status == "invited"


def test_a_closed_registration_refuses_submissions(app, open_contest, invite, submit):
    path = invite("Quận Hồng Bàng")
    submit(f"{FRESH}/registrations", {"deadline": ""}, action=f"{FRESH}/registrations/window")
    response = send(app.test_client(), path, UNIT_FORM)
    assert "Hội thi chưa mở hoặc đã đóng đăng ký trực tuyến." in body(response)
    assert registration(app, "Quận Hồng Bàng").status == "invited"


def test_approval_creates_the_team_and_its_preliminary_entry(app, desk, open_contest, invite, submit):
    path = invite("Quận Hồng Bàng")
    send(app.test_client(), path, UNIT_FORM)
    found = registration(app, "Quận Hồng Bàng")
    detail = f"{FRESH}/registrations/{found.id}"
    assert "Lê Xuân Cường" in body(desk.get(detail))
    approved = submit(detail, {}, action=f"{detail}/approve")
    assert approved.status_code == 302
    with app.app_context():
        team = db.session.scalar(select(Team).filter_by(name="Quận Hồng Bàng"))
        assert [m.full_name for m in team.members if m.role == "official"] == [
            "Dương Hồng Quyên", "Lê Xuân Cường", "Ngô Thu Nhung"]
        entry = db.session.scalar(select(Entry).filter_by(team_id=team.id))
        assert db.session.get(Round, entry.round_id).kind == "preliminary" and entry.cluster_id is None
        assert db.session.get(Registration, found.id).team_id == team.id
    assert "Đội thi của đơn vị đã được đăng ký." in body(app.test_client().get(path))
    late = send(app.test_client(), path, {**UNIT_FORM, "leader": "Người khác"})
    assert "Hồ sơ đăng ký đã được duyệt, không thể sửa nữa." in body(late)
    actions = audit_actions(app)
    assert actions.index("team.create") == actions.index("registration.approve") - 1


def test_return_with_a_reason_then_the_unit_corrects_it(app, desk, open_contest, invite, submit):
    path = invite("Quận Hồng Bàng")
    send(app.test_client(), path, {**UNIT_FORM, "reserve": ""})
    found = registration(app, "Quận Hồng Bàng")
    detail = f"{FRESH}/registrations/{found.id}"
    no_reason = submit(detail, {"reason": "  "}, action=f"{detail}/return")
    assert "Hãy ghi rõ đơn vị cần sửa nội dung gì." in body(no_reason)
    submit(detail, {"reason": "Đề nghị bổ sung thành viên dự bị."}, action=f"{detail}/return")
    assert registration(app, "Quận Hồng Bàng").status == "returned"
    unit_page = body(app.test_client().get(path))
    assert "Ban Tổ chức đề nghị đơn vị bổ sung, sửa chữa hồ sơ:" in unit_page
    assert "Đề nghị bổ sung thành viên dự bị." in unit_page
    assert "Đã trả lại" in body(desk.get(f"{FRESH}/registrations"))
    send(app.test_client(), path, UNIT_FORM)
    assert registration(app, "Quận Hồng Bàng").status == "submitted"
    assert count(app, Team, name="Quận Hồng Bàng") == 0
    assert "registration.return" in audit_actions(app)


def test_approving_a_unit_whose_team_now_exists_is_refused(app, desk, open_contest, invite, submit):
    path = invite("Quận Hồng Bàng")
    send(app.test_client(), path, UNIT_FORM)
    submit(f"{FRESH}/teams/new", {**UNIT_FORM, "name": "Quận  Hồng Bàng", "unit_type": "urban_district",
                                  "home_cluster": ""})
    found = registration(app, "Quận Hồng Bàng")
    detail = f"{FRESH}/registrations/{found.id}"
    submit(detail, {}, action=f"{detail}/approve")
    assert "Đội này đã được đăng ký với tên “Quận  Hồng Bàng”." in body(desk.get(detail))
    assert registration(app, "Quận Hồng Bàng").status == "submitted"


def test_a_new_link_replaces_the_old_one(app, open_contest, invite, submit):
    old = invite("Quận Hồng Bàng")
    found = registration(app, "Quận Hồng Bàng")
    detail = f"{FRESH}/registrations/{found.id}"
    page = submit(detail, {}, action=f"{detail}/reissue")
    new = re.search(r'value="http://localhost(/register/[^"]+)"', body(page))[1]
    assert new != old
    assert app.test_client().get(old).status_code == 404
    assert app.test_client().get(new).status_code == 200
    assert "registration.reissue" in audit_actions(app)


def test_an_invitation_is_withdrawn_until_it_is_approved(app, desk, open_contest, invite, submit):
    path = invite("Quận Hồng Bàng")
    send(app.test_client(), path, UNIT_FORM)
    found = registration(app, "Quận Hồng Bàng")
    detail = f"{FRESH}/registrations/{found.id}"
    done = submit(detail, {}, action=f"{detail}/withdraw", follow_redirects=True)
    assert "Đã thu hồi lời mời gửi Quận Hồng Bàng" in body(done)
    assert count(app, Registration, unit_name="Quận Hồng Bàng") == 0
    assert app.test_client().get(path).status_code == 404
    assert audit_actions(app)[-1] == "registration.withdraw"
    invite("Quận Hồng Bàng")  # the unit can be invited again

    send(app.test_client(), invite("Quận Lê Chân"), UNIT_FORM)
    approved = registration(app, "Quận Lê Chân")
    page = f"{FRESH}/registrations/{approved.id}"
    submit(page, {}, action=f"{page}/approve")
    assert "Thu hồi lời mời" not in body(desk.get(page))
    refused = submit(page, {}, action=f"{page}/withdraw", follow_redirects=True)
    assert "Hồ sơ đăng ký đã được duyệt, không thể sửa nữa." in body(refused)
    assert count(app, Registration, unit_name="Quận Lê Chân") == 1

