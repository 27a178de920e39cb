"""A district organizer sends its winner up and the city organizer approves it, in Chromium against
the real server: the team appears in the city contest with its members and its model title.

Screenshots of each page (desktop 1280×800 and tablet 768×1024) go to $NOMINATION_SCREENSHOTS
when set (docs/screenshots holds the committed ones), else to the test's tmp dir.
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from contest.extensions import db
from contest.instance import DATABASE_FILE
from contest.services import schema
from tests.conftest import make_app
from tests.live_server import LiveServer, make_live_server
from tests.nomination_world import PASSWORD, World, build_world

SIZES = {"desktop": (1280, 800), "tablet": (768, 1024)}


@pytest.fixture(scope="module")
def movement(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, World]]:
    """The city, three districts (two with scored, published contests), served by the real server."""
    folder = tmp_path_factory.mktemp("nominations")
    app = make_app(f"sqlite:///{folder / DATABASE_FILE}", str(folder))
    with app.app_context():
        schema.upgrade()
        world = build_world(districts=3, scored=2, teams_each=6)
        db.session.commit()
        db.engine.dispose()
    server = make_live_server(folder)
    server.start()
    yield server, world
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


def _shots(page: Page, folder: Path, name: str) -> None:
    """The page at each size (full page), then back to the desktop size."""
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways at {size}"
        page.screenshot(path=str(folder / f"nominations-{name}-{size}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def _login(page: Page, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/organizer/")


def test_a_district_nominates_its_winner_and_the_city_approves_it(
        browser: Browser, movement: tuple[LiveServer, World], tmp_path: Path) -> None:
    server, world = movement
    folder = Path(os.environ.get("NOMINATION_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    base, child = server.url, world.district_contests["quan-1"]
    district = browser.new_context(viewport={"width": 1280, "height": 800})
    page = district.new_page()
    _login(page, base, "quan1")
    page.goto(f"{base}/organizer/contests/{child}/send-up")
    expect(page.locator("h1")).to_contain_text("Gửi đội lên")
    _shots(page, folder, "1-send-up")
    page.locator("tr", has_text="Phường Phú Thượng").get_by_role("button", name="Đề cử").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã đề cử")
    page.fill("textarea[name=supporting]", "Hoàng Văn Dũng\nVũ Thị Hoa")
    page.get_by_role("button", name="Lưu thay đổi").click()
    expect(page.locator(".flash-success")).to_be_visible()
    _shots(page, folder, "2-check-and-submit")
    page.get_by_role("button", name="Gửi lên cấp trên").click()
    expect(page.locator("tr", has_text="Quận Tây Hồ")).to_contain_text("Chờ quyết định")
    district.close()

    city = browser.new_context(viewport={"width": 1280, "height": 800})
    page = city.new_page()
    _login(page, base, "thanhpho")
    page.goto(f"{base}/organizer/contests/{world.city_contest}/nominations")
    expect(page.locator("h1")).to_contain_text("Đề cử từ cấp dưới")
    _shots(page, folder, "3-city-nominations")
    page.get_by_role("link", name="Xem và duyệt").click()
    expect(page.locator("dl.facts")).to_contain_text("Vũ Thị Hoa")
    _shots(page, folder, "4-city-decides")
    page.get_by_role("button", name="Duyệt đội").click()
    expect(page.locator(".flash-success")).to_contain_text("Quận Tây Hồ")
    page.get_by_role("link", name="Mở thông tin đội").click()
    expect(page.locator("input[name=name]")).to_have_value("Quận Tây Hồ")
    expect(page.locator("textarea[name=supporting]")).to_have_value("Hoàng Văn Dũng\nVũ Thị Hoa")
    expect(page.locator("textarea[name=official]")).to_have_value("Lê Văn An 1\nPhạm Thị Bình 1")
    expect(page.locator("textarea[name=model_title]")).to_have_value(
        "Mô hình “Dân vận khéo” số 1: vận động hiến đất mở đường")
    page.goto(f"{base}/organizer/bodies/ha-noi/pipeline")
    expect(page.locator(".table.pipeline")).to_contain_text("Đã duyệt")
    _shots(page, folder, "5-pipeline")
    city.close()
