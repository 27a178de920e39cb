"""Sending teams up, on SQLite and PostgreSQL: a district nominates its winner from its published
results, the city approves or returns it; quota, deadline, edit and withdraw; refusals change nothing."""

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from contest.domain.errors import DomainError
from contest.extensions import db
from contest.models import AuditEvent, Contest, Team
from contest.models.base import utcnow
from contest.models.nominations import Nomination, NominationCall
from contest.services import nomination_calls, nomination_decisions, nominations, team_removal, teams
from tests.nomination_world import World, build_world, contest_by_slug, team_spec, user


@pytest.fixture
def world(app: Flask) -> Iterator[World]:
    with app.app_context():
        yield build_world()


def _refused(call, *args, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as refused:
        call(*args, **kwargs)
    db.session.rollback()
    return refused.value.code


def _team_id(contest: Contest, name: str) -> int:
    return db.session.scalar(select(Team.id).filter_by(contest_id=contest.id, name=name))


def _nominations() -> list[tuple[str, str]]:
    return [(n.child_team_name, n.status) for n in db.session.scalars(select(Nomination).order_by(Nomination.id))]


def _nominate_winner(world: World, district: str = "quan-1") -> Nomination:
    child = contest_by_slug(world.district_contests[district])
    found = nominations.nominate(child, _team_id(child, world.winners[child.slug]), user("quan" + district[-1]))
    db.session.commit()
    return found


def test_the_winner_travels_up_with_its_people_and_is_audited_on_both_sides(world: World) -> None:
    child = contest_by_slug(world.district_contests["quan-1"])
    parent = contest_by_slug(world.city_contest)
    assert child.feeds_contest_id == parent.id  # opening the call pointed the district's contest up
    found = _nominate_winner(world)
    assert (found.status, found.unit, found.team_name, found.prize, found.rank) == (
        "draft", "Quận Tây Hồ", "Phường Phú Thượng", "Giải Nhất", 1)
    assert found.model_title.startswith("Mô hình “Dân vận khéo” số 1")
    assert [m["full_name"] for m in found.members] == ["Lê Văn An 1", "Phạm Thị Bình 1", "Đỗ Văn Cường 1"]
    nominations.submit(found, user("quan1"))
    db.session.commit()
    team = nomination_decisions.approve(found, user("thanhpho"))
    db.session.commit()
    assert (found.status, found.parent_team_id) == ("approved", team.id)
    assert (team.contest_id, team.name, team.leader) == (parent.id, "Quận Tây Hồ", "Nguyễn Văn Trưởng 1")
    assert team.model_title == found.model_title
    assert [(m.full_name, m.role) for m in team.members][-1] == ("Đỗ Văn Cường 1", "reserve")
    assert team.entries and team.entries[0].round.contest_id == parent.id
    for contest_id in (child.id, parent.id):
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id).where(
            AuditEvent.contest_id == contest_id, AuditEvent.subject == f"nomination:{found.id}"))
        assert list(actions) == ["nomination.create", "nomination.submit", "nomination.approve"]


def test_quota_one_team_by_default_two_when_the_city_says_so(world: World) -> None:
    child = contest_by_slug(world.district_contests["quan-1"])
    _nominate_winner(world)
    second = _team_id(child, "Phường Nhật Tân")  # Giải Nhì: eligible, but the quota is used up
    assert _refused(nominations.nominate, child, second, user("quan1")) == "nomination_quota_full"
    assert len(_nominations()) == 1
    parent = contest_by_slug(world.city_contest)
    call = nomination_calls.get_call(parent)
    nomination_calls.open_call(parent, user("thanhpho"), is_open=True, deadline=call.deadline,
                          quotas={world.districts["quan-1"]: 2})
    db.session.commit()
    nominations.nominate(child, second, user("quan1"))
    db.session.commit()
    assert _nominations() == [("Phường Phú Thượng", "draft"), ("Phường Nhật Tân", "draft")]


def test_a_withdrawn_nomination_frees_its_place(world: World) -> None:
    found = _nominate_winner(world)
    nominations.submit(found, user("quan1"))
    nominations.withdraw(found, user("quan1"))
    db.session.commit()
    again = _nominate_winner(world)
    assert _nominations() == [("Phường Phú Thượng", "withdrawn"), ("Phường Phú Thượng", "draft")]
    assert again.id != found.id


