"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from contest.extensions import db
from contest.services import schema
from tests.conftest import make_app


def test_upgrade_from_empty_matches_the_models(database_url, tmp_path):
    if database_url.startswith("postgresql"):
        # The session schema holds create_all tables: migrate a schema of its own.
        engine = create_engine(database_url.split("?")[0], isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS mig_check CASCADE"))
            conn.execute(text("CREATE SCHEMA mig_check"))
        database_url = database_url.split("?")[0] + "?options=-csearch_path%3Dmig_check"
    app = make_app(database_url, str(tmp_path / "instance-mig"))
    with app.app_context():
        schema.upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
            tables = set(inspect(conn).get_table_names())
        db.engine.dispose()
    assert diff == []
    assert {"contest", "team", "audit_event", "alembic_version"} <= tables
