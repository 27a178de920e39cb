"""The real server as a subprocess (gevent), real Socket.IO clients: background pushes with
contiguous versions, cross-origin handshakes refused, and several processes sharing Redis and
PostgreSQL so every viewer is reached whichever process the judge's request hit."""

import os
import re
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import socketio

from tests.conftest import pg_schema
from tests.live_server import CONTEST_BIN, SERVING, LiveServer, make_live_server
from tests.standings.live_judges import SLUG, panel

pytestmark = pytest.mark.timeout(180)
FEED = f"/api/v1/contests/{SLUG}/rounds/so-khao/standings"


class Viewer:
    """A python-socketio client that records every standings push it receives."""

    def __init__(self, url: str, **headers: str) -> None:
        self.updates: list[dict] = []
        self.arrived = threading.Condition()
        self.client = socketio.Client(reconnection=False)
        self.client.on("standings", self._record)
        self.client.connect(url, auth={"contest": SLUG}, transports=["websocket"], headers=headers, wait_timeout=10)

    def _record(self, update: dict) -> None:
        with self.arrived:
            self.updates.append(update)
            self.arrived.notify_all()

    def wait_for(self, predicate, timeout: float = 20) -> dict:
        with self.arrived:
            assert self.arrived.wait_for(lambda: any(predicate(u) for u in self.updates), timeout), self.updates
            return next(u for u in self.updates if predicate(u))

    def close(self) -> None:
        self.client.disconnect()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[LiveServer]:
    live = make_live_server(tmp_path_factory.mktemp("standings-live"))
    live.load_demo()
    live.start()
    yield live
    live.stop()
    shutil.rmtree(live.instance_path, ignore_errors=True)


def test_background_pushes_are_contiguous_and_end_where_the_feed_is(server):
    viewer = Viewer(server.url)
    judges = panel(server.judge_links(), 1)
    start = requests.get(server.url + FEED, timeout=10).json()["v"]
    for team in ("Quận Hoàn Kiếm", "Quận Tây Hồ", "Quận Cầu Giấy"):
        for judge, total in zip(judges, ["21", "22", "23", "24", "25"], strict=True):
            judge.submit(team, "situation", total)
    last = viewer.wait_for(lambda u: len(u["i"]) == 3)
    feed = requests.get(server.url + FEED, timeout=10).json()
    versions = [u["v"] for u in viewer.updates]
    assert versions == list(range(start + 1, start + 1 + len(versions)))
    # Fifteen sheets, three board changes: bursts coalesce, nothing is skipped or reordered.
    assert len(versions) <= 15 and last["v"] == feed["v"]
    assert {k: feed[k] for k in ("i", "t", "k", "c")} == {k: last[k] for k in ("i", "t", "k", "c")}
    viewer.close()


def test_the_real_server_refuses_cross_origin_sockets(server):
    Viewer(server.url).close()  # the client's own origin is the server's: accepted
    with pytest.raises(socketio.exceptions.ConnectionError):
        Viewer(server.url, Origin="http://evil.example")
    handshake = f"{server.url}/socket.io/?EIO=4&transport=polling&contest={SLUG}"
    assert requests.get(handshake, headers={"Origin": "http://evil.example"}, timeout=10).status_code == 400
    assert requests.get(handshake, headers={"Origin": server.url}, timeout=10).status_code == 200


def test_the_development_server_pushes_too(tmp_path):
    live = make_live_server(tmp_path / "dev")
    links = live.load_demo()
    live.start(30, "--no-reload", command="run")
    try:
        viewer = Viewer(live.url)
        judges = panel({code: re.sub(r"^http://[\d.]+:\d+", live.url, link) for code, link in links.items()}, 2)
        for judge, total in zip(judges, ["20", "21", "22", "23", "24"], strict=True):
            judge.submit("Quận Hai Bà Trưng", "situation", total)
        assert viewer.wait_for(lambda u: u["i"])["t"] == [2200]
        viewer.close()
    finally:
        live.stop()


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """An empty schema: the servers under test build it with their own migrations."""
    with pg_schema(f"live_{os.getpid()}") as url:
        yield url


def start_workers(live: LiveServer, workers: int) -> tuple[subprocess.Popen, list[str]]:
    process = subprocess.Popen([CONTEST_BIN, "serve", "--host", "127.0.0.1", "--port", "0", "--workers", str(workers)],
                               env=live.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    urls, lines = [], []
    deadline = time.monotonic() + 90  # a worker that keeps failing is restarted for ever: say why, do not hang
    while len(urls) < workers:
        line = process.stdout.readline()
        if not line or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("workers did not start:\n" + "".join(lines[-40:]))
        lines.append(line)
        match = SERVING.search(line)
        if match:
            urls.append(match.group(1))
    threading.Thread(target=process.stdout.read, daemon=True).start()  # keep draining the log
    return process, urls


@pytest.mark.redis
@pytest.mark.postgres
def test_two_worker_processes_with_redis_reach_every_viewer(tmp_path, redis_url, pg_schema_url):
    live = make_live_server(Path(tmp_path / "workers"), CONTEST_DATABASE_URL=pg_schema_url,
                            CONTEST_SOCKETIO_MESSAGE_QUEUE=redis_url,
                            CONTEST_SOCKETIO_CHANNEL=f"contest-test-{os.getpid()}")
    links = live.load_demo()
    process, (first, second) = start_workers(live, 2)
    try:
        viewers = [Viewer(first), Viewer(second)]
        judges = panel({code: re.sub(r"^http://[\d.]+:\d+", first, link) for code, link in links.items()}, 1)
        for judge, total in zip(judges, ["26", "27", "28", "29", "30"], strict=True):
            judge.submit("Quận Long Biên", "situation", total)  # every request goes to the first process
        got = [viewer.wait_for(lambda u: u["i"]) for viewer in viewers]
        assert got[0]["v"] == got[1]["v"] and got[0]["t"] == got[1]["t"] == [2800]
        feed = requests.get(second + FEED, timeout=10).json()
        assert feed["v"] == got[0]["v"] and feed["t"] == [2800]
        for viewer in viewers:
            viewer.close()
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    for url in (first, second):
        with pytest.raises(requests.ConnectionError):
            requests.get(url + "/", timeout=2)


def test_several_workers_need_redis_and_postgresql(tmp_path):
    live = make_live_server(Path(tmp_path / "refused"))
    result = live.command("serve", "--port", "0", "--workers", "2", check=False)
    assert result.returncode != 0 and "CONTEST_SOCKETIO_MESSAGE_QUEUE" in result.stderr
    live.env["CONTEST_SOCKETIO_MESSAGE_QUEUE"] = "redis://127.0.0.1:6379/0"
    result = live.command("serve", "--port", "0", "--workers", "2", check=False)
    assert result.returncode != 0 and "PostgreSQL" in result.stderr
