"""The hall projector shows every judge's score and every team name whole: no "Tổn" for "Tổng",
no "Đảng bộ Khối …", whatever the panel size and the projector's resolution."""

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.show_support import LONGEST_NAME, clipped_texts, seed_final
from tests.standings.live_judges import SLUG

SCREENS = [{"width": 1920, "height": 1080}, {"width": 1280, "height": 720}]
CARD_TEXTS = ".pj-card th, .pj-card td, .pj-card-team, .pj-card-total span"


@pytest.mark.parametrize("judges", [3, 5, 7, 9], ids=lambda n: f"{n}-judges")
def test_score_card_shows_every_judge_and_the_total(browser: Browser, live_server, live_url: str, judges: int):
    seed_final(live_server.env, judges)
    for size in SCREENS:
        screen = browser.new_page(viewport=size)
        screen.goto(f"{live_url}/c/{SLUG}/projector?round=chung-khao")
        expect(screen.locator(".pj-card-team")).to_have_text(LONGEST_NAME)
        screen.evaluate("document.fonts.ready")
        expect(screen.locator(".pj-card thead th")).to_have_count(judges + 2)
        assert clipped_texts(screen, CARD_TEXTS) == [], size
        assert clipped_texts(screen, ".pj-row .name") == [], size
        screen.close()


def test_every_demo_name_fits_the_35_team_board(browser: Browser, live_url: str):
    for size in SCREENS:
        screen = browser.new_page(viewport=size)
        screen.goto(f"{live_url}/c/{SLUG}/projector?round=so-khao")
        expect(screen.locator(".pj-row")).to_have_count(35)
        screen.evaluate("document.fonts.ready")
        names = screen.locator(".pj-row .name").all_inner_texts()
        assert any(name.startswith("Đảng bộ Khối các trường") for name in names)
        assert clipped_texts(screen, ".pj-row .name") == [], size
        screen.close()
