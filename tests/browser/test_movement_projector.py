"""The projector after the ceremony in Chromium: the standings as they moved appear in the side
panel once the last step is sent, not before."""

from playwright.sync_api import Page, expect

from tests.standings.live_judges import SLUG, seed_final


def test_the_projector_draws_the_movement_after_the_last_step(browser, live_server, live_url: str, page: Page):
    seed_final(live_server.env)  # six finalists, every sheet in
    projector = browser.new_page(viewport={"width": 1920, "height": 1080})
    projector.goto(f"{live_url}/c/{SLUG}/projector?round=chung-khao")
    expect(projector.locator("[data-status]")).to_be_hidden()
    page.goto(f"{live_url}/login")
    page.get_by_label("Tên đăng nhập").fill("bantochuc")
    page.get_by_label("Mật khẩu").fill("danvankheo2024")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_url}/show/{SLUG}?round=chung-khao")
    page.get_by_role("button", name="Chuẩn bị công bố").click()
    send = page.get_by_role("button", name="Gửi bước này tới mọi màn hình")
    picture = projector.locator(".pj-movement svg")
    rows = 0
    while send.count():
        expect(picture).to_have_count(0)  # not before the ceremony is over
        rows += page.locator("[data-reveal-preview] li").count()
        send.click()
        expect(page.locator(".flash-success").first).to_be_visible()
        # Places join the ranking; part and audience prizes sit in the side list beside it.
        expect(projector.locator(".pj-reveal-row, [data-special-rows] li")).to_have_count(rows)
    expect(picture).to_be_visible(timeout=15000)  # a loaded machine: generous
    expect(projector.locator(".pj-stage")).to_be_hidden()
    # Six finalists: the last column lists them 1 to 6.
    for place in range(1, 7):
        expect(picture.locator("text", has_text=f"{place}. ").first).to_be_attached()
    projector.close()
