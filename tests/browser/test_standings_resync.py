"""A screen never shows a stale board: a phone that lost the hall's Wi-Fi shows, once back, the
scores given while it was away; a screen that missed a push fetches the full snapshot.

Chromium's WebSocket to the real server runs through Playwright's WebSocket routing, so the test
can cut the connection or drop one frame while the server and the page stay real."""

import re
import time

import pytest
from playwright.sync_api import Page, WebSocketRoute, expect

from tests.standings.live_judges import SLUG, panel

HOAN_KIEM = "Quận Hoàn Kiếm"
TAY_HO = "Quận Tây Hồ"
CAU_GIAY = "Quận Cầu Giấy"
FEED = re.compile(rf"/api/v1/contests/{SLUG}/rounds/so-khao/standings(\?.*)?$")


class Hall:
    """Between the page and the server: forwards every frame, drops pushes when told to, and can
    take the page off the network (Chromium's offline mode: new connections fail, as without Wi-Fi)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.dropping = False      # swallow standings pushes, as when one is lost
        self.dropped = 0
        self.sockets: list[WebSocketRoute] = []
        page.route_web_socket(re.compile(r"/socket\.io/"), self._socket)

    def _socket(self, ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()
        server.on_message(lambda message: self._from_server(ws, message))
        ws.on_message(server.send)
        self.sockets.append(ws)

    def _from_server(self, ws: WebSocketRoute, message: str | bytes) -> None:
        if self.dropping and isinstance(message, str) and message.startswith('42["standings"'):
            self.dropped += 1
            return
        ws.send(message)

    def lose_wifi(self) -> None:
        self.page.context.set_offline(True)
        for ws in self.sockets:
            ws.close()
        self.sockets.clear()

    def back_in_range(self) -> None:
        self.page.context.set_offline(False)


@pytest.fixture(scope="module")
def judges(live_server) -> list:
    """Cluster 1's five judges, logged in once (their links are one-time)."""
    return panel(live_server.judge_links(), 1)


def open_phone(page: Page, base: str) -> Hall:
    page.set_viewport_size({"width": 390, "height": 844})
    hall = Hall(page)
    page.goto(f"{base}/c/{SLUG}/live")
    expect(page.locator("[data-status]")).to_be_hidden()  # connected
    return hall


def row(page: Page, team: str):
    return page.locator("[data-standings] li", has_text=team)


def test_a_phone_back_on_the_wifi_shows_the_scores_given_while_it_was_away(page: Page, live_url: str, judges):
    hall = open_phone(page, live_url)
    expect(row(page, HOAN_KIEM)).to_contain_text("—")
    hall.lose_wifi()
    expect(page.locator("[data-status]")).to_be_visible()  # the phone says it is offline
    for judge, total in zip(judges, ["20", "21", "22", "23", "24"], strict=True):
        judge.submit(HOAN_KIEM, "situation", total)
    page.wait_for_timeout(1500)  # the push went out while the phone was away
    expect(row(page, HOAN_KIEM)).to_contain_text("—")
    hall.back_in_range()  # Socket.IO reconnects by itself
    expect(page.locator("[data-status]")).to_be_hidden(timeout=15_000)
    # No further push is needed: reconnecting fetches the snapshot. Trimmed mean of 20..24 -> 22.00.
    expect(row(page, HOAN_KIEM)).to_contain_text("22,00")


def test_a_screen_that_missed_a_push_fetches_the_snapshot(page: Page, live_url: str, judges):
    hall = open_phone(page, live_url)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if FEED.search(request.url) else None)
    hall.dropping = True
    for judge, total in zip(judges, ["25", "26", "27", "28", "29"], strict=True):
        judge.submit(TAY_HO, "situation", total)
    deadline = time.monotonic() + 15
    while not hall.dropped and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert hall.dropped, "the server never pushed the Tây Hồ update"
    page.wait_for_timeout(500)
    expect(row(page, TAY_HO)).to_contain_text("—")  # this screen has not heard of it
    hall.dropping = False
    for judge, total in zip(judges, ["18", "19", "20", "21", "22"], strict=True):
        judge.submit(CAU_GIAY, "situation", total)
    # The next push skips a version: the page asks for a snapshot at least that new, and shows both.
    expect(row(page, CAU_GIAY)).to_contain_text("20,00")
    expect(row(page, TAY_HO)).to_contain_text("27,00")
    assert any("?v=" in url for url in asked), asked