def test_after_the_deadline_by_the_servers_clock_nothing_is_nominated_or_submitted(world: World) -> None:
    found = _nominate_winner(world)
    call = db.session.get(NominationCall, found.call_id)
    call.deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert _refused(nominations.submit, found, user("quan1")) == "nomination_deadline_passed"
    child = contest_by_slug(world.district_contests["quan-2"])
    winner = _team_id(child, world.winners[child.slug])
    assert _refused(nominations.nominate, child, winner, user("quan2")) == "nomination_deadline_passed"
    assert _nominations() == [("Phường Phú Thượng", "draft")]


def test_only_prize_winners_of_published_results(world: World) -> None:
    child = contest_by_slug(world.district_contests["quan-1"])
    third = _team_id(child, "Phường Quảng An")
    assert _refused(nominations.nominate, child, third, user("quan1")) == "nomination_not_eligible"
    child.published = False
    db.session.commit()
    winner = _team_id(child, "Phường Phú Thượng")
    assert _refused(nominations.nominate, child, winner, user("quan1")) == "nomination_results_unpublished"
    assert _nominations() == []


def test_returned_with_a_reason_edited_and_resubmitted(world: World) -> None:
    found = _nominate_winner(world)
    nominations.submit(found, user("quan1"))
    db.session.commit()
    assert _refused(nomination_decisions.send_back, found, "  ", user("thanhpho")) == "nomination_reason_needed"
    assert db.session.get(Nomination, found.id).status == "submitted"
    nomination_decisions.send_back(found, "Bổ sung diễn viên phụ họa", user("thanhpho"))
    db.session.commit()
    assert (found.status, found.return_reason) == ("returned", "Bổ sung diễn viên phụ họa")
    raw = {"unit": "Quận Tây Hồ", "unit_type": "urban_district", "leader": found.leader,
           "official": "Lê Văn An 1\nPhạm Thị Bình 1", "reserve": "", "supporting": "Hoàng Văn Dũng",
           "contact_name": found.contact_name, "contact_phone": found.contact_phone, "contact_email": "",
           "model_title": found.model_title}
    assert nominations.edit(found, raw, user("quan1")) == []
    nominations.submit(found, user("quan1"))
    db.session.commit()
    assert found.status == "submitted"
    assert [(m["full_name"], m["role"]) for m in found.members][-1] == ("Hoàng Văn Dũng", "supporting")


def test_edit_refuses_an_incomplete_team_and_a_submitted_nomination(world: World) -> None:
    found = _nominate_winner(world)
    raw = {"unit": "", "unit_type": "urban_district", "official": "Lê Văn An 1\nLê Văn An 1"}
    errors = nominations.edit(found, raw, user("quan1"))
    assert {e.code for e in errors} == {"name_empty", "team_member_twice"}
    assert {e.params.get("field") for e in errors} == {"unit", "official"}
    db.session.rollback()
    assert db.session.get(Nomination, found.id).unit == "Quận Tây Hồ"
    nominations.submit(found, user("quan1"))
    db.session.commit()
    assert _refused(nominations.edit, found, raw, user("quan1")) == "nomination_waiting"


def test_an_incomplete_copy_is_not_submitted(world: World) -> None:
    found = _nominate_winner(world)
    found.contact_phone = ""
    db.session.commit()
    assert _refused(nominations.submit, found, user("quan1")) == "nomination_incomplete"
    assert db.session.get(Nomination, found.id).status == "draft"


def test_an_approved_nomination_is_not_withdrawn_and_a_unit_team_already_there_is_linked(world: World) -> None:
    parent = contest_by_slug(world.city_contest)
    spec = team_spec("Quận Tây Hồ", 9)
    existing = teams.create_team(parent, replace(spec, model_title=""), "system")
    db.session.commit()
    found = _nominate_winner(world)
    nominations.submit(found, user("quan1"))
    team = nomination_decisions.approve(found, user("thanhpho"))
    db.session.commit()
    assert team.id == existing.id
    assert db.session.scalar(select(func.count(Team.id)).filter_by(contest_id=parent.id)) == 1
    assert team.leader == "Nguyễn Văn Trưởng 9"  # what the city had typed stays
    assert team.model_title == found.model_title  # what it lacked comes from the nomination
    assert _refused(nominations.withdraw, found, user("quan1")) == "nomination_already_approved"


