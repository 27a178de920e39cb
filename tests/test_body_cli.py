"""``contest create-body`` and ``contest create-organizer --body/--role/--admin``."""

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from contest.cli import main
from contest.extensions import db
from contest.models import AuditEvent, Body, User


def _user(username: str) -> User:
    return db.session.scalar(select(User).filter_by(username=username))


def test_bodies_form_a_tree_and_organizers_are_made_in_them(app: Flask, runner: FlaskCliRunner) -> None:
    city = runner.invoke(main, ["create-body", "ha-noi", "--name", "Ban Dân vận Thành ủy Hà Nội",
                                "--level", "Thành phố"])
    assert city.exit_code == 0, city.output
    assert "Created body 'ha-noi'" in city.output
    district = runner.invoke(main, ["create-body", "tay-ho", "--name", "Ban Dân vận Quận ủy Tây Hồ",
                                    "--parent", "ha-noi", "--level", "Quận/huyện"])
    assert district.exit_code == 0 and "under 'ha-noi'" in district.output
    first = runner.invoke(main, ["create-organizer", "thanhpho", "--password", "mat-khau-dai", "--body", "ha-noi"])
    assert first.exit_code == 0 and "(system administrator)" in first.output, first.output
    desk = runner.invoke(main, ["create-organizer", "tayho", "--password", "mat-khau-dai", "--body", "tay-ho",
                                "--role", "head_judge", "--role", "secretary"])
    assert desk.exit_code == 0 and "administrator" not in desk.output, desk.output
    admin = runner.invoke(main, ["create-organizer", "quantri", "--password", "mat-khau-dai", "--admin"])
    assert admin.exit_code == 0 and "(system administrator)" in admin.output
    with app.app_context():
        tay_ho = db.session.scalar(select(Body).filter_by(slug="tay-ho"))
        assert tay_ho.parent.slug == "ha-noi" and tay_ho.level == "Quận/huyện"
        assert sorted((r.body.slug, r.role) for r in _user("tayho").body_roles) == [
            ("tay-ho", "head_judge"), ("tay-ho", "secretary")]
        assert _user("thanhpho").is_admin and _user("quantri").is_admin and not _user("tayho").is_admin
        # Without --body: the home body (the first top-level body), as before bodies existed.
        assert [(r.body.slug, r.role) for r in _user("quantri").body_roles] == [("ha-noi", "organizer")]
        assert db.session.scalar(select(AuditEvent.actor).where(AuditEvent.action == "body.create")) == "cli"


def test_unknown_bodies_and_taken_addresses_are_refused(app: Flask, runner: FlaskCliRunner) -> None:
    assert runner.invoke(main, ["create-body", "ha-noi", "--name", "Hà Nội"]).exit_code == 0
    taken = runner.invoke(main, ["create-body", "ha-noi", "--name", "Khác"])
    assert taken.exit_code != 0 and "body_slug_taken" in taken.output
    orphan = runner.invoke(main, ["create-body", "tay-ho", "--name", "Tây Hồ", "--parent", "khong-co"])
    assert orphan.exit_code != 0 and "No organizing body 'khong-co'" in orphan.output
    nowhere = runner.invoke(main, ["create-organizer", "x", "--password", "mat-khau-dai", "--body", "khong-co"])
    assert nowhere.exit_code != 0 and "No organizing body 'khong-co'" in nowhere.output
    with app.app_context():
        assert db.session.scalars(select(Body.slug)).all() == ["ha-noi"]
        assert db.session.scalar(select(User.id)) is None
