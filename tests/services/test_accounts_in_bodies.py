"""Desk accounts hold roles in bodies: created in one body, roles granted and taken away, audited."""

import pytest
from flask import Flask
from sqlalchemy import event, select

from contest.domain.errors import DomainError
from contest.extensions import db
from contest.models import AuditEvent, Contest, Round, User
from contest.services import accounts, bodies


def _actions() -> list[tuple[str, str]]:
    return [(e.action, e.actor) for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_an_account_gets_its_roles_in_one_body_and_the_first_is_the_administrator(app: Flask) -> None:
    with app.app_context():
        first = accounts.create_user("bantochuc", "mat-khau-dai-1")
        city = bodies.create_body("ha-noi", "Ban Dân vận Thành ủy Hà Nội")
        district = bodies.create_body("tay-ho", "Ban Dân vận Quận ủy Tây Hồ", parent=city)
        desk = accounts.create_user("tayho", "mat-khau-dai-2", role=["head_judge", "secretary", "head_judge"],
                                    body=district, actor=first)
        db.session.commit()
        assert first.is_admin and not desk.is_admin
        assert [(r.body.slug, r.role) for r in first.body_roles] == [(bodies.HOME_SLUG, "organizer")]
        assert sorted((r.body.slug, r.role) for r in desk.body_roles) == [("tay-ho", "head_judge"),
                                                                         ("tay-ho", "secretary")]
        created = db.session.scalar(select(AuditEvent).where(AuditEvent.subject == f"user:{desk.id}"))
        assert created.action == "user.create" and created.actor.startswith("user:")
        assert created.new == {"username": "tayho", "body": "tay-ho", "roles": ["head_judge", "secretary"],
                               "is_admin": False}


def test_unknown_roles_and_taken_names_are_refused_and_nothing_is_stored(app: Flask) -> None:
    with app.app_context():
        accounts.create_user("bantochuc", "mat-khau-dai-1")
        db.session.commit()
        for kwargs, code in [({"role": "janitor"}, "role_unknown"), ({"role": []}, "role_unknown")]:
            with pytest.raises(DomainError) as refused:
                accounts.create_user("moi", "mat-khau-dai-2", **kwargs)
            assert refused.value.code == code
        with pytest.raises(DomainError) as taken:
            accounts.create_user("BanToChuc", "mat-khau-dai-2")
        assert taken.value.code == "username_taken"
        db.session.rollback()
        assert db.session.scalars(select(User.username)).all() == ["bantochuc"]


def test_roles_are_granted_and_revoked_once_each_audited(app: Flask) -> None:
    with app.app_context():
        admin = accounts.create_user("bantochuc", "mat-khau-dai-1")
        ward = bodies.create_body("phu-thuong", "Đảng ủy phường Phú Thượng")
        user = accounts.create_user("phuong", "mat-khau-dai-2", role="secretary", body=ward, actor=admin)
        assert accounts.grant_role(user, ward, "organizer", actor=admin) is True
        assert accounts.grant_role(user, ward, "organizer", actor=admin) is False
        with pytest.raises(DomainError):
            accounts.grant_role(user, ward, "king", actor=admin)
        assert accounts.revoke_role(user, ward, "secretary", actor=admin) is True
        assert accounts.revoke_role(user, ward, "secretary", actor=admin) is False
        db.session.commit()
        assert [(r.body_id, r.role) for r in db.session.get(User, user.id).body_roles] == [(ward.id, "organizer")]
        grants = db.session.scalars(select(AuditEvent).where(AuditEvent.action.in_(
            ["user.role_grant", "user.role_revoke"])).order_by(AuditEvent.id)).all()
        assert [(e.action, e.new or e.old) for e in grants] == [
            ("user.role_grant", {"body": "phu-thuong", "role": "organizer"}),
            ("user.role_revoke", {"body": "phu-thuong", "role": "secretary"})]
        assert accounts.find_user(" Phuong ").id == user.id
        with pytest.raises(DomainError) as unknown:
            accounts.find_user("khong-co")
        assert unknown.value.code == "user_unknown"


def test_the_home_list_shows_own_contests_to_change_and_descendants_to_look_at(app: Flask) -> None:
    with app.app_context():
        admin = accounts.create_user("quantri", "mat-khau-dai-0")
        city = bodies.create_body("ha-noi", "Hà Nội")
        district = bodies.create_body("tay-ho", "Tây Hồ", parent=city)
        ward = bodies.create_body("phu-thuong", "Phú Thượng", parent=district)
        other = bodies.create_body("dong-anh", "Đông Anh", parent=city)
        for slug, body in [("city", city), ("district", district), ("ward", ward), ("other", other)]:
            db.session.add(Contest(slug=slug, name=slug, year=2024, body_id=body.id))
        district_organizer = accounts.create_user("tayho", "mat-khau-dai-1", body=district)
        district_secretary = accounts.create_user("thuky", "mat-khau-dai-2", body=district, role="secretary")
        db.session.commit()

        def seen(user: User) -> list[tuple[str, bool]]:
            return sorted((item.contest.slug, item.read_only) for item in bodies.contests_seen_by(user))

        assert seen(district_organizer) == [("district", False), ("ward", True)]
        assert seen(district_secretary) == [("district", False)]
        assert seen(admin) == [("city", True), ("district", True), ("other", True), ("ward", True)]


def test_the_home_list_costs_the_same_few_queries_for_two_contests_or_forty(app: Flask) -> None:
    with app.app_context():
        city = bodies.create_body("ha-noi", "Hà Nội")
        organizer = accounts.create_user("thanhpho", "mat-khau-dai-1", body=city)

        def add_contests(count: int, start: int) -> None:
            for n in range(start, start + count):
                district = bodies.create_body(f"quan-{n}", f"Quận {n}", parent=city)
                contest = Contest(slug=f"hoi-thi-{n}", name=f"Hội thi {n}", year=2024, body_id=district.id)
                contest.rounds.append(Round(slug="so-khao", name="Sơ khảo", kind="preliminary", position=0))
                db.session.add(contest)
            db.session.commit()

        def queries() -> int:
            db.session.expire_all()
            user = db.session.get(User, organizer.id)
            statements: list[str] = []
            listener = lambda *args: statements.append(args[2])  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                listed = bodies.contests_seen_by(user)
                _ = [(item.contest.body.name, len(item.contest.rounds)) for item in listed]
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
            return len(statements)

        add_contests(2, 0)
        few = queries()
        add_contests(38, 2)
        assert queries() == few <= 4
