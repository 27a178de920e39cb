from sqlalchemy import func, select, text

from contest.cli import main
from contest.extensions import db
from contest.models import AuditEvent, Contest, Judge, Member, Team, User


def counts(app):
    with app.app_context():
        return {m.__name__: db.session.scalar(select(func.count()).select_from(m))
                for m in (Contest, Team, Member, Judge, User)}


def test_demo_twice_duplicates_nothing(app, runner):
    first = runner.invoke(main, ["demo", "--no-serve"])
    assert first.exit_code == 0, first.output
    assert "bantochuc" in first.output and "/judge/login/" in first.output
    after_first = counts(app)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Team).join(Contest).filter(
            Contest.slug == "ha-noi-2024")) == 35
    assert after_first["Contest"] == 5  # the demo, the published 2023 archive and three district contests
    assert "/c/ha-noi-noi-thanh-2023/results" in first.output
    second = runner.invoke(main, ["demo", "--no-serve"])
    assert second.exit_code == 0, second.output
    assert counts(app) == after_first


def test_create_organizer_and_refuse_duplicate(app, runner):
    result = runner.invoke(main, ["create-organizer", "thuky", "--password", "mat-khau-dai", "--role", "secretary"])
    assert result.exit_code == 0, result.output
    again = runner.invoke(main, ["create-organizer", "thuky", "--password", "mat-khau-dai"])
    assert again.exit_code != 0 and "taken" in again.output
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(username="thuky"))
        assert [(held.body.slug, held.role) for held in user.body_roles] == [("ban-to-chuc", "secretary")]


def test_audit_verify_names_the_first_tampered_event(app, runner, demo_contest):
    assert runner.invoke(main, ["audit", "verify"]).exit_code == 0
    with app.app_context():
        second = db.session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()[1]
        db.session.execute(text("UPDATE audit_event SET subject = 'forged' WHERE id = :id"), {"id": second})
        db.session.commit()
    result = runner.invoke(main, ["audit", "verify"])
    assert result.exit_code == 1
    assert f"#{second}" in result.output
