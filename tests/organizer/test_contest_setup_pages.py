"""An organizer sets up a contest through the pages: contest, rounds, clusters, parts, rubric,
ranking rules, prizes. Refusals read in Vietnamese and change nothing; every write is audited."""

import pytest
from sqlalchemy import select

from contest.domain import contest_rules as rules
from contest.domain import registration as reg_rules
from contest.domain.teams import MEMBER_ROLES, UNIT_TYPES
from contest.extensions import db
from contest.models import AuditEvent, Cluster, Contest, Criterion, Part, PrizeTier, Round
from contest.models import contest as contest_models
from contest.models import teams as team_models
from tests.organizer.setup_support import audit_actions, contest_id, count

BASE = "/organizer/contests/hai-phong-2025"


def body(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def round_id(app, slug: str, kind: str) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        cid = db.session.scalar(select(Contest.id).filter_by(slug=slug))
        return db.session.scalar(select(Round.id).filter_by(contest_id=cid, kind=kind))


@pytest.fixture
def preliminary(app, fresh_contest, submit):  # type: ignore[no-untyped-def]
    """The fresh contest with a preliminary round (venue and date) and its id."""
    response = submit(f"{BASE}/rounds/new", {"name": "Vòng sơ khảo", "kind": "preliminary", "slug": "",
                                             "venue": "Tại 4 cụm thi", "held_on": "2025-08-20"})
    assert response.status_code == 302, body(response)
    return round_id(app, fresh_contest, "preliminary")


PART = {"name": "Tiểu phẩm", "code": "skit", "order": "4", "max_points": "40", "step": "0,25",
        "weight_percent": "100", "scoring_mode": "panel", "quiz_questions": "", "quiz_points": "",
        "time_limit": "8:00", "penalty_kind": "bands", "bands-0-below": "60", "bands-0-points": "0,25",
        "bands-1-below": "", "bands-1-points": "0,5", "bands-2-below": "", "bands-2-points": "", "per_minute": ""}


def test_domain_choices_mirror_the_models():
    assert rules.ROUND_KINDS == contest_models.ROUND_KINDS
    assert rules.SCORING_MODES == contest_models.SCORING_MODES
    assert rules.AGGREGATIONS == contest_models.AGGREGATIONS
    assert rules.PRIZE_KINDS == contest_models.PRIZE_KINDS
    assert (UNIT_TYPES, MEMBER_ROLES) == (team_models.UNIT_TYPES, team_models.MEMBER_ROLES)
    assert reg_rules.STATES == team_models.REGISTRATION_STATES


def test_setup_pages_need_an_organizer_login(client, demo_contest):
    for url in ("/organizer/contests/new", "/organizer/contests/ha-noi-2024/rounds",
                "/organizer/contests/ha-noi-2024/teams", "/organizer/contests/ha-noi-2024/registrations"):
        assert client.get(url).status_code == 302


def test_a_post_without_csrf_token_is_refused(app, desk, demo_contest):
    response = desk.post("/organizer/contests/new", data={"name": "Hội thi", "year": "2025"})
    assert response.status_code == 400
    assert count(app, Contest) == 1


def test_create_a_contest_then_edit_it(app, desk, demo_contest, submit):
    response = submit("/organizer/contests/new", {
        "name": "Hội thi “Dân vận khéo” huyện Ba Vì năm 2025", "organizer_body": "Ban Dân vận Huyện ủy Ba Vì",
        "year": "2025", "place": "Ba Vì", "slug": "", "description": ""})
    assert response.status_code == 302
    slug = "hoi-thi-dan-van-kheo-huyen-ba-vi-nam-2025"  # made from the name, which already has the year
    assert response.headers["Location"].endswith(f"/organizer/contests/{slug}/rounds")
    assert "Hội thi “Dân vận khéo” huyện Ba Vì năm 2025" in body(desk.get("/organizer/"))
    url = f"/organizer/contests/{slug}/edit"
    response = submit(url, {"name": "Hội thi “Dân vận khéo” huyện Ba Vì", "organizer_body": "Ban Dân vận Huyện ủy",
                            "year": "2025", "place": "Ba Vì", "slug": "ba-vi-2025", "description": ""})
    assert response.headers["Location"].endswith("/organizer/contests/ba-vi-2025/edit")
    assert audit_actions(app)[-2:] == ["contest.create", "contest.update"]


def test_a_new_contest_stays_off_the_portal_until_its_organizer_lists_it(app, desk, demo_contest, submit):
    fields = {"name": "Hội thi huyện Ba Vì năm 2025", "organizer_body": "", "year": "2025", "place": "",
              "slug": "ba-vi-2025", "description": ""}
    assert submit("/organizer/contests/new", fields).status_code == 302
    form = body(desk.get("/organizer/contests/ba-vi-2025/edit"))
    assert "Hiện trên cổng thông tin công khai" in form and 'name="listed"' in form and "checked" not in form
    assert "ba-vi-2025" not in body(desk.get("/")) and desk.get("/c/ba-vi-2025").status_code == 200
    assert body(desk.get("/organizer/")).count("chưa hiện công khai") == 1  # the organizer sees which
    assert submit("/organizer/contests/ba-vi-2025/edit", {**fields, "listed": "y"}).status_code == 302
    assert "Hội thi huyện Ba Vì năm 2025" in body(desk.get("/"))
    assert "chưa hiện công khai" not in body(desk.get("/organizer/"))
    with app.app_context():
        assert db.session.scalar(select(Contest.listed).filter_by(slug="ba-vi-2025")) is True
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "contest.update")
                                  .order_by(AuditEvent.id.desc()))
        assert event.old["listed"] is False and event.new["listed"] is True  # the switch leaves a trace


