"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import os

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from contest.extensions import db
from contest.services import schema
from tests.conftest import make_app, pg_schema


def upgraded(database_url: str, tmp_path) -> tuple[list, set[str]]:  # type: ignore[no-untyped-def]
    """Migrate an empty database; what still differs from the models, and the tables made."""
    app = make_app(database_url, str(tmp_path / "instance-mig"))
    with app.app_context():
        schema.upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
            tables = set(inspect(conn).get_table_names())
        db.engine.dispose()
    return diff, tables


def test_upgrade_from_empty_matches_the_models(database_url, tmp_path):
    if database_url.startswith("postgresql"):
        # The session schema holds create_all tables: migrate a schema of its own.
        with pg_schema(f"mig_{os.getpid()}") as url:
            diff, tables = upgraded(url, tmp_path)
    else:
        diff, tables = upgraded(database_url, tmp_path)
    assert diff == []
    assert {"contest", "team", "audit_event", "alembic_version"} <= tables
