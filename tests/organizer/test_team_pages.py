"""Registering one team through the organizer's form, and editing it."""

import unicodedata

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import Entry, Member, Round, Team
from tests.organizer.setup_support import audit_actions, count, team_names

HANOI = "/organizer/contests/ha-noi-2024"
FRESH = "/organizer/contests/hai-phong-2025"

TEAM = {"name": "Quận Hồng Bàng", "unit_type": "urban_district", "home_cluster": "", "leader": "Dương Hồng Quyên",
        "official": "Dương Hồng Quyên\nLê Xuân Cường\nNgô Thu Nhung", "reserve": "Nguyễn Quang Đạt",
        "supporting": "Đinh Văn Tuấn", "contact_name": "Trịnh Xuân Khải", "contact_phone": "0225 3841 137",
        "contact_email": "", "model_title": "Vận động nhân dân chỉnh trang đô thị"}


def body(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def test_register_a_team_with_members_by_role(app, desk, fresh_contest, submit):
    response = submit(f"{FRESH}/teams/new", TEAM)
    assert response.status_code == 302, body(response)
    with app.app_context():
        team = db.session.scalar(select(Team).filter_by(name="Quận Hồng Bàng"))
        assert [(m.full_name, m.role) for m in team.members] == [
            ("Dương Hồng Quyên", "official"), ("Lê Xuân Cường", "official"), ("Ngô Thu Nhung", "official"),
            ("Nguyễn Quang Đạt", "reserve"), ("Đinh Văn Tuấn", "supporting")]
        assert team.entries == []  # the fresh contest has no round yet
    listing = body(desk.get(f"{FRESH}/teams"))
    assert "Quận Hồng Bàng" in listing and "3 / 1 / 1" in listing and "Dương Hồng Quyên" in listing
    assert audit_actions(app)[-1] == "team.create"


def test_a_new_team_enters_the_preliminary_round_without_a_cluster(app, demo_contest, submit):
    response = submit(f"{HANOI}/teams/new", {**TEAM, "name": "Ban Dân vận Thành ủy", "unit_type": "city_unit",
                                             "home_cluster": "cụm 6"})
    assert response.status_code == 302, body(response)
    with app.app_context():
        team = db.session.scalar(select(Team).filter_by(name="Ban Dân vận Thành ủy"))
        assert team.home_cluster == "Cụm 6"  # the cluster's own spelling
        (entry,) = team.entries
        assert (db.session.get(Round, entry.round_id).kind, entry.cluster_id) == ("preliminary", None)


@pytest.mark.parametrize("typed", ["Quận Tây Hồ", "quận  TÂY hồ ", unicodedata.normalize("NFD", "Quận Tây Hồ"),
                                   "Quận Tâ\u0443 Hồ", "Quận Tây Hồ".replace("T", "\u0422")],
                         ids=["same", "case-and-spaces", "nfd", "cyrillic-u", "cyrillic-capital-te"])
def test_a_duplicate_name_is_refused_naming_the_existing_team(app, demo_contest, submit, typed):
    before = count(app, Team)
    response = submit(f"{HANOI}/teams/new", {**TEAM, "name": typed})
    assert response.status_code == 200
    assert "Đội này đã được đăng ký với tên “Quận Tây Hồ”." in body(response)
    assert count(app, Team) == before


@pytest.mark.parametrize(("name", "chars"), [("Quận Tây\u202e Hồ mới", "U+202E"), ("Quận\u0007 Mới", "U+0007"),
                                             ("Quận \u2066Mới\u2069", "U+2066, U+2069")],
                         ids=["bidi-override", "bell", "isolates"])
def test_control_and_bidi_characters_are_refused(app, demo_contest, submit, name, chars):
    response = submit(f"{HANOI}/teams/new", {**TEAM, "name": name})
    assert f"Có ký tự điều khiển ẩn ({chars}); vui lòng gõ lại." in body(response)
    assert count(app, Team, name=name) == 0


@pytest.mark.parametrize(("name", "message"), [
    ("Quận Đống\u200dĐa", "Có ký tự điều khiển ẩn (U+200D); vui lòng gõ lại."),
    ("Quận Đống\u2028Đa", "Có dấu cách lạ hoặc ký tự xuống dòng (U+2028); vui lòng gõ lại bằng dấu cách thường."),
    ("Quận\u00a0Mới", "Có dấu cách lạ hoặc ký tự xuống dòng (U+00A0); vui lòng gõ lại bằng dấu cách thường."),
], ids=["zero-width-joiner", "line-separator", "no-break-space"])
def test_invisible_and_separator_characters_are_refused(app, demo_contest, submit, name, message):
    before = count(app, Team)
    response = submit(f"{HANOI}/teams/new", {**TEAM, "name": name})
    assert response.status_code == 200 and message in body(response)
    assert count(app, Team) == before


def test_a_name_with_other_vietnamese_marks_is_another_team(app, demo_contest, submit):
    """Quận Đống Đa exists in the demo: Quận Đông Đa differs by a tone mark, so it is a new name."""
    response = submit(f"{HANOI}/teams/new", {**TEAM, "name": "Quận Đông Đa"})
    assert response.status_code == 302, body(response)
    assert count(app, Team, name="Quận Đông Đa") == 1


def test_field_problems_are_shown_under_their_fields(app, demo_contest, submit):
    response = submit(f"{HANOI}/teams/new", {**TEAM, "name": "Huyện Mới", "unit_type": "rural_district",
                                             "home_cluster": "Cụm 9", "contact_phone": "gọi sau",
                                             "official": "Lê Hà\nlê  hà"})
    html = body(response)
    assert "Không có cụm “Cụm 9”. Các cụm của hội thi: Cụm 1, Cụm 2, Cụm 3, Cụm 4, Cụm 5, Cụm 6." in html
    assert "“gọi sau” không phải là số điện thoại." in html
    assert "Lê Hà bị ghi tên hai lần." in html
    assert count(app, Team, name="Huyện Mới") == 0


def test_edit_a_team_replaces_its_members_and_keeps_its_name_unique(app, desk, demo_contest, submit):
    with app.app_context():
        team_id = db.session.scalar(select(Team.id).filter_by(name="Quận Tây Hồ"))
    url = f"{HANOI}/teams/{team_id}"
    form = body(desk.get(url))
    assert "Đặng Thanh Hà" in form  # the current members are in the form
    clash = submit(url, {**TEAM, "name": "quận ba đình"})
    assert "Đội này đã được đăng ký với tên “Quận Ba Đình”." in body(clash)
    saved = submit(url, {**TEAM, "name": "Quận Tây Hồ", "official": "Đặng Thanh Hà\nBùi Thu Trang"})
    assert saved.status_code == 302
    with app.app_context():
        members = db.session.execute(select(Member.full_name, Member.role).filter_by(team_id=team_id)
                                     .order_by(Member.position)).all()
        assert [tuple(m) for m in members] == [("Đặng Thanh Hà", "official"), ("Bùi Thu Trang", "official"),
                                               ("Nguyễn Quang Đạt", "reserve"), ("Đinh Văn Tuấn", "supporting")]
        assert db.session.scalar(select(Entry.cluster_id).filter_by(team_id=team_id)) is not None  # placement kept
    assert audit_actions(app)[-1] == "team.update"


def test_a_team_of_another_contest_is_not_found(app, desk, demo_contest, fresh_contest, submit):
    submit(f"{FRESH}/teams/new", TEAM)
    with app.app_context():
        team_id = db.session.scalar(select(Team.id).filter_by(name="Quận Hồng Bàng"))
    assert desk.get(f"{HANOI}/teams/{team_id}").status_code == 404
    assert team_names(app, "hai-phong-2025") == ["Quận Hồng Bàng"]