def test_a_contest_address_in_use_is_refused_in_vietnamese(app, desk, fresh_contest, submit):
    response = submit("/organizer/contests/new", {"name": "Hội thi khác", "year": "2025", "slug": "hai-phong-2025",
                                                  "organizer_body": "", "place": "", "description": ""})
    assert response.status_code == 200
    assert "Một hội thi khác đã dùng địa chỉ “hai-phong-2025”." in body(response)
    assert count(app, Contest) == 1


def test_rounds_and_clusters_with_venue_and_date(app, preliminary, submit):
    page = f"{BASE}/rounds/{preliminary}"
    for name, venue, day in (("Cụm 1", "Nhà văn hóa quận Hồng Bàng", "2025-08-20"),
                             ("Cụm 2", "Trung tâm Văn hóa huyện Thủy Nguyên", "2025-08-21")):
        response = submit(page, {"name": name, "venue": venue, "held_on": day},
                          action=f"{BASE}/rounds/{preliminary}/clusters")
        assert response.status_code == 302
    again = submit(page, {"name": "cụm  1", "venue": "", "held_on": ""}, action=f"{BASE}/rounds/{preliminary}/clusters")
    assert "Vòng thi đã có cụm tên “cụm  1”." in body(again)
    with app.app_context():
        clusters = db.session.scalars(select(Cluster).filter_by(round_id=preliminary).order_by(Cluster.position)).all()
        assert [(c.name, c.venue, c.held_on.isoformat()) for c in clusters] == [
            ("Cụm 1", "Nhà văn hóa quận Hồng Bàng", "2025-08-20"),
            ("Cụm 2", "Trung tâm Văn hóa huyện Thủy Nguyên", "2025-08-21")]
    assert audit_actions(app).count("cluster.create") == 2


def test_a_second_preliminary_round_and_clusters_in_the_final_are_refused(app, preliminary, submit):
    second = submit(f"{BASE}/rounds/new", {"name": "Vòng sơ khảo 2", "kind": "preliminary", "slug": "", "venue": "",
                                          "held_on": ""})
    assert "Hội thi đã có vòng thi loại này." in body(second)
    final = submit(f"{BASE}/rounds/new", {"name": "Vòng chung khảo", "kind": "final", "slug": "",
                                         "venue": "Nhà hát Thành phố", "held_on": "2025-09-20"})
    assert final.status_code == 302
    final_id = round_id(app, "hai-phong-2025", "final")
    refused = submit(f"{BASE}/rounds/{final_id}", {"name": "Cụm A", "venue": "", "held_on": ""},
                     action=f"{BASE}/rounds/{final_id}/clusters")
    assert "Chỉ vòng sơ khảo mới tổ chức theo cụm." in body(refused)
    assert count(app, Round, contest_id=contest_id(app, "hai-phong-2025")) == 2


