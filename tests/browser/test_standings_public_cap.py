"""A phone over the server's public socket cap, in Chromium: refused a socket, it polls the cached
feed, shows no alarm, and still gets the judges' scores within seconds."""

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from tests.live_server import LiveServer, make_live_server
from tests.standings.live_judges import SLUG, panel

HOAN_KIEM = "Quận Hoàn Kiếm"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One public socket per process: the projector takes it, every phone is over the cap."""
    server = make_live_server(tmp_path_factory.mktemp("public-cap"), CONTEST_PUBLIC_SOCKET_LIMIT="1")
    server.load_demo()
    server.start()
    yield server
    server.stop()
    shutil.rmtree(server.instance_path, ignore_errors=True)


def test_a_phone_refused_a_socket_polls_the_feed_and_shows_the_scores(browser: Browser, live_server: LiveServer):
    base = live_server.url
    projector = browser.new_page(viewport={"width": 1920, "height": 1080})
    projector.goto(f"{base}/c/{SLUG}/projector")
    expect(projector.locator("[data-status]")).to_be_hidden()  # the projector has the one socket
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    polls = []
    phone.on("request", lambda r: polls.append(r.url) if "/standings" in r.url else None)
    refused = []
    phone.on("websocket", lambda ws: ws.on("framereceived", lambda f: refused.append(f) if "public-full" in str(
        f) else None))
    phone.goto(f"{base}/c/{SLUG}/live")
    expect(phone.locator("[data-standings]")).to_be_visible()
    phone.wait_for_timeout(4000)
    assert refused, "the phone was given a socket: the cap did not hold"
    assert len(polls) >= 3, polls  # polling every 1-2 s
    expect(phone.locator("[data-status]")).to_be_hidden()  # nothing alarming on the phone
    for judge, total in zip(panel(live_server.judge_links(), 1), ["20", "21", "22", "23", "24"], strict=True):
        judge.submit(HOAN_KIEM, "situation", total)
    # Trimmed mean of five: drop 24 and 20 -> 22.00, on the phone as on the projector.
    expect(phone.locator("[data-standings] li").first).to_contain_text(HOAN_KIEM, timeout=10_000)
    expect(phone.locator("[data-standings] li").first).to_contain_text("22,00")
    expect(projector.locator(".pj-row", has_text=HOAN_KIEM).locator(".total")).to_have_text("22,00")
    projector.close()
    phone.close()


def test_a_refused_phone_takes_a_socket_once_one_is_free_and_stops_polling(browser: Browser, live_server: LiveServer):
    """The phone asks again after 30-60 s (its clock is moved on): the projector has left, so the
    socket is granted, and the phone reads pushes instead of polling the feed."""
    base = live_server.url
    projector = browser.new_page(viewport={"width": 1920, "height": 1080})
    projector.goto(f"{base}/c/{SLUG}/projector")
    expect(projector.locator("[data-status]")).to_be_hidden()
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.clock.install()
    polls = []
    phone.on("request", lambda r: polls.append(r.url) if "/standings" in r.url else None)
    frames: list[str] = []
    phone.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(str(f))))
    phone.goto(f"{base}/c/{SLUG}/live")
    phone.wait_for_timeout(3000)
    assert any("public-full" in f for f in frames), frames
    assert not any(f.startswith('40{"sid"') for f in frames), "a socket was granted over the cap"
    projector.close()  # its socket frees the one public place
    phone.wait_for_timeout(1000)
    phone.clock.fast_forward("01:00")
    for _ in range(50):
        if any(f.startswith('40{"sid"') for f in frames):
            break
        phone.wait_for_timeout(200)
    assert any(f.startswith('40{"sid"') for f in frames), "the phone never asked for a socket again"
    phone.wait_for_timeout(1000)  # the snapshot fetched on connecting
    settled = len(polls)
    phone.wait_for_timeout(4000)
    assert len(polls) - settled <= 1, polls[settled:]  # no more polling every 1-2 s
    expect(phone.locator("[data-status]")).to_be_hidden()
    phone.close()
