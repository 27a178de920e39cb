"""Engine settings that make an acknowledged write a durable one.

SQLite: WAL journal, ``synchronous=FULL`` and ``BEGIN IMMEDIATE`` for every transaction,
so a transaction that reads then writes waits for the lock instead of failing with
"database is locked" (SQLAlchemy's documented pysqlite recipe).

Transactions of one process also take turns on a lock before SQLite's. Under gevent every
request runs on one OS thread, and SQLite's busy wait is a C sleep the hub cannot interrupt: a
request waiting there blocks the very request that holds the database, which then cannot commit
until the wait gives up (20 phones voting at once: one answered "database is locked" after 15 s).
Waiting on a lock that gevent has patched lets the holder run and finish first.
"""

import threading

from flask import Flask
from sqlalchemy import Engine, event

from contest.extensions import db

SQLITE_BUSY_TIMEOUT_MS = 15000
HOLDS_TURN = "contest_holds_write_turn"


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

    turn = threading.Lock()  # created after gevent's patching when serving: waiting on it yields

    def _give_back(info: dict) -> None:
        if info.pop(HOLDS_TURN, False):
            turn.release()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        if not connection.info.get(HOLDS_TURN):
            # Past the busy timeout, go on without the turn: SQLite's own wait then decides, as before.
            connection.info[HOLDS_TURN] = turn.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except Exception:
            _give_back(connection.info)
            raise

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _on_end(connection) -> None:  # type: ignore[no-untyped-def]
        _give_back(connection.info)

    # A connection returned to the pool, or thrown away, without a commit or rollback event.
    @event.listens_for(engine.pool, "checkin")
    def _on_checkin(_dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
        if record is not None:
            _give_back(record.info)

    @event.listens_for(engine.pool, "invalidate")
    def _on_invalidate(_dbapi_connection, record, _exception) -> None:  # type: ignore[no-untyped-def]
        _give_back(record.info)