def test_who_may_do_what(world: World) -> None:
    child = contest_by_slug(world.district_contests["quan-1"])
    winner = _team_id(child, world.winners[child.slug])
    assert _refused(nominations.nominate, child, winner, user("quan2")) == "nomination_forbidden"
    assert _refused(nominations.nominate, child, winner, user("thanhpho")) == "nomination_forbidden"
    found = _nominate_winner(world)
    nominations.submit(found, user("quan1"))
    db.session.commit()
    assert _refused(nomination_decisions.approve, found, user("quan1")) == "nomination_forbidden"
    assert _refused(nomination_decisions.send_back, found, "x", user("quan2")) == "nomination_forbidden"
    parent = contest_by_slug(world.city_contest)
    assert _refused(nomination_calls.open_call, parent, user("quan1"), is_open=False, deadline=None,
                    quotas={}) == "nomination_forbidden"
    assert db.session.get(Nomination, found.id).status == "submitted"


def test_opening_a_call_checks_deadline_and_child_bodies(world: World) -> None:
    parent = contest_by_slug(world.city_contest)
    city = user("thanhpho")
    assert _refused(nomination_calls.open_call, parent, city, is_open=True, deadline=utcnow() - timedelta(hours=1),
                    quotas={}) == "nomination_deadline_past"
    assert _refused(nomination_calls.open_call, parent, city, is_open=True, deadline=utcnow() + timedelta(days=1),
                    quotas={world.city_body: 1}) == "nomination_not_child"
    assert _refused(nomination_calls.open_call, parent, city, is_open=True, deadline=utcnow() + timedelta(days=1),
                    quotas={world.districts["quan-1"]: 99}) == "setup_out_of_range"
    assert nomination_calls.quotas_of(nomination_calls.get_call(parent)) == {}


def test_send_up_winners_nominates_and_submits_the_best_team(world: World) -> None:
    child = contest_by_slug(world.district_contests["quan-2"])
    sent = nominations.send_up_winners(child, user("quan2"))
    db.session.commit()
    assert [(n.child_team_name, n.status) for n in sent] == [("Phường Phú Thượng", "submitted")]
    assert nominations.send_up_winners(child, user("quan2")) == []


def test_two_desks_nominating_at_once_cannot_both_take_the_last_place(app: Flask, world: World) -> None:
    """The call row is locked while the quota is counted: on PostgreSQL (row lock) as on SQLite
    (BEGIN IMMEDIATE), one of two simultaneous nominations is refused."""
    child = contest_by_slug(world.district_contests["quan-1"])
    picks = [_team_id(child, "Phường Phú Thượng"), _team_id(child, "Phường Nhật Tân")]
    db.session.commit()
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def desk(team_id: int) -> None:
        with app.app_context():
            start.wait()
            try:
                nominations.nominate(contest_by_slug(world.district_contests["quan-1"]), team_id, user("quan1"))
                db.session.commit()
                outcomes.append("saved")
            except DomainError as refused:
                db.session.rollback()
                outcomes.append(refused.code)

    threads = [threading.Thread(target=desk, args=(team_id,)) for team_id in picks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["nomination_quota_full", "saved"]
    assert len(_nominations()) == 1


def test_deleting_the_approved_team_puts_the_nomination_back_for_a_decision(world: World) -> None:
    found = _nominate_winner(world)
    nominations.submit(found, user("quan1"))
    team = nomination_decisions.approve(found, user("thanhpho"))
    db.session.commit()
    team_removal.delete_team(team, user("thanhpho"))
    db.session.commit()
    assert (found.status, found.parent_team_id) == ("submitted", None)
    again = nomination_decisions.approve(found, user("thanhpho"))
    db.session.commit()
    assert again.name == "Quận Tây Hồ" and found.status == "approved"
