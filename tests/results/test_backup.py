"""Backups taken while judges submit, restored into a fresh instance.

Tablets post sheets to the real server (a subprocess, as in the hall) in threads; ``contest backup``
runs meanwhile. A backup must hold every sheet acknowledged before it started, nothing that was
never acknowledged, and an audit chain that verifies; restored into a new instance it serves again.
"""

import os
import re
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
import requests
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from contest.cli import main
from contest.extensions import db
from contest.models import AuditEvent
from contest.models.judging import ScoreSheet
from contest.services import audit, backup
from tests.conftest import csrf_token_from, make_app
from tests.live_server import LiveServer, make_live_server

TABLETS = ("GK11", "GK12", "GK13", "GK21", "GK22", "GK23")


@dataclass
class Tablet:
    """A judge's tablet that sends sheets one after the other and keeps each receipt."""

    code: str
    link: str
    base: str
    acked: dict[str, int] = field(default_factory=dict)  # key -> sheet id
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.http = requests.Session()
        assert self.http.get(self.link, allow_redirects=False, timeout=10).status_code == 302
        self.csrf = csrf_token_from(self.http.get(self.base + "/", timeout=10).text)
        state = self.http.get(self.base + "/judge/api/state", timeout=10).json()
        self.targets = [(e["entry_id"], p) for e in state["entries"] if not e["conflict"] for p in state["parts"]]

    def body(self, number: int) -> dict:
        entry_id, part = self.targets[number % len(self.targets)]
        fields = [str(c["id"]) for c in part["criteria"]] or ["total"]
        return {"key": f"backup-{self.code}-{number:06d}", "entry_id": entry_id, "part_code": part["code"],
                "scores": {name: "5" for name in fields}}

    def run(self, stop: threading.Event) -> None:
        number = 0
        try:
            while not stop.is_set():
                body = self.body(number)
                response = self.http.post(self.base + "/judge/api/sheets", json=body, timeout=30,
                                          headers={"X-CSRFToken": self.csrf})
                assert response.status_code in (200, 201), response.text[:300]
                self.acked[body["key"]] = response.json()["sheet_id"]
                number += 1
        except Exception as error:  # the test fails on any
            self.errors.append(repr(error))


def drain(server: LiveServer) -> None:
    stream = server.process.stdout
    threading.Thread(target=lambda: stream.read(), daemon=True).start()


def acknowledged(tablets: list[Tablet]) -> set[str]:
    return {key for t in tablets for key in list(t.acked)}


def judging_with_backups(server: LiveServer, folder: Path, database_uri: str
                         ) -> tuple[list[tuple[set[str], Path]], set[str]]:
    """Tablets submit while three backups are taken from this (test) process, as ``contest backup``
    takes them; returns (acked before each backup, its file) and everything acknowledged."""
    links = server.judge_links()
    tablets = [Tablet(code, links[code], server.url) for code in TABLETS]
    stop = threading.Event()
    threads = [threading.Thread(target=t.run, args=(stop,)) for t in tablets]
    for thread in threads:
        thread.start()
    taken = []
    try:
        for n in range(3):
            time.sleep(0.8)
            before = acknowledged(tablets)
            taken.append((before, backup.backup(database_uri, folder / f"backup-{n}.bin").path))
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert [e for t in tablets for e in t.errors] == []
    return taken, acknowledged(tablets)


def restored_keys(server: LiveServer, backup: Path) -> None:
    done = server.command("restore", "--yes", str(backup), check=False)
    assert done.returncode == 0 and "chain OK" in done.stdout, done.stdout + done.stderr
    verify = server.command("audit", "verify", check=False)
    assert verify.returncode == 0 and "Audit chain OK." in verify.stdout, verify.stdout + verify.stderr


def sqlite_copy_state(backup: Path, scratch: Path) -> tuple[set[str], int, bool]:
    """(sheet keys, sheets with their audit event, chain verifies) of a SQLite backup, read by the app."""
    scratch.write_bytes(backup.read_bytes())  # opening it switches on WAL: keep the backup itself untouched
    app = make_app(f"sqlite:///{scratch}", str(scratch.parent / f"{scratch.stem}-instance"))
    with app.app_context():
        keys = set(db.session.scalars(select(ScoreSheet.idem_key)))
        audited = db.session.scalar(select(func.count()).select_from(AuditEvent).filter_by(action="sheet.received"))
        chain_ok = audit.verify_chain() is None
        db.session.remove()
        db.engine.dispose()
    return keys, audited, chain_ok


