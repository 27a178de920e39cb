"""Taking a team out: a team registered by mistake is deleted; a drawn or scored team is withdrawn
(it stays on record, leaves the standings) and can be reinstated. Every step is audited."""

from sqlalchemy import select

from contest.extensions import db
from contest.models import Entry, Judge, Member, Registration, Round, Team
from contest.services import standings
from tests.organizer.setup_support import audit_actions, count
from tests.organizer.test_team_pages import HANOI, TEAM, body


def team_id(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Team.id).filter_by(name=name))


def test_a_team_registered_by_mistake_is_deleted_and_what_pointed_to_it_is_reopened(app, demo_contest, desk, submit):
    submit(f"{HANOI}/teams/new", {**TEAM, "name": "Quận Hồng Bàng"})
    tid = team_id(app, "Quận Hồng Bàng")
    with app.app_context():
        judge = db.session.scalar(select(Judge).filter_by(code="GK11"))
        judge.conflict_team_id = tid
        db.session.add(Registration(contest_id=demo_contest.contest_id, unit_name="Quận Hồng Bàng",
                                    unit_key="quan hong bang", token_hash="f" * 64, status="approved", team_id=tid))
        db.session.commit()
    assert "Xóa đội" in body(desk.get(f"{HANOI}/teams/{tid}"))

    response = submit(f"{HANOI}/teams/{tid}", {}, action=f"{HANOI}/teams/{tid}/delete")
    assert response.status_code == 302 and response.headers["Location"].endswith("/teams")
    assert "Đã xóa Quận Hồng Bàng." in body(desk.get(f"{HANOI}/teams"))
    assert team_id(app, "Quận Hồng Bàng") is None
    assert count(app, Member, team_id=tid) == 0 and count(app, Entry, team_id=tid) == 0
    with app.app_context():
        assert db.session.scalar(select(Judge.conflict_team_id).filter_by(code="GK11")) is None
        registration = db.session.scalar(select(Registration).filter_by(unit_key="quan hong bang"))
        assert (registration.status, registration.team_id) == ("submitted", None)
    assert audit_actions(app)[-1] == "team.delete"


def test_a_drawn_team_is_withdrawn_instead_of_deleted_and_can_be_reinstated(app, demo_contest, desk, submit):
    tid = team_id(app, "Quận Ba Đình")
    page = f"{HANOI}/teams/{tid}"
    assert "Xóa đội" not in body(desk.get(page)) and "Cho đội rút lui" in body(desk.get(page))
    refused = submit(page, {}, action=f"{page}/delete", follow_redirects=True)
    assert "không thể xóa" in body(refused) and team_id(app, "Quận Ba Đình") == tid

    assert "Cần ghi lý do." in body(submit(page, {"reason": " "}, action=f"{page}/withdraw", follow_redirects=True))
    assert count(app, Entry, team_id=tid, withdrawn=True) == 0

    done = submit(page, {"reason": "Đơn vị xin rút do thiên tai"}, action=f"{page}/withdraw", follow_redirects=True)
    assert "Quận Ba Đình đã rút lui" in body(done) and "Cho đội thi trở lại" in body(done)
    assert "Rút lui" in body(desk.get(f"{HANOI}/teams"))
    with app.app_context():
        prelim = db.session.scalar(select(Round).filter_by(contest_id=demo_contest.contest_id, kind="preliminary"))
        assert tid not in standings.round_board(prelim).teams
    assert audit_actions(app)[-1] == "team.withdraw"

    back = submit(page, {}, action=f"{page}/reinstate", follow_redirects=True)
    assert "Quận Ba Đình được thi trở lại." in body(back)
    assert count(app, Entry, team_id=tid, withdrawn=True) == 0
    with app.app_context():
        assert tid in standings.round_board(db.session.get(Round, prelim.id)).teams
    assert audit_actions(app)[-1] == "team.reinstate"
