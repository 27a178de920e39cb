"""Metrics of the real server: viewers per contest, pushes and their latency, sheets stored and refused."""

import shutil
from collections.abc import Iterator

import pytest
import requests

from tests.live_server import LiveServer, make_live_server
from tests.operations.test_health_metrics import metric
from tests.standings.live_judges import SLUG, panel
from tests.standings.test_standings_live import Viewer

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[LiveServer]:
    live = make_live_server(tmp_path_factory.mktemp("metrics-live"))
    live.load_demo()
    live.start()
    yield live
    live.stop()
    shutil.rmtree(live.instance_path, ignore_errors=True)


def scrape(server: LiveServer) -> str:
    response = requests.get(server.url + "/metrics", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    return response.text


def test_viewers_pushes_latency_and_sheets_are_counted(server):
    before = scrape(server)
    viewers = [Viewer(server.url), Viewer(server.url)]
    assert metric(scrape(server), "contest_viewers_connected", contest=SLUG) == 2
    judges = panel(server.judge_links(), 1)
    for judge, total in zip(judges, ["21", "22", "23", "24", "25"], strict=True):
        judge.submit("Quận Hoàn Kiếm", "situation", total)
    viewers[0].wait_for(lambda u: len(u["i"]) >= 1)
    refused = judge.http.post(f"{judge.base}/judge/api/sheets", json={"key": "bad"}, timeout=10)
    assert refused.status_code == 422
    after = scrape(server)
    assert metric(after, "contest_pushes_total", room="public") > metric(before, "contest_pushes_total", room="public")
    assert metric(after, "contest_push_latency_seconds_count") > metric(before, "contest_push_latency_seconds_count")
    assert metric(after, "contest_sheets_total", outcome="stored", reason="") == 5
    assert metric(after, "contest_sheets_total", outcome="refused", reason="invalid") == 1
    for viewer in viewers:
        viewer.close()
    assert metric(scrape(server), "contest_viewers_connected", contest=SLUG) == 0
