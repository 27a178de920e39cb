"""With `contest serve --workers 2`, a judge revoked through one process loses the socket it holds
on the other: that process never saw the request, its sweep closes the socket within seconds."""

import os
import re
import signal
import time

import pytest
import requests
import socketio

from tests.live_server import make_live_server
from tests.standings.live_judges import SLUG, organizer, post_form
from tests.standings.test_standings_live import pg_schema_url, start_workers  # noqa: F401  (fixture)

pytestmark = pytest.mark.timeout(180)


@pytest.mark.redis
@pytest.mark.postgres
def test_a_judge_revoked_on_one_worker_loses_its_socket_on_the_other(tmp_path, redis_url, pg_schema_url):  # noqa: F811
    live = make_live_server(tmp_path / "revoke", CONTEST_DATABASE_URL=pg_schema_url,
                            CONTEST_SOCKETIO_MESSAGE_QUEUE=redis_url,
                            CONTEST_SOCKETIO_CHANNEL=f"contest-revoke-{os.getpid()}")
    links = live.load_demo()
    process, (first, second) = start_workers(live, 2)
    try:
        tablet = requests.Session()
        tablet.get(re.sub(r"^http://[\d.]+:\d+", second, links["GK12"]), timeout=10).raise_for_status()
        judge_id = tablet.get(f"{second}/judge/api/state", timeout=10).json()["judge"]["id"]
        heard: list[str] = []
        # This client ignores "revoked" (a browser tablet disconnects itself): only the server can close it.
        client = socketio.Client(reconnection=False)
        client.on("revoked", lambda _payload: heard.append("revoked"))
        client.on("disconnect", lambda *_reason: heard.append("disconnect"))
        cookie = "; ".join(f"{c.name}={c.value}" for c in tablet.cookies)
        client.connect(second, auth={"contest": SLUG}, headers={"Cookie": cookie}, transports=["websocket"],
                       wait_timeout=10)

        post_form(organizer(first), f"{first}/judge/access/{SLUG}/judges/{judge_id}/revoke")
        deadline = time.monotonic() + 15
        while "disconnect" not in heard and time.monotonic() < deadline:
            time.sleep(0.1)
        assert heard == ["revoked", "disconnect"]
        assert tablet.get(f"{second}/judge/api/state", timeout=10, allow_redirects=False).status_code in (302, 401)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
