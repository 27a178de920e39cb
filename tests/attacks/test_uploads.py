"""Import bombs against the real server (issue 10, item 1): refused fast, cheaply, and the hall keeps running.

An organizer uploads the three files of the issue to the team import of the demo contest while a
judge's tablet polls its state. Each file must be refused in under 5 s with a Vietnamese message
naming the limit, the server's peak memory must stay within 100 MB of where it started, no judge
request may wait a second, and nothing is stored or staged. Before the fix the first file alone
took the server from ~140 MB to 2 GB and blocked it for seconds.
"""

import sqlite3
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.attacks.xlsx_files import blank_rows_bomb, dimension_bomb, shared_string_bomb
from tests.conftest import DEMO_ORGANIZER, csrf_token_from
from tests.live_server import LiveServer, make_live_server

IMPORT = "/organizer/contests/ha-noi-2024/teams/import"
BOMBS = [
    ("chu-dai.xlsx", shared_string_bomb, "Tệp chứa hơn 20 MB dữ liệu khi giải nén"),
    ("vung-khai-bao.xlsx", dimension_bomb, "Trang tính có hơn 50 cột"),
    ("dong-trong.xlsx", blank_rows_bomb, "Trang tính có hơn 5000 dòng dưới dòng tiêu đề"),
]
MB = 1024 * 1024


def memory_kb(pid: int, field: str) -> int:
    """VmRSS (now) or VmHWM (the peak since the process started) from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} for {pid}")


def team_count(instance: Path) -> int:
    with sqlite3.connect(instance / "contest.db") as conn:
        return conn.execute("SELECT COUNT(*) FROM team").fetchone()[0]


def staged_files(instance: Path) -> list[str]:
    folder = instance / "imports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


class JudgePoller(threading.Thread):
    """A judge's tablet asking for its state every 50 ms; remembers the slowest answer."""

    def __init__(self, server: LiveServer, link: str) -> None:
        super().__init__(daemon=True)
        self.url = server.url + "/judge/api/state"
        self.http = requests.Session()
        assert self.http.get(link, allow_redirects=False, timeout=10).status_code == 302
        self.stop = threading.Event()
        self.waits: list[float] = []
        self.failures: list[str] = []

    def run(self) -> None:
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                status = self.http.get(self.url, timeout=30).status_code
            except requests.RequestException as error:
                self.failures.append(repr(error))
                continue
            self.waits.append(time.monotonic() - started)
            if status != 200:
                self.failures.append(f"status {status}")
            time.sleep(0.05)


def organizer_session(server: LiveServer) -> requests.Session:
    http = requests.Session()
    token = csrf_token_from(http.get(server.url + "/login", timeout=10).text)
    response = http.post(server.url + "/login", allow_redirects=False, timeout=10,
                         data={"username": DEMO_ORGANIZER[0], "password": DEMO_ORGANIZER[1], "csrf_token": token})
    assert response.status_code == 302, response.text[:300]
    return http


@pytest.fixture
def hall(tmp_path):  # type: ignore[no-untyped-def]
    server = make_live_server(tmp_path / "instance")
    server.load_demo()
    server.start()
    yield server, server.judge_links()
    server.stop()


def test_import_bombs_are_refused_fast_and_the_judges_never_wait(hall):
    server, links = hall
    instance = server.instance_path
    files = [(name, make()) for name, make, _message in BOMBS]
    organizer = organizer_session(server)
    token = csrf_token_from(organizer.get(server.url + IMPORT, timeout=10).text)
    teams_before = team_count(instance)
    judge = JudgePoller(server, next(iter(links.values())))
    judge.start()
    time.sleep(0.5)  # a few ordinary polls first
    rss_before = memory_kb(server.process.pid, "VmRSS")
    took, pages = {}, {}
    try:
        for name, data in files:
            started = time.monotonic()
            response = organizer.post(server.url + IMPORT, data={"csrf_token": token},
                                      files={"file": (name, data)}, timeout=120)
            took[name] = time.monotonic() - started
            pages[name] = (response.status_code, response.text)
        time.sleep(0.3)
    finally:
        judge.stop.set()
        judge.join(timeout=60)
    peak_growth_mb = (memory_kb(server.process.pid, "VmHWM") - rss_before) / 1024
    assert all(seconds < 5 for seconds in took.values()), took
    assert peak_growth_mb < 100, f"peak RSS grew {peak_growth_mb:.0f} MB"
    assert not judge.failures, judge.failures[:5]
    assert len(judge.waits) > 10 and max(judge.waits) < 1.0, (max(judge.waits), took)
    for name, _make, message in BOMBS:  # the refusal names the limit, in Vietnamese
        status, text = pages[name]
        assert status == 200 and message in text, (name, status, text[-1500:])
    assert team_count(instance) == teams_before
    assert staged_files(instance) == []
