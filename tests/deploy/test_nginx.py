"""The shipped nginx configuration, for real: Debian's nginx with deploy/nginx/contest.conf (ports and
paths substituted) in front of `contest serve --workers 2` on PostgreSQL and a Redis of the test's own.

Clients come from distinct loopback addresses (127.0.0.x): nginx forwards each one's address, the app
(trusting 127.0.0.1, where nginx connects from) sees it, and a client that reaches a worker directly
cannot pose as another with a forged X-Forwarded-For.
"""

import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.conftest import IN_CI, pg_schema
from tests.live_server import CONTEST_BIN, make_live_server
from tests.operations.redis_server import OwnRedis, free_port
from tests.operations.test_health_metrics import metric
from tests.standings.live_judges import SLUG, Judge, organizer
from tests.standings.test_standings_live import Viewer

pytestmark = [pytest.mark.timeout(240), pytest.mark.postgres, pytest.mark.redis]
CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "contest.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def nginx_config(folder: Path, port: int, workers: list[int]) -> Path:
    """The repository's file with the test's ports and paths, inside a minimal main configuration."""
    site = CONF.read_text()
    upstreams = "".join(f"    server 127.0.0.1:{p};\n" for p in workers)
    site = re.sub(r"(    server 127\.0\.0\.1:\d+;.*\n)+", upstreams, site)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    site = site.replace("/var/cache/nginx/contest", str(folder / "cache"))
    main = folder / "nginx.conf"
    temp = folder / "temp"
    main.write_text(f"""user root;
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    {site}
}}
""")
    temp.mkdir()
    return main


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


def get_from(source: str, port: int, path: str, **headers: str) -> http.client.HTTPResponse:
    """A GET sent from the loopback address ``source`` (a distinct client)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[dict]:
    if not os.path.exists(NGINX):
        message = "nginx is not installed (apt-get install nginx; .ci/run does it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("nginx")
    redis = OwnRedis(folder)
    with pg_schema(f"nginx_{os.getpid()}") as pg_url:
        live = make_live_server(folder / "instance", CONTEST_DATABASE_URL=pg_url,
                                CONTEST_SOCKETIO_MESSAGE_QUEUE=redis.url, CONTEST_RATELIMIT_STORAGE_URI=redis.url,
                                CONTEST_SOCKETIO_CHANNEL=f"nginx-{secrets.token_hex(4)}",
                                CONTEST_TRUSTED_PROXIES="127.0.0.1")
        live.command("demo", "--no-serve", "--no-archive")
        first = free_port()
        while True:  # two consecutive free ports for the workers
            second = first + 1
            try:
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", second))
                break
            except OSError:
                first = free_port()
        log = (folder / "server.log").open("w")
        server = subprocess.Popen([CONTEST_BIN, "serve", "--host", "127.0.0.1", "--port", str(first),
                                   "--workers", "2", "--access-log-json"], env=live.env, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
        nginx = None
        try:
            for port in (first, second):
                wait_until_up(f"http://127.0.0.1:{port}/healthz")
            port = free_port()
            nginx = subprocess.Popen([NGINX, "-c", str(nginx_config(folder, port, [first, second]))],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base + "/healthz", 20)
            live.url = base
            yield {"base": base, "port": port, "workers": (first, second), "live": live,
                   "log": folder / "server.log"}
        finally:
            if nginx is not None:
                nginx.terminate()
                nginx.wait(timeout=10)
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
            log.close()
            redis.stop()


def access_lines(stack: dict) -> list[dict]:
    lines = []
    for line in stack["log"].read_text().splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


def logged(stack: dict, path: str, timeout: float = 5) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [entry for entry in access_lines(stack) if entry["path"] == path]
        if found:
            return found[-1]
        time.sleep(0.1)
    raise AssertionError(f"{path} not in the access log")


def test_login_judging_and_a_viewer_through_nginx(stack):
    base = stack["base"]
    desk = organizer(base)  # the form, its CSRF token and the session cookie, through the proxy
    assert desk.get(f"{base}/results/{SLUG}/", timeout=10).status_code == 200
    links = {code: re.sub(r"^http://[\d.]+:\d+", base, link) for code, link in stack["live"].load_demo().items()}
    viewer = Viewer(base)
    judges = [Judge(f"GK1{seat}", links[f"GK1{seat}"]) for seat in range(1, 6)]
    for judge, total in zip(judges, ["21", "22", "23", "24", "25"], strict=True):
        assert judge.submit("Quận Hoàn Kiếm", "situation", total).status_code == 201
    update = viewer.wait_for(lambda u: len(u["i"]) >= 1)
    assert update["t"][0] == 2300
    metrics = requests.get(base + "/metrics", timeout=10)  # from the machine itself: allowed
    assert metric(metrics.text, "contest_viewers_connected", contest=SLUG) >= 1
    stored = metric(metrics.text, "contest_sheets_total", outcome="stored", reason="")
    assert stored >= 5
    # Every worker reports the deployment's figures (ip_hash sent this client to one of them).
    for port in stack["workers"]:
        direct = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
        assert metric(direct, "contest_sheets_total", outcome="stored", reason="") == stored
        assert metric(direct, "contest_viewers_connected", contest=SLUG) >= 1
    viewer.close()


def test_the_feed_is_served_from_nginx_cache(stack):
    url = stack["base"] + f"/api/v1/contests/{SLUG}/rounds/so-khao/standings?probe={secrets.token_hex(4)}"
    first = requests.get(url, timeout=10)
    second = requests.get(url, timeout=10)
    assert first.status_code == second.status_code == 200
    assert first.headers["X-Cache"] in ("MISS", "EXPIRED")
    assert second.headers["X-Cache"] == "HIT"
    assert second.headers["Access-Control-Allow-Origin"] == "*"
    assert first.json()["v"] == second.json()["v"]


def test_the_app_sees_the_client_nginx_forwarded_and_ignores_forged_headers(stack):
    through = get_from("127.0.0.3", stack["port"], "/healthz?via=nginx", **{"X-Forwarded-For": "198.51.100.4"})
    assert through.status == 200
    assert logged(stack, "/healthz")  # the log is written
    entries = [e for e in access_lines(stack) if e["query"] == "via=nginx"]
    assert entries and entries[-1]["remote_addr"] == "127.0.0.3"  # not the forged hop, not nginx
    direct = get_from("127.0.0.5", stack["workers"][0], "/healthz?via=direct", **{"X-Forwarded-For": "127.0.0.9"})
    assert direct.status == 200
    time.sleep(0.5)
    entries = [e for e in access_lines(stack) if e["query"] == "via=direct"]
    assert entries and entries[-1]["remote_addr"] == "127.0.0.5"


def test_rate_limits_count_each_real_client(stack):
    port = stack["port"]
    path = "/register/" + secrets.token_hex(8)  # limited to 60 per minute per client
    statuses = [get_from("127.0.0.6", port, path).status for _ in range(61)]
    assert statuses[:60] == [404] * 60 and statuses[60] == 429
    assert get_from("127.0.0.7", port, path).status == 404  # another phone behind the same nginx
    # A client reaching a worker directly cannot spend another client's allowance, nor escape its own.
    assert get_from("127.0.0.8", stack["workers"][1], path, **{"X-Forwarded-For": "127.0.0.6"}).status == 404
