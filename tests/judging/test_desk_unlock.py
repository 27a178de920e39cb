"""A lock set by mistake is lifted by the head judge with a reason that stays in the audit log;
never silently, never by a secretary, never once the results are published."""

from sqlalchemy import select

from contest.extensions import db
from contest.models import Contest, Round
from contest.models.audit import AuditEvent
from contest.models.base import utcnow
from contest.models.judging import EntryLock
from tests.judging.conftest import desk_post
from tests.judging.test_desk_head import form, head_url, send


def last_event(app, action: str) -> AuditEvent:
    with app.app_context():
        return db.session.scalars(select(AuditEvent).filter_by(action=action).order_by(AuditEvent.id.desc())).first()


def lock_round_now(app, world) -> None:
    """Set the round's lock directly: how a round gets locked is tested in test_desk_head."""
    with app.app_context():
        db.session.get(Round, world.round_id).locked_at = utcnow()
        db.session.commit()


def test_a_team_locked_by_mistake_takes_sheets_again_once_unlocked_with_a_reason(app, world, tablet, staff):
    head, judge = staff("head_judge"), tablet("JA1")
    entry = world.entries["A2"]
    desk_post(head, f"/desk/{world.slug}/head/entries/{entry}/lock", form(world))
    assert send(judge, world, "A2").status_code == 409
    assert "Mở khóa" in head.get(head_url(world)).get_data(as_text=True)

    desk_post(head, f"/desk/{world.slug}/head/entries/{entry}/unlock", form(world, reason="  "))
    assert "Cần ghi lý do." in head.get(head_url(world)).get_data(as_text=True)
    assert send(judge, world, "A2").status_code == 409  # still locked

    response = desk_post(head, f"/desk/{world.slug}/head/entries/{entry}/unlock",
                         form(world, reason="Khóa nhầm đội A2"))
    assert response.status_code == 302
    assert "Đội A2 đã được mở chốt điểm" in head.get(head_url(world)).get_data(as_text=True)
    assert send(judge, world, "A2").status_code == 201
    assert {e["team_name"]: e["locked"] for e in judge.state()["entries"]}["Đội A2"] is False
    event = last_event(app, "entry.unlock")
    assert event.new["reason"] == "Khóa nhầm đội A2" and event.old["locked_at"] is not None


def test_unlocking_the_round_keeps_team_locks_and_a_team_waits_for_the_round(app, world, tablet, staff):
    head, judge = staff("head_judge"), tablet("JA1")
    desk_post(head, f"/desk/{world.slug}/head/entries/{world.entries['A2']}/lock", form(world))
    lock_round_now(app, world)
    desk_post(head, f"/desk/{world.slug}/head/entries/{world.entries['A2']}/unlock", form(world, reason="Nhầm"))
    assert "Cả vòng thi đang bị khóa" in head.get(head_url(world)).get_data(as_text=True)
    assert send(judge, world, "A3").status_code == 409

    desk_post(head, f"/desk/{world.slug}/head/unlock-round", form(world, reason="Còn phiếu của giám khảo JA1"))
    with app.app_context():
        assert db.session.get(Round, world.round_id).locked_at is None
        assert db.session.scalar(select(EntryLock.entry_id)) == world.entries["A2"]
    assert send(judge, world, "A3").status_code == 201
    assert send(judge, world, "A2").status_code == 409
    assert last_event(app, "round.unlock").new == {"locked_at": None, "reason": "Còn phiếu của giám khảo JA1"}


def test_published_results_must_be_withdrawn_before_unlocking(app, world, staff):
    lock_round_now(app, world)
    with app.app_context():
        db.session.scalar(select(Contest).filter_by(slug=world.slug)).published = True
        db.session.commit()
    head = staff("head_judge")
    desk_post(head, f"/desk/{world.slug}/head/unlock-round", form(world, reason="Sửa điểm"))
    assert "Kết quả đã được công bố" in head.get(head_url(world)).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Round, world.round_id).locked_at is not None
    assert last_event(app, "round.unlock") is None


def test_a_secretary_cannot_unlock(app, world, staff):
    lock_round_now(app, world)
    response = desk_post(staff("secretary"), f"/desk/{world.slug}/head/unlock-round", form(world, reason="x"))
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(Round, world.round_id).locked_at is not None