def test_a_part_with_its_overtime_bands_is_saved_and_listed(app, desk, preliminary, submit):
    response = submit(f"{BASE}/rounds/{preliminary}/parts/new", PART)
    assert response.status_code == 302, body(response)
    with app.app_context():
        part = db.session.scalar(select(Part).filter_by(round_id=preliminary))
        assert (part.max_points, part.step, part.time_limit_seconds, part.position) == (4000, 25, 480, 3)
        assert part.penalty_rule == {"kind": "bands", "bands": [[60, 25], [None, 50]]}
    listing = body(desk.get(f"{BASE}/rounds"))
    assert "Tiểu phẩm" in listing and "dưới 60 giây: −0,25" in listing and "lâu hơn: −0,50" in listing
    assert "part.create" in audit_actions(app)


@pytest.mark.parametrize(("changes", "message"), [
    ({"max_points": "0"}, "Điểm tối đa phải lớn hơn 0."),
    ({"max_points": "10", "step": "0,3"},
     "Bước điểm 0,30 không chia hết điểm tối đa 10,00: giám khảo sẽ không thể cho điểm tuyệt đối."),
    ({"step": "0"}, "Bước điểm phải lớn hơn 0."),
    ({"max_points": "mười"}, "“mười” không phải là số điểm."),
    ({"time_limit": "8 phút"}, "Nhập thời gian theo phút (5) hoặc phút:giây (5:30)."),
    ({"time_limit": "", "penalty_kind": "per_minute", "per_minute": "1"},
     "Muốn trừ điểm quá giờ thì phải đặt thời gian tối đa."),
    ({"bands-1-points": ""}, "Chỉ mức cuối cùng được để trống số giây"),
    ({"scoring_mode": "secretary", "quiz_questions": "12", "quiz_points": "1", "max_points": "10", "step": "1"},
     "12 câu × 1,00 điểm = 12,00, nhưng điểm tối đa là 10,00."),
    ({"code": "tiểu phẩm"}, "Chỉ dùng chữ thường không dấu, chữ số và dấu “_”"),
], ids=["max-zero", "step-does-not-divide", "step-zero", "max-in-words", "time-in-words",
        "penalty-without-limit", "bands-not-open-ended", "quiz-sum", "code-with-diacritics"])
def test_a_bad_part_is_refused_with_a_vietnamese_message_and_nothing_saved(app, preliminary, submit, changes,
                                                                          message):
    response = submit(f"{BASE}/rounds/{preliminary}/parts/new", {**PART, **changes})
    assert response.status_code == 200
    assert message in body(response)
    assert count(app, Part, round_id=preliminary) == 0


def test_an_unknown_tie_break_part_is_refused_naming_the_known_parts(app, preliminary, submit):
    submit(f"{BASE}/rounds/{preliminary}/parts/new", PART)
    submit(f"{BASE}/rounds/{preliminary}/parts/new", {**PART, "name": "Xử lý tình huống", "code": "situation",
                                                       "max_points": "30", "order": "3"})
    rules_page = f"{BASE}/rules"
    data = {"aggregation": "trimmed", "trim_min_judges": "5", "spread_flag_percent": "20",
            "tie_break": "skit, tieu_pham", "tie_fallback": "head_judge", "advance_per_cluster": "1",
            "advance_best_runners_up": "2", "advance_reserves": "1"}
    refused = submit(rules_page, data)
    assert "Không có phần thi nào mang mã “tieu_pham”. Các phần thi hiện có: situation, skit." in body(refused)
    with app.app_context():
        assert db.session.scalar(select(Contest).filter_by(slug="hai-phong-2025")).tie_break == []
    saved = submit(rules_page, {**data, "tie_break": "skit; situation"})
    assert saved.status_code == 302
    with app.app_context():
        contest = db.session.scalar(select(Contest).filter_by(slug="hai-phong-2025"))
        assert (contest.tie_break, contest.advance_best_runners_up) == (["skit", "situation"], 2)
    assert "contest.rules" in audit_actions(app)


