"""The public results page: hidden until the organizer publishes, then standings, prizes, a
printable view, and the contest in the home page's archive."""

from sqlalchemy import select

from contest.cli import main
from contest.domain.names import name_key
from contest.extensions import db
from contest.models import AuditEvent, Contest, Team
from contest.services import bodies
from tests.conftest import csrf_token_from


def publish(client, value: str = "1"):  # type: ignore[no-untyped-def]
    page = client.get("/results/ha-noi-2024/")
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post("/results/ha-noi-2024/publish", data={"csrf_token": token, "published": value})


def test_results_stay_hidden_until_published(app, client, login_organizer, scored_demo):
    assert client.get("/c/ha-noi-2024/results").status_code == 404
    assert client.get("/c/ha-noi-2024/results/print").status_code == 404
    assert "Lưu trữ" not in client.get("/").get_data(as_text=True)
    organizer = login_organizer(app.test_client())
    assert publish(organizer).status_code == 302
    page = client.get("/c/ha-noi-2024/results").get_data(as_text=True)
    assert "Kết quả chính thức" in page and "Cụm 1" in page and "Giải Nhất cụm" in page
    assert "Quận Ba Đình" in page and "83,25" in page  # Vietnamese decimal comma
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="contest.publish"))
        assert event.old == {"published": False} and event.new == {"published": True}
    publish(organizer, "0")
    assert client.get("/c/ha-noi-2024/results").status_code == 404


def test_printable_view_and_english(app, client, organizer, scored_demo):
    publish(organizer)
    printable = client.get("/c/ha-noi-2024/results/print").get_data(as_text=True)
    assert "data-print" in printable and "Vòng sơ khảo" in printable and 'class="topbar"' not in printable
    english = client.get("/c/ha-noi-2024/results?lang=en").get_data(as_text=True)
    assert "Official results" in english and "83.25" in english


def test_home_page_archive_lists_published_contests_by_year(app, client, organizer, scored_demo):
    with app.app_context():
        past = Contest(slug="ha-noi-2023", name="Hội thi “Dân vận khéo” thành phố Hà Nội năm 2023",
                       organizer_body="Ban Dân vận Thành ủy Hà Nội", year=2023, place="Hà Nội", published=True,
                       body_id=bodies.home_body().id)
        db.session.add(past)
        db.session.commit()
    home = client.get("/").get_data(as_text=True)
    assert "Lưu trữ: kết quả các hội thi đã qua" in home and "/c/ha-noi-2023/results" in home
    assert "/c/ha-noi-2024/results" not in home
    publish(organizer)
    home = client.get("/").get_data(as_text=True)
    assert home.index("/c/ha-noi-2024/results") < home.index("/c/ha-noi-2023/results")  # newest year first
    assert "Hiện không có hội thi nào đang diễn ra." in home
    contest_page = client.get("/c/ha-noi-2024").get_data(as_text=True)
    assert "/c/ha-noi-2024/results" in contest_page


def test_publishing_is_for_organizers_only(app, client, demo_contest):
    response = client.post("/results/ha-noi-2024/publish", data={"published": "1"})
    assert response.status_code in (302, 400)
    with app.app_context():
        assert db.session.scalar(select(Contest.published).filter_by(slug="ha-noi-2024")) is False


def test_team_names_are_escaped_on_the_page(app, client, organizer, scored_demo):
    with app.app_context():
        team = db.session.scalar(select(Team).filter_by(name="Quận Ba Đình"))
        team.name = "<script>alert(1)</script>"
        team.name_key = name_key(team.name)
        db.session.commit()
    publish(organizer)
    page = client.get("/c/ha-noi-2024/results").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_demo_archive_adds_a_published_past_contest_once(app, client, runner, demo_contest):
    first = runner.invoke(main, ["demo-archive"])
    assert first.exit_code == 0 and "Loaded archived contest" in first.output, first.output
    assert "Found archived contest" in runner.invoke(main, ["demo-archive"]).output
    home = client.get("/").get_data(as_text=True)
    assert "Lưu trữ: kết quả các hội thi đã qua" in home and "/c/ha-noi-noi-thanh-2023/results" in home
    page = client.get("/c/ha-noi-noi-thanh-2023/results").get_data(as_text=True)
    assert "Cụm A" in page and "Cụm B" in page and page.count("Giải Nhất cụm") >= 2
    with app.app_context():
        past = db.session.scalar(select(Contest).filter_by(slug="ha-noi-noi-thanh-2023"))
        assert past.published and past.year == 2023
    assert runner.invoke(main, ["audit", "verify"]).exit_code == 0
