"""Engine settings that make an acknowledged write a durable one.

SQLite: WAL journal, ``synchronous=FULL`` and ``BEGIN IMMEDIATE`` for every transaction,
so a transaction that reads then writes waits for the lock instead of failing with
"database is locked" (SQLAlchemy's documented pysqlite recipe).
"""

from flask import Flask
from sqlalchemy import Engine, event

from contest.extensions import db

SQLITE_BUSY_TIMEOUT_MS = 15000


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            _make_sqlite_durable(engine)


def _make_sqlite_durable(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's "begin" event, not pysqlite, decide when transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("BEGIN IMMEDIATE")
