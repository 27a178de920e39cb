"""The stage console and the secretary's desk: stage, pushes, quiz, timer with over-time, penalties."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from contest.extensions import db, socketio
from contest.models.judging import Penalty, QuizMark, StageState
from tests.judging.conftest import audit_actions, desk_post


def stage_form(world, **values):
    return {"round": world.round_slug, "cluster": world.clusters["A"], **values}


def desk_url(world, page):
    return f"/desk/{world.slug}/{page}?round={world.round_slug}&cluster={world.clusters['A']}"


@pytest.mark.parametrize(("role", "page", "status"), [
    pytest.param("secretary", "secretary", 200, id="secretary-desk"),
    pytest.param("secretary", "show", 200, id="secretary-show"),
    pytest.param("secretary", "head", 403, id="secretary-not-head"),
    pytest.param("head_judge", "head", 200, id="head-judge"),
    pytest.param("head_judge", "secretary", 403, id="head-not-secretary"),
    pytest.param("head_judge", "review", 200, id="head-review"),
    pytest.param("secretary", "audit", 403, id="secretary-not-audit"),
    pytest.param("organizer", "head", 200, id="organizer-head"),
    pytest.param("organizer", "secretary", 200, id="organizer-secretary"),
    pytest.param("organizer", "audit", 200, id="organizer-audit"),
])
def test_each_desk_page_opens_for_its_roles(app, world, staff, role, page, status):
    assert staff(role).get(desk_url(world, page)).status_code == status


def test_the_stage_console_leads_to_the_screens_console_of_the_same_round(app, world, staff):
    page = staff("secretary").get(desk_url(world, "show")).get_data(as_text=True)
    link = f'href="/show/{world.slug}?round={world.round_slug}"'
    assert link in page and "Màn hình và công bố" in page
    assert staff("secretary").get(f"/show/{world.slug}?round={world.round_slug}").status_code == 200


def test_a_judge_or_a_stranger_cannot_open_the_desk(app, world, tablet, client):
    assert tablet("JA1").client.get(desk_url(world, "show")).status_code == 403
    response = client.get(desk_url(world, "show"))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_putting_a_team_on_stage_reaches_the_tablets_and_the_projector(app, world, staff, tablet):
    judge = tablet("JA1")
    socket = socketio.test_client(app, flask_test_client=judge.client, auth={"contest": world.slug})
    viewer = socketio.test_client(app, auth={"contest": world.slug})
    socket.get_received(), viewer.get_received()
    response = desk_post(staff("secretary"), f"/desk/{world.slug}/show",
                         stage_form(world, entry_id=world.entries["A2"], part_code="situation"))
    assert response.status_code == 302
    expected = {"entry_id": world.entries["A2"], "team_name": "Đội A2", "part_code": "situation"}
    assert judge.state()["on_stage"] == expected
    for client in (socket, viewer):
        events = [e for e in client.get_received() if e["name"] == "stage"]
        assert events and events[-1]["args"][0]["on_stage"] == expected
        assert events[-1]["args"][0]["cluster"] == "Cụm A"
    assert "Đội A2" in staff("secretary").get(desk_url(world, "show")).get_data(as_text=True)
    assert audit_actions(app)[-1] == "stage.set"


def test_the_stage_refuses_a_team_of_another_cluster(app, world, staff):
    response = desk_post(staff("secretary"), f"/desk/{world.slug}/show",
                         stage_form(world, entry_id=world.entries["B1"], part_code="situation"))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(StageState)) is None


def quiz_form(world, entry, marks):
    return stage_form(world, entry_id=world.entries[entry], part_code="knowledge",
                      **{f"q{q}": value for q, value in marks.items()})


def test_quiz_marks_are_saved_per_question_and_scored_by_the_part_points(app, world, staff):
    secretary = staff("secretary")
    desk_post(secretary, f"/desk/{world.slug}/secretary/quiz", quiz_form(world, "A1", {1: "1", 2: "0", 3: "1"}))
    desk_post(secretary, f"/desk/{world.slug}/secretary/quiz", quiz_form(world, "A1", {1: "1", 2: "1", 3: ""}))
    with app.app_context():
        marks = {m.question: m.correct for m in db.session.scalars(select(QuizMark))}
    assert marks == {1: True, 2: True}
    page = secretary.get(desk_url(world, "secretary")).get_data(as_text=True)
    assert "<strong>2,00</strong>" in page
    assert audit_actions(app)[-2:] == ["quiz.mark", "quiz.mark"]


def start_timer(app, world, secretary, seconds_ago):
    desk_post(secretary, f"/desk/{world.slug}/secretary/timer/start", stage_form(world))
    with app.app_context():
        state = db.session.scalar(select(StageState))
        assert state.timer_running
        # The timer measures server time; move its start back instead of waiting.
        state.timer_started_at -= timedelta(seconds=seconds_ago)
        db.session.commit()


@pytest.mark.parametrize(("part", "seconds", "penalty"), [
    pytest.param("greeting", 250, None, id="within-limit"),
    pytest.param("greeting", 330, 25, id="band-under-a-minute-over"),
    pytest.param("greeting", 400, 50, id="band-a-minute-or-more-over"),
    pytest.param("situation", 500, 200, id="per-started-minute"),
])
def test_stopping_the_timer_applies_the_contest_over_time_rule(app, world, staff, part, seconds, penalty):
    secretary = staff("secretary")
    desk_post(secretary, f"/desk/{world.slug}/show", stage_form(world, entry_id=world.entries["A2"], part_code=part))
    start_timer(app, world, secretary, seconds)
    viewer = socketio.test_client(app, auth={"contest": world.slug})
    viewer.get_received()
    response = desk_post(secretary, f"/desk/{world.slug}/secretary/timer/stop", stage_form(world))
    assert response.status_code == 302
    with app.app_context():
        rows = [(p.amount, p.source, p.elapsed_seconds) for p in db.session.scalars(select(Penalty))]
    timer = [e for e in viewer.get_received() if e["name"] == "timer"][-1]["args"][0]["timer"]
    # The real seconds between the two clicks add to the moved start (a slow machine may take one or two).
    assert timer["running"] is False and seconds <= timer["elapsed_seconds"] <= seconds + 5
    assert rows == ([] if penalty is None else [(penalty, "overtime", timer["elapsed_seconds"])])
    assert "timer.stop" in audit_actions(app)


def test_a_new_timing_replaces_the_earlier_over_time_penalty(app, world, staff):
    secretary = staff("secretary")
    desk_post(secretary, f"/desk/{world.slug}/show",
              stage_form(world, entry_id=world.entries["A2"], part_code="greeting"))
    for seconds in (400, 330):
        start_timer(app, world, secretary, seconds)
        desk_post(secretary, f"/desk/{world.slug}/secretary/timer/stop", stage_form(world))
    with app.app_context():
        penalties = db.session.scalars(select(Penalty).order_by(Penalty.id))
        rows = [(p.amount, p.withdrawn_at is not None) for p in penalties]
    assert rows == [(50, True), (25, False)]


def test_the_stage_cannot_change_under_a_running_timer(app, world, staff):
    secretary = staff("secretary")
    show = f"/desk/{world.slug}/show"
    desk_post(secretary, show, stage_form(world, entry_id=world.entries["A2"], part_code="greeting"))
    desk_post(secretary, f"/desk/{world.slug}/secretary/timer/start", stage_form(world))
    desk_post(secretary, show, stage_form(world, entry_id=world.entries["A3"], part_code="greeting"))
    page = secretary.get(desk_url(world, "show")).get_data(as_text=True)
    assert "Đồng hồ đang chạy: hãy dừng đồng hồ trước." in page
    with app.app_context():
        assert db.session.scalar(select(StageState)).entry_id == world.entries["A2"]


def test_the_timer_needs_a_team_on_stage(app, world, staff):
    secretary = staff("secretary")
    desk_post(secretary, f"/desk/{world.slug}/secretary/timer/start", stage_form(world))
    assert "Hãy chọn đội và phần thi" in secretary.get(desk_url(world, "secretary")).get_data(as_text=True)


def penalty_form(world, **values):
    return stage_form(world, **{"entry_id": world.entries["A3"], "part_code": "", "amount": "0,5",
                                "reason": "Sai trang phục", **values})


def test_a_manual_penalty_needs_a_reason_and_can_be_withdrawn(app, world, staff):
    secretary = staff("secretary")
    desk_post(secretary, f"/desk/{world.slug}/secretary/penalties", penalty_form(world, reason=""))
    desk_post(secretary, f"/desk/{world.slug}/secretary/penalties", {**penalty_form(world), "amount": "abc"})
    with app.app_context():
        assert db.session.scalar(select(Penalty)) is None
    desk_post(secretary, f"/desk/{world.slug}/secretary/penalties", penalty_form(world))
    with app.app_context():
        penalty = db.session.scalar(select(Penalty))
        assert (penalty.amount, penalty.source, penalty.part_id, penalty.reason) == (50, "manual", None,
                                                                                     "Sai trang phục")
        penalty_id = penalty.id
    assert "−0,50" in secretary.get(desk_url(world, "secretary")).get_data(as_text=True)
    desk_post(secretary, f"/desk/{world.slug}/secretary/penalties/{penalty_id}/withdraw", stage_form(world))
    with app.app_context():
        assert db.session.get(Penalty, penalty_id).withdrawn_at is not None
    assert audit_actions(app)[-2:] == ["penalty.add", "penalty.withdraw"]
