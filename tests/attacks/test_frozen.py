"""While the public board is frozen, a public socket on the live server hears nothing of judging
progress: locking a team reaches the judges' tablets, never the public room."""

import threading
import time

import pytest
import socketio

from tests.live_server import LiveServer
from tests.standings.live_judges import SLUG, Judge, organizer, post_form

pytestmark = pytest.mark.timeout(240)


class Listener:
    """A Socket.IO client recording the name of every event it receives."""

    def __init__(self, url: str, **headers: str) -> None:
        self.events: list[str] = []
        self.heard = threading.Condition()
        self.client = socketio.Client(reconnection=False)
        self.client.on("*", self._record)
        self.client.connect(url, auth={"contest": SLUG}, transports=["websocket"], headers=headers, wait_timeout=10)

    def _record(self, event: str, *_args: object) -> None:
        with self.heard:
            self.events.append(event)
            self.heard.notify_all()

    def wait_for(self, event: str, timeout: float = 15) -> bool:
        with self.heard:
            return self.heard.wait_for(lambda: event in self.events, timeout)


@pytest.mark.parametrize("hall", ["sqlite"], indirect=True)
def test_a_lock_while_frozen_reaches_the_judges_and_not_the_public(hall: LiveServer):
    judge = Judge("GK21", hall.links["GK21"])
    desk = organizer(hall.url)
    post_form(desk, f"{hall.url}/show/{SLUG}/rounds/so-khao/mode", mode="frozen")
    time.sleep(1)  # let the freeze's own standings push go out before listening
    public = Listener(hall.url)
    tablet = Listener(hall.url, Cookie="; ".join(f"{c.name}={c.value}" for c in judge.http.cookies))
    try:
        entry = judge.state["entries"][0]["entry_id"]
        post_form(desk, f"{hall.url}/desk/{SLUG}/head/entries/{entry}/lock?round=so-khao")
        assert tablet.wait_for("lock"), tablet.events
        time.sleep(1)  # anything sent to the public room at the same time has arrived by now
        assert "lock" not in public.events and set(public.events) <= {"standings", "show", "card"}, public.events
    finally:
        public.client.disconnect()
        tablet.client.disconnect()
