"""No page is wider than the screen it is read on: the organizer's laptop and tablet, the audience's
phone. A table too wide for its card scrolls inside it; the page itself never scrolls sideways."""

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.live_server import LiveServer, make_live_server

CONTESTS = ("ha-noi-2024", "ha-noi-noi-thanh-2023")  # the demo, and the scored, published 2023 archive
STAFF = ["/organizer/"] + [path.format(slug) for slug in CONTESTS for path in (
    "/organizer/contests/{}", "/organizer/contests/{}/rounds", "/organizer/contests/{}/teams",
    "/organizer/contests/{}/registrations", "/organizer/contests/{}/draws", "/desk/{}/", "/desk/{}/head",
    "/desk/{}/review", "/desk/{}/secretary", "/desk/{}/show", "/desk/{}/audit", "/judge/access/{}",
    "/show/{}", "/show/{}/day", "/desk/{}/head/charts", "/results/{}/",
)]
PUBLIC = ["/", "/c/ha-noi-2024", "/c/ha-noi-2024/live", "/c/ha-noi-2024/draw-screen",
          "/c/ha-noi-noi-thanh-2023/live", "/c/ha-noi-noi-thanh-2023/results",
          "/c/ha-noi-noi-thanh-2023/results/print"]
WIDEST = """(width) => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > width + 1 && !e.closest('.table-scroll'))
  .slice(0, 3).map((e) => `${e.tagName.toLowerCase()}.${e.className}`)"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = make_live_server(tmp_path_factory.mktemp("widths"))
    live.load_demo()
    live.command("demo-archive")
    live.start()
    yield live
    live.stop()
    shutil.rmtree(live.instance_path, ignore_errors=True)


def overflowing(page: Page, base: str, paths: list[str], width: int) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        response = page.goto(base + path)
        assert response is not None and response.ok, path
        page.wait_for_load_state("networkidle")
        if page.evaluate("document.documentElement.scrollWidth") > width:
            found[path] = page.evaluate(WIDEST, width)
    return found


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (768, 1024)])
def test_staff_and_public_pages_fit_a_laptop_and_a_tablet(browser: Browser, server: LiveServer, width: int,
                                                         height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(server.url + "/login")
    page.fill("input[name=username]", "bantochuc")
    page.fill("input[name=password]", "danvankheo2024")
    page.click("button[type=submit]")
    page.wait_for_url("**/organizer/")
    assert overflowing(page, server.url, STAFF + PUBLIC, width) == {}
    context.close()


def test_public_pages_fit_a_phone(browser: Browser, server: LiveServer):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    assert overflowing(context.new_page(), server.url, PUBLIC, 390) == {}
    context.close()
