"""Backups without a terminal: "Sao lưu ngay" on the results desk (organizer), automatic backups every
N minutes keeping the last K, the last one shown on the desk with a warning when it is too old."""

import os
import threading
import time
from pathlib import Path

import requests

from tests.conftest import csrf_token_from, make_app
from tests.live_server import make_live_server
from tests.results.test_backup import TABLETS, Tablet, acknowledged, drain, sqlite_copy_state


def login(base: str, username: str = "bantochuc", password: str = "danvankheo2024") -> requests.Session:
    http = requests.Session()
    token = csrf_token_from(http.get(base + "/login", timeout=10).text)
    assert http.post(base + "/login", data={"username": username, "password": password, "csrf_token": token},
                     timeout=10, allow_redirects=False).status_code == 302
    return http


def press_backup(http: requests.Session, base: str) -> str:
    page = http.get(base + "/results/ha-noi-2024/", timeout=10).text
    answer = http.post(base + "/results/ha-noi-2024/backup", data={"csrf_token": csrf_token_from(page)}, timeout=60)
    assert answer.status_code == 200
    return answer.text


def test_back_up_now_while_judges_submit_keeps_every_acknowledged_sheet(tmp_path):
    folder = tmp_path / "usb"
    server = make_live_server(tmp_path / "hall", CONTEST_BACKUP_DIR=str(folder), CONTEST_BACKUP_KEEP="5")
    server.load_demo()
    server.start()
    drain(server)
    try:
        links = server.judge_links()
        desk = login(server.url)
        tablets = [Tablet(code, links[code], server.url) for code in TABLETS]
        stop = threading.Event()
        threads = [threading.Thread(target=t.run, args=(stop,)) for t in tablets]
        for thread in threads:
            thread.start()
        taken = []
        try:
            for _ in range(3):
                time.sleep(1.1)  # file names carry the second
                before = acknowledged(tablets)
                page = press_backup(desk, server.url)
                assert "Đã sao lưu" in page and str(folder) in page
                newest = max(folder.glob("contest-*.db"), key=lambda p: p.stat().st_mtime)
                taken.append((before, newest, tmp_path / f"copy-{len(taken)}.db"))
                taken[-1][2].write_bytes(newest.read_bytes())
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=60)
        everything = acknowledged(tablets)
        assert [e for t in tablets for e in t.errors] == []
        page = desk.get(server.url + "/results/ha-noi-2024/", timeout=10).text
        assert "Sao lưu gần nhất" in page and str(folder) in page and "Sao lưu ngay" in page
    finally:
        server.stop()
    assert len(everything) > 30, "too few sheets to mean anything"
    for before, _newest, copy in taken:
        keys, audited, chain_ok = sqlite_copy_state(copy, tmp_path / f"check-{copy.stem}.db")
        assert before <= keys <= everything
        assert audited == len(keys) and chain_ok


def test_automatic_backups_start_with_the_server(tmp_path):
    folder = tmp_path / "auto"
    server = make_live_server(tmp_path / "hall", CONTEST_BACKUP_DIR=str(folder), CONTEST_BACKUP_EVERY_MINUTES="1")
    server.load_demo()
    server.start()
    drain(server)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not list(folder.glob("contest-*.db")):
            time.sleep(0.2)
        made = list(folder.glob("contest-*.db"))
        assert len(made) == 1 and made[0].read_bytes()[:16] == b"SQLite format 3\x00"
        page = login(server.url).get(server.url + "/results/ha-noi-2024/", timeout=10).text
        assert "Tự động sao lưu mỗi 1 phút" in page and "Cảnh báo" not in page
    finally:
        server.stop()


def desk_app(tmp_path: Path, **config: object):  # type: ignore[no-untyped-def]
    from contest.extensions import db
    from contest.services import demo

    app = make_app(f"sqlite:///{tmp_path / 'c.db'}", str(tmp_path / "instance"), **config)
    with app.app_context():
        db.create_all()
        demo.load_demo()
        db.session.commit()
    return app


def client_login(app, username: str = "bantochuc", password: str = "danvankheo2024"):  # type: ignore[no-untyped-def]
    client = app.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token}).status_code == 302
    return client


def test_old_backups_beyond_k_are_removed_and_a_late_one_is_warned(tmp_path):
    folder = tmp_path / "keep"
    folder.mkdir()
    old = time.time() - 3600
    for n in range(4):
        path = folder / f"contest-2024082{n}-100000.db"
        path.write_bytes(b"old")
        os.utime(path, (old + n, old + n))
    app = desk_app(tmp_path, BACKUP_DIR=str(folder), BACKUP_KEEP=2, BACKUP_EVERY_MINUTES=10)
    client = client_login(app)
    page = client.get("/results/ha-noi-2024/").get_data(as_text=True)
    assert "Cảnh báo: bản sao lưu gần nhất đã cũ hơn 20 phút" in page
    token = csrf_token_from(page)
    done = client.post("/results/ha-noi-2024/backup", data={"csrf_token": token}, follow_redirects=True)
    assert "Đã sao lưu" in done.get_data(as_text=True)
    kept = sorted(p.name for p in folder.glob("contest-*.db"))
    assert len(kept) == 2 and "contest-20240823-100000.db" in kept  # the new one and the newest old one
    assert "Cảnh báo" not in client.get("/results/ha-noi-2024/").get_data(as_text=True)


def test_only_an_organizer_backs_up(tmp_path):
    app = desk_app(tmp_path, BACKUP_DIR=str(tmp_path / "b"))
    with app.app_context():
        from contest.extensions import db
        from contest.services import accounts
        accounts.create_user("truongbgk", "mat-khau-dai-123", role="head_judge")
        db.session.commit()
    client = client_login(app, "truongbgk", "mat-khau-dai-123")
    page = client.get("/results/ha-noi-2024/").get_data(as_text=True)
    assert "Sao lưu ngay" not in page and "Chưa có bản sao lưu" in page
    refused = client.post("/results/ha-noi-2024/backup", data={"csrf_token": csrf_token_from(page)})
    assert refused.status_code == 403 and not (tmp_path / "b").exists()
