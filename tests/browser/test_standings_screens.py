"""The hall's screens in Chromium against the real server: a judge's score reaches the projector and
a phone; a frozen board shows no new score to the public while the organizer sees it."""


import pytest
from playwright.sync_api import Browser, Page, expect

from tests.standings.live_judges import SLUG, organizer, panel, post_form

BA_DINH = "Quận Ba Đình"
DONG_DA = "Quận Đống Đa"


@pytest.fixture(scope="module")
def links(live_server) -> dict[str, str]:
    return live_server.judge_links()


def open_screens(browser: Browser, base: str) -> tuple[Page, Page]:
    projector = browser.new_page(viewport={"width": 1920, "height": 1080})
    projector.goto(f"{base}/c/{SLUG}/projector")
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.goto(f"{base}/c/{SLUG}/live")
    for page in (projector, phone):
        expect(page.locator("[data-status]")).to_be_hidden()  # the socket is connected
    return projector, phone


def test_a_judges_score_appears_on_the_projector_and_a_phone(browser: Browser, live_url: str, links):
    projector, phone = open_screens(browser, live_url)
    row = projector.locator(".pj-row", has_text=BA_DINH)
    expect(row.locator(".total")).to_have_text("—")
    for judge, total in zip(panel(links, 1), ["24", "25", "26", "27", "28"], strict=True):
        judge.submit(BA_DINH, "situation", total)
    # Trimmed mean of five: drop 28 and 24 -> 26.00.
    expect(row.locator(".total")).to_have_text("26,00")
    expect(row.locator(".rank")).to_have_text("1")
    expect(phone.locator("[data-standings] li").first).to_contain_text(BA_DINH)
    expect(phone.locator("[data-standings] li").first).to_contain_text("26,00")
    projector.close()
    phone.close()


def test_a_frozen_board_hides_new_scores_from_the_public_not_from_the_organizer(
        browser: Browser, live_url: str, links, page: Page):
    projector, phone = open_screens(browser, live_url)
    page.goto(f"{live_url}/login")
    page.get_by_label("Tên đăng nhập").fill("bantochuc")
    page.get_by_label("Mật khẩu").fill("danvankheo2024")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_url}/show/{SLUG}?round=so-khao")
    page.get_by_role("button", name="Tạm dừng cập nhật").click()
    expect(page.locator("[data-mode-badge]")).to_have_text("Tạm dừng cập nhật")
    # The audience reads when the results come, nothing alarming: no "locked", no red badge.
    expect(projector.locator("[data-note]")).to_have_text("Kết quả chung cuộc sẽ được công bố tại lễ trao giải")
    expect(projector.locator("[data-mode]")).to_be_hidden()
    expect(phone.locator("[data-note]")).to_be_visible()
    try:
        for judge, total in zip(panel(links, 2), ["29", "29,5", "30", "29", "29"], strict=False):
            if judge.code != "GK23":  # GK23 comes from Đống Đa: conflict of interest
                judge.submit(DONG_DA, "situation", total)
        # Four judges (GK23 excluded): plain mean (29 + 29.5 + 29 + 29) / 4 = 29.125 -> 29.13.
        staff_row = page.locator("[data-staff-rows] tr", has_text=DONG_DA)
        expect(staff_row).to_contain_text("29,13")
        projector.wait_for_timeout(1500)  # several push intervals: nothing may arrive
        expect(projector.locator(".pj-row", has_text=DONG_DA).locator(".total")).to_have_text("—")
        assert "29,13" not in projector.content() and "29,13" not in phone.content()
    finally:
        post_form(organizer(live_url), f"{live_url}/show/{SLUG}/rounds/so-khao/mode", mode="live")
    expect(projector.locator(".pj-row", has_text=DONG_DA).locator(".total")).to_have_text("29,13")
    projector.close()
    phone.close()