def test_sqlite_backup_while_judging_restores_every_acknowledged_sheet(tmp_path):
    server = make_live_server(tmp_path / "hall")
    server.load_demo()
    server.start()
    drain(server)
    try:
        taken, everything = judging_with_backups(server, tmp_path, f"sqlite:///{server.instance_path / 'contest.db'}")
        final = tmp_path / "final.db"
        assert server.command("backup", str(final)).returncode == 0
    finally:
        server.stop()
    assert len(everything) > 50, "too few sheets to mean anything"
    for before, copy in [*taken, (everything, final)]:
        keys, audited, chain_ok = sqlite_copy_state(copy, tmp_path / f"check-{copy.stem}.db")
        assert before <= keys <= everything  # every sheet acknowledged before; nothing never acknowledged
        assert audited == len(keys) and chain_ok  # each stored sheet with its audit event, chain intact
    assert sqlite_copy_state(final, tmp_path / "check-final-again.db")[0] == everything
    fresh = make_live_server(tmp_path / "fresh")
    restored_keys(fresh, taken[1][1])
    fresh.start()
    drain(fresh)
    try:  # the restored instance serves: the organizer logs in and downloads the workbook
        http = requests.Session()
        token = csrf_token_from(http.get(fresh.url + "/login", timeout=10).text)
        http.post(fresh.url + "/login", data={"username": "bantochuc", "password": "danvankheo2024",
                                              "csrf_token": token}, timeout=10)
        workbook = http.get(fresh.url + "/results/ha-noi-2024/ket-qua.xlsx", timeout=30)
        assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
    finally:
        fresh.stop()


def test_backup_into_a_folder_names_the_file_by_time(app, runner, demo_contest, tmp_path):
    stick = tmp_path / "usb"
    stick.mkdir()
    result = runner.invoke(main, ["backup", str(stick)])
    assert result.exit_code == 0, result.output
    files = list(stick.iterdir())
    assert len(files) == 1 and re.fullmatch(r"contest-\d{8}-\d{6}\.db", files[0].name)
    with sqlite3.connect(files[0]) as conn:  # one self-contained file: no -wal needed beside it
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT COUNT(*) FROM team").fetchone()[0] == 35


@pytest.mark.parametrize(("content", "message"), [
    (b"PGDMP\x01\x0e\x00", "This is not a SQLite backup"),
    (b"hello, not a database at all!!!!", "This is not a SQLite backup"),
    ("sqlite-foreign", "The file is not a contest database"),
], ids=["pg-dump", "text", "other-sqlite"])
def test_restore_refuses_a_wrong_file_and_keeps_the_data(app, runner, demo_contest, tmp_path, content, message):
    source = tmp_path / "wrong.bin"
    if content == "sqlite-foreign":
        with sqlite3.connect(source) as conn:
            conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
    else:
        source.write_bytes(content)
    result = runner.invoke(main, ["restore", "--yes", str(source)])
    assert result.exit_code != 0 and message in result.output
    with sqlite3.connect(Path(app.instance_path).parent / "contest.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM team").fetchone()[0] == 35


def test_restore_keeps_a_copy_of_what_it_replaces(app, runner, demo_contest, tmp_path):
    empty = tmp_path / "before-demo.db"
    assert runner.invoke(main, ["backup", str(empty)]).exit_code == 0
    with sqlite3.connect(Path(app.instance_path).parent / "contest.db") as conn:
        conn.execute("DELETE FROM member")
    result = runner.invoke(main, ["restore", "--yes", str(empty)])
    assert result.exit_code == 0 and "The replaced data was saved to" in result.output
    saved = Path(re.search(r"saved to (\S+?)\.\s", result.output).group(1))
    with sqlite3.connect(saved) as conn:
        assert conn.execute("SELECT COUNT(*) FROM member").fetchone()[0] == 0
    with sqlite3.connect(Path(app.instance_path).parent / "contest.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM member").fetchone()[0] > 0


@pytest.fixture
def pg_hall(pg_url: str) -> dict[str, str]:
    """Two PostgreSQL places of our own: the hall's schema, and an empty database to restore into."""
    url = make_url(pg_url)
    tag = f"bk_{os.getpid()}"
    admin = f"host={url.host} port={url.port or 5432} user={url.username} dbname={url.database}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{tag}" CASCADE')
        conn.execute(f'CREATE SCHEMA "{tag}"')
        conn.execute(f'DROP DATABASE IF EXISTS "{tag}"')
        conn.execute(f'CREATE DATABASE "{tag}"')
    base = url.set(query={}).render_as_string(hide_password=False)
    yield {"hall": f"{base}?options=-csearch_path%3D{tag}",
           "fresh": f"{url.set(database=tag, query={}).render_as_string(hide_password=False)}"
                    f"?options=-csearch_path%3D{tag}"}
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{tag}" CASCADE')
        conn.execute(f'DROP DATABASE IF EXISTS "{tag}" WITH (FORCE)')


def pg_keys(url: str) -> set[str]:
    parsed = make_url(url)
    schema = parsed.query["options"].split("=", 1)[1]
    with psycopg.connect(host=parsed.host, port=parsed.port or 5432, user=parsed.username,
                         dbname=parsed.database) as conn:
        return {row[0] for row in conn.execute(f'SELECT idem_key FROM "{schema}".score_sheet')}


def test_postgresql_backup_while_judging_restores_into_a_fresh_database(tmp_path, pg_hall):
    server = make_live_server(tmp_path / "hall", CONTEST_DATABASE_URL=pg_hall["hall"])
    server.load_demo()
    server.start()
    drain(server)
    try:
        taken, everything = judging_with_backups(server, tmp_path, pg_hall["hall"])
    finally:
        server.stop()
    before, copy = taken[1]
    assert copy.read_bytes()[:5] == b"PGDMP" and len(everything) > 20
    fresh = make_live_server(tmp_path / "fresh", CONTEST_DATABASE_URL=pg_hall["fresh"])
    restored_keys(fresh, copy)
    assert before <= pg_keys(pg_hall["fresh"]) <= everything
