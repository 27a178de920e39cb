"""`contest demo`: the city contest as before, under the city's body tree; three districts' own 2024
contests, scored and published, feeding it; a city and a district organizer login that work."""

import re

from sqlalchemy import func, select

from contest.cli import main
from contest.domain.names import name_key
from contest.extensions import db
from contest.models import Body, BodyRole, Contest, Team, User
from contest.models.judging import ScoreSheet
from contest.models.nominations import Nomination
from contest.services import bodies, results
from tests.conftest import csrf_token_from

LOGIN = re.compile(r"^(District organizer|Organizer) login: \S+/login  user: (\S+)  password: (\S+)", re.MULTILINE)


def test_demo_puts_the_city_contest_under_the_city_with_three_district_contests_feeding_it(app, runner):
    run = runner.invoke(main, ["demo", "--no-serve"])
    assert run.exit_code == 0, run.output
    with app.app_context():
        city = db.session.scalar(select(Contest).filter_by(slug="ha-noi-2024"))
        assert city.body.slug == "ha-noi" and city.body.parent_id is None
        assert bodies.home_body().id == city.body_id  # the first top-level body: new accounts land in the city
        assert db.session.scalar(select(func.count(Team.id)).filter_by(contest_id=city.id)) == 35
        units = {name_key(b.name) for b in db.session.scalars(select(Body).filter_by(parent_id=city.body_id))}
        assert len(units) == 35  # 12 quận, 17 huyện, Sơn Tây, 5 city units: one body per team of the city
        assert {name_key(t.name) for t in db.session.scalars(select(Team).filter_by(contest_id=city.id))} == units
        districts = {c.slug: c for c in db.session.scalars(select(Contest).where(Contest.feeds_contest_id == city.id))}
        assert sorted(districts) == ["dong-anh-2024", "phuc-tho-2024", "tay-ho-2024"]
        for slug, teams in (("tay-ho-2024", 8), ("dong-anh-2024", 10), ("phuc-tho-2024", 7)):
            contest = districts[slug]
            assert contest.published and contest.year == 2024 and contest.body.parent_id == city.body_id
            assert db.session.scalar(select(func.count(Team.id)).filter_by(contest_id=contest.id)) == teams
            assert db.session.scalar(select(func.count(ScoreSheet.id)).filter_by(contest_id=contest.id)) == teams * 15
            (scope,) = results.round_results(contest.rounds[0])
            assert scope.complete and "Giải Nhất" in scope.placings[0].prizes
        wards = {b.name for b in db.session.scalars(select(Body).filter_by(parent_id=districts["tay-ho-2024"].body_id))}
        assert {t.name for t in db.session.scalars(
            select(Team).filter_by(contest_id=districts["tay-ho-2024"].id))} == wards
        # Each district's winner went up and the city approved it: the unit's team already in the city
        # contest was linked, so the city contest keeps its 35 teams.
        sent = db.session.execute(select(Nomination.unit, Nomination.status, Team.name, Team.contest_id)
                                  .join(Team, Team.id == Nomination.parent_team_id)).all()
        assert {(unit, status) for unit, status, _team, _c in sent} == {
            ("Quận Tây Hồ", "approved"), ("Huyện Đông Anh", "approved"), ("Huyện Phúc Thọ", "approved")}
        assert all(team == unit and contest_id == city.id for unit, _s, team, contest_id in sent)
        assert db.session.scalar(select(func.count(Team.id)).filter_by(contest_id=city.id)) == 35
    assert "(winner sent up to ha-noi-2024)" in run.output
    assert runner.invoke(main, ["audit", "verify"]).exit_code == 0


def test_demo_prints_a_city_and_a_district_organizer_who_can_log_in(app, runner, client):
    run = runner.invoke(main, ["demo", "--no-serve", "--no-archive"])
    assert run.exit_code == 0, run.output
    logins = {kind: (user, password) for kind, user, password in LOGIN.findall(run.output)}
    assert logins["Organizer"] == ("bantochuc", "danvankheo2024")
    assert logins["District organizer"][0] == "bdv.tayho" and "(Quận Tây Hồ)" in run.output
    with app.app_context():
        roles = {(u, b, r) for u, b, r in db.session.execute(
            select(User.username, Body.slug, BodyRole.role).join(BodyRole, BodyRole.user_id == User.id)
            .join(Body, Body.id == BodyRole.body_id))}
        assert {("bantochuc", "ha-noi", "organizer"), ("bdv.tayho", "tay-ho", "organizer")} <= roles
        assert not db.session.scalar(select(Contest).filter_by(slug="tay-ho-2024"))  # --no-archive: none
    for user, password in logins.values():
        token = csrf_token_from(client.get("/login").get_data(as_text=True))
        answer = client.post("/login", data={"username": user, "password": password, "csrf_token": token})
        assert answer.status_code == 302, user
        client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/").get_data(as_text=True))})