@pytest.mark.parametrize(("changes", "message"), [
    ({"trim_min_judges": "2"}, "Phải từ 3 đến 25."),
    ({"advance_per_cluster": "0", "advance_best_runners_up": "0"}, "sẽ không có đội nào vào chung khảo"),
    ({"trim_min_judges": "năm"}, "Phải là một số nguyên."),
], ids=["trim-two", "nobody-advances", "not-a-number"])
def test_bad_ranking_rules_are_refused_in_vietnamese(app, demo_contest, submit, changes, message):
    data = {"aggregation": "trimmed", "trim_min_judges": "5", "spread_flag_percent": "20", "tie_break": "skit",
            "tie_fallback": "head_judge", "advance_per_cluster": "1", "advance_best_runners_up": "0",
            "advance_reserves": "1"}
    response = submit("/organizer/contests/ha-noi-2024/rules", {**data, **changes})
    assert response.status_code == 200 and message in body(response)
    assert "contest.rules" not in audit_actions(app)


def test_a_rubric_must_add_up_to_the_part_maximum(app, demo_contest, submit):
    with app.app_context():
        part = db.session.scalar(select(Part).join(Round).filter(Round.slug == "so-khao", Part.code == "skit"))
        part_id = part.id
    url = f"/organizer/contests/ha-noi-2024/parts/{part_id}/criteria"
    short = {"rows-0-name": "Nội dung", "rows-0-max_points": "20", "rows-1-name": "Diễn xuất",
             "rows-1-max_points": "15"}
    refused = submit(url, short)
    assert "Tổng điểm các tiêu chí là 35,00 nhưng điểm tối đa của phần thi là 40,00." in body(refused)
    saved = submit(url, {**short, "rows-2-name": "Âm nhạc, trang phục", "rows-2-max_points": "5"})
    assert saved.status_code == 302
    with app.app_context():
        names = db.session.scalars(select(Criterion.name).filter_by(part_id=part_id).order_by(Criterion.position))
        assert list(names) == ["Nội dung", "Diễn xuất", "Âm nhạc, trang phục"]
    assert "part.criteria" in audit_actions(app)


def test_changing_a_part_maximum_under_its_rubric_is_refused(app, demo_contest, submit):
    with app.app_context():
        part_id = db.session.scalar(select(Part.id).join(Round).filter(Round.slug == "so-khao", Part.code == "skit"))
    url = f"/organizer/contests/ha-noi-2024/parts/{part_id}"
    response = submit(url, {**PART, "max_points": "50", "order": "4"})
    assert "Tổng điểm các tiêu chí là 40,00 nhưng điểm tối đa của phần thi là 50,00." in body(response)


def test_a_part_used_by_the_tie_break_cannot_lose_its_code(app, desk, demo_contest, submit):
    with app.app_context():
        part_id = db.session.scalar(select(Part.id).join(Round).filter(Round.slug == "chung-khao",
                                                                     Part.code == "situation"))
    # The preliminary keeps a "situation" part, so the final's may be deleted...
    deleted = submit(f"/organizer/contests/ha-noi-2024/parts/{part_id}", {},
                     action=f"/organizer/contests/ha-noi-2024/parts/{part_id}/delete")
    assert deleted.status_code == 302
    with app.app_context():
        last = db.session.scalar(select(Part.id).join(Round).filter(Round.slug == "so-khao", Part.code == "situation"))
    # ...but not the last one the tie-break order relies on.
    base = "/organizer/contests/ha-noi-2024/parts"
    submit(f"{base}/{last}", {}, action=f"{base}/{last}/delete")
    page = body(desk.get(f"/organizer/contests/ha-noi-2024/parts/{last}"))
    assert "Thứ tự xét khi bằng điểm hoặc một giải thưởng đang dùng phần thi “situation”" in page
    assert count(app, Part, id=last) == 1


def test_prize_tiers_with_counts(app, desk, demo_contest, submit):
    url = "/organizer/contests/ha-noi-2024/prizes"
    response = submit(url, {"name": "Giải Khuyến khích", "code": "", "round_kind": "final", "kind": "rank",
                            "count": "5", "part_code": "", "order": "4"})
    assert response.status_code == 302
    with app.app_context():
        tier = db.session.scalar(select(PrizeTier).filter_by(name="Giải Khuyến khích"))
        assert (tier.code, tier.count, tier.position) == ("giai_khuyen_khich", 5, 3)
    refused = submit(url, {"name": "Giải Tình huống", "code": "", "round_kind": "final", "kind": "part",
                           "count": "1", "part_code": "", "order": "5"})
    assert "Hãy chọn phần thi được trao giải." in body(refused)
    assert "Giải Khuyến khích" in body(desk.get(url))
    assert "prize.create" in audit_actions(app)
