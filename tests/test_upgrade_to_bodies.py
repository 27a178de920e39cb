"""An install made before organizing bodies upgrades in place (issue 12, item 6).

The fixture is an SQLite dump of ``contest demo`` taken at revision a7c3e9f1b254 (before bodies).
On SQLite it is loaded as is; on PostgreSQL an empty schema is migrated to that revision and the
dump's rows are copied into it table by table. Then both upgrade to the newest revision and must
keep every row, put every contest and every account in one default body with their old roles,
make the first account the system administrator, and keep the audit chain intact.
"""

import gzip
import os
import sqlite3
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import downgrade as alembic_downgrade
from flask_migrate import upgrade as alembic_upgrade
from sqlalchemy import MetaData, create_engine, func, select, text

from contest.cli import main
from contest.extensions import db
from contest.models import Body, BodyRole, Contest, User
from contest.resources import resource_dir
from contest.services import schema
from tests.conftest import make_app, pg_schema

DUMP = Path(__file__).parent / "fixtures" / "demo-a7c3e9f1b254.sql.gz"
OLD_REVISION = "a7c3e9f1b254"


def _load_dump(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(gzip.decompress(DUMP.read_bytes()).decode("utf-8"))
    conn.close()


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        counts = {name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                  for name, table in meta.tables.items() if name != "alembic_version"}
    engine.dispose()
    return counts


def _old_roles(sqlite_path: Path) -> dict[str, str]:
    conn = sqlite3.connect(sqlite_path)
    roles = dict(conn.execute('SELECT username, role FROM "user" ORDER BY id').fetchall())
    conn.close()
    return roles


def _copy_rows(source_url: str, target_url: str) -> None:
    """Every row of the SQLite dump into the PostgreSQL schema at the same revision, parents first."""
    source, target = create_engine(source_url), create_engine(target_url)
    source_meta, target_meta = MetaData(), MetaData()
    source_meta.reflect(source)
    target_meta.reflect(target)
    with source.connect() as read, target.begin() as write:
        for table in target_meta.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows = [dict(row._mapping) for row in read.execute(select(source_meta.tables[table.name]))]
            if rows:
                write.execute(table.insert(), rows)
            if "id" in table.c:
                write.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                                   f"COALESCE((SELECT MAX(id) FROM \"{table.name}\"), 0) + 1, false)"))
    source.dispose()
    target.dispose()


def _upgrade(app: Flask, revision: str = "head") -> None:
    with app.app_context():
        if revision == "head":
            schema.upgrade()
        else:
            alembic_upgrade(directory=str(resource_dir("migrations")), revision=revision)
        db.engine.dispose()


def _check_upgraded(app: Flask, url: str, before: dict[str, int], old_roles: dict[str, str]) -> None:
    after = _counts(url)
    assert {name: after[name] for name in before} == before
    with app.app_context():
        body = db.session.scalar(select(Body))
        assert after["body"] == 1 and body.slug == "ban-to-chuc" and body.parent_id is None
        assert db.session.scalar(select(func.count(Contest.id)).where(Contest.body_id != body.id)) == 0
        assert all(db.session.scalars(select(Contest.listed)))  # the portal lists them as before
        held = {(user.username, role.role, role.body_id) for user in db.session.scalars(select(User))
                for role in user.body_roles}
        assert held == {(username, role, body.id) for username, role in old_roles.items()}
        assert set(old_roles.values()) == {"organizer"}  # the demo's accounts: organizers, now of the body
        first = db.session.scalar(select(User).order_by(User.id).limit(1))
        assert first.is_admin
        assert db.session.scalar(select(func.count(BodyRole.id))) == len(old_roles)
        db.engine.dispose()
    result = app.test_cli_runner().invoke(main, ["audit", "verify"])
    assert result.exit_code == 0 and "Audit chain OK." in result.output, result.output


def test_the_demo_made_before_bodies_upgrades_in_place_on_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _load_dump(path)
    url = f"sqlite:///{path}"
    before, old_roles = _counts(url), _old_roles(path)
    assert before["team"] == 43 and before["score_sheet"] == 72 and before["audit_event"] == 84
    app = make_app(url, str(tmp_path / "instance"))
    _upgrade(app)
    _check_upgraded(app, url, before, old_roles)
    # Going back one revision puts each account's role back on the account.
    with app.app_context():
        alembic_downgrade(directory=str(resource_dir("migrations")), revision="b3d5f7a9c1e2")
        db.engine.dispose()
    assert _old_roles(path) == old_roles


@pytest.mark.postgres
def test_the_demo_made_before_bodies_upgrades_in_place_on_postgresql(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _load_dump(path)
    sqlite_url = f"sqlite:///{path}"
    before, old_roles = _counts(sqlite_url), _old_roles(path)
    with pg_schema(f"upg_{os.getpid()}") as url:
        app = make_app(url, str(tmp_path / "instance"))
        _upgrade(app, OLD_REVISION)
        _copy_rows(sqlite_url, url)
        assert _counts(url) == before
        _upgrade(app)
        _check_upgraded(app, url, before, old_roles)
