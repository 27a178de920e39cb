"""Bring the database schema to the newest migration."""

from flask_migrate import upgrade as alembic_upgrade

from contest.resources import resource_dir


def upgrade() -> None:
    alembic_upgrade(directory=str(resource_dir("migrations")))
