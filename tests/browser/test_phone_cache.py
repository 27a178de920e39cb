"""The phone page in Chromium: the first visit downloads compressed files, a second visit asks the
server for no static file at all (content-hashed URLs, cached a year) and still shows the standings."""

from playwright.sync_api import Page, expect


def network_requests(page: Page) -> list[tuple[str, int]]:
    """(url, encoded bytes) of what the server was asked during the next navigation, from the DevTools
    protocol: Playwright also reports requests the browser answered from its own cache."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    seen: dict[str, dict] = {}
    cdp.on("Network.requestWillBeSent", lambda e: seen.setdefault(e["requestId"], {"url": e["request"]["url"]}))
    cdp.on("Network.requestServedFromCache", lambda e: seen.get(e["requestId"], {}).update(cached=True))
    cdp.on("Network.responseReceived", lambda e: seen.get(e["requestId"], {}).update(
        encoding=e["response"]["headers"].get("content-encoding", e["response"]["headers"].get("Content-Encoding"))))
    page.wait_for_timeout(0)
    return seen  # type: ignore[return-value]


def test_second_visit_needs_no_static_request(page: Page, live_url: str):
    first = network_requests(page)
    page.goto(live_url + "/c/ha-noi-2024/live")
    expect(page.locator("[data-standings]")).to_be_visible()
    page.wait_for_load_state("load")
    static = [r for r in first.values() if "/static/" in r["url"]]
    assert static and all("?v=" in r["url"] for r in static)
    assert all(r.get("encoding") in ("br", "gzip") for r in static if r["url"].split("?")[0].endswith((".js", ".css")))
    page.goto("about:blank")
    second = network_requests(page)
    page.goto(live_url + "/c/ha-noi-2024/live")
    expect(page.locator("[data-standings]")).to_be_visible()
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    asked = [r["url"] for r in second.values() if "/static/" in r["url"] and not r.get("cached")]
    assert asked == []
    assert any("/c/ha-noi-2024/live" in r["url"] for r in second.values())  # the page itself: never cached
