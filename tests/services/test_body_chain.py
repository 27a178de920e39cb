"""The body chain a contest's access is decided on, loaded in one query, on SQLite and PostgreSQL."""

import pytest
from flask import Flask
from sqlalchemy import event, func, select

from contest.domain.access import Access
from contest.domain.errors import DomainError
from contest.extensions import db
from contest.models import AuditEvent, Body, BodyRole, Contest, User
from contest.services import bodies


def _body(slug: str, parent: Body | None = None) -> Body:
    body = Body(slug=slug, name=slug, parent_id=parent.id if parent else None)
    db.session.add(body)
    db.session.flush()
    return body


def _staff(name: str, body: Body, role: str) -> User:
    user = User(username=name, password_hash="x")
    user.body_roles.append(BodyRole(body_id=body.id, role=role))
    db.session.add(user)
    db.session.flush()
    return user


def test_a_ward_contest_is_changed_by_its_ward_seen_by_ancestors_hidden_from_others(app: Flask) -> None:
    with app.app_context():
        city = _body("ha-noi")
        district = _body("tay-ho", city)
        ward = _body("phu-thuong", district)
        other = _body("dong-anh", city)
        contest = Contest(slug="phu-thuong-2024", name="Phú Thượng", year=2024, body_id=ward.id)
        db.session.add(contest)
        db.session.flush()
        statements = []
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        assert bodies.chain_of(ward.id) == [ward.id, district.id, city.id]
        assert len(statements) == 1
        assert bodies.access_to(_staff("phuong", ward, "secretary"), contest) is Access.CHANGE
        assert bodies.access_to(_staff("quan", district, "organizer"), contest) is Access.READ
        assert bodies.access_to(_staff("thanhpho", city, "organizer"), contest) is Access.READ
        assert bodies.access_to(_staff("giamkhao", district, "head_judge"), contest) is Access.NONE
        assert bodies.access_to(_staff("donganh", other, "organizer"), contest) is Access.NONE
        assert bodies.access_to(None, contest) is Access.NONE


def test_a_body_is_created_under_its_parent_audited_and_its_address_is_unique(app: Flask) -> None:
    with app.app_context():
        city = bodies.create_body("ha-noi", "Ban Dân vận Thành ủy Hà Nội", level="Thành phố")
        district = bodies.create_body("tay-ho", "Ban Dân vận Quận ủy Tây Hồ", parent=city, level="Quận/huyện")
        db.session.commit()
        assert district.parent_id == city.id and district.level == "Quận/huyện"
        with pytest.raises(DomainError) as taken:
            bodies.create_body("tay-ho", "Khác", parent=city)
        assert taken.value.code == "body_slug_taken"
        with pytest.raises(DomainError) as bad:
            bodies.create_body("Tây Hồ", "Khác")
        assert bad.value.code == "setup_bad_slug"
        db.session.rollback()
        assert db.session.scalar(select(func.count(Body.id))) == 2
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action == "body.create")).all()
        assert len(actions) == 2
