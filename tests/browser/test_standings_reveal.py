"""The award ceremony in Chromium: the organizer previews each step and sends it; two screens show
the same steps in the same order, from last place to first."""

from playwright.sync_api import Page, expect

from tests.standings.live_judges import SLUG, seed_final


def test_reveal_steps_reach_two_screens_in_the_same_order(browser, live_server, live_url: str, page: Page):
    seed_final(live_server.env)  # six finalists, every sheet in
    screens = []
    for size in ({"width": 1920, "height": 1080}, {"width": 1280, "height": 720}):
        screen = browser.new_page(viewport=size)
        screen.goto(f"{live_url}/c/{SLUG}/projector?round=chung-khao")
        expect(screen.locator("[data-status]")).to_be_hidden()
        screens.append(screen)
    page.goto(f"{live_url}/login")
    page.get_by_label("Tên đăng nhập").fill("bantochuc")
    page.get_by_label("Mật khẩu").fill("danvankheo2024")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_url}/show/{SLUG}?round=chung-khao")
    page.get_by_role("button", name="Chuẩn bị công bố").click()
    for screen in screens:
        expect(screen.locator("[data-ceremony]")).to_be_visible()
    previewed, shown = [], [[], []]
    send = page.get_by_role("button", name="Gửi bước này tới mọi màn hình")
    while send.count():
        preview = page.locator("[data-reveal-preview] li").all_inner_texts()
        previewed.append(preview)
        send.click()
        expect(page.locator(".flash-success").first).to_be_visible()
        for index, screen in enumerate(screens):
            expected_rows = sum(len(step) for step in previewed)
            # Places in the ranking list, part and audience prizes beside it.
            expect(screen.locator(".pj-reveal-row, [data-special-rows] li")).to_have_count(expected_rows)
            shown[index].append(screen.locator("[data-announce] .teams").inner_text())
    assert shown[0] == shown[1]
    # First the part prizes (best skit, best greeting: no audience vote was cast), then place 6 to place 1.
    specials, ranked = previewed[:2], previewed[2:]
    assert all(". " not in line for step in specials for line in step) and len(ranked) == 6
    # What each screen announced is what the organizer previewed, in that order.
    for step, names in zip(previewed, shown[0], strict=True):
        assert all(line.split(". ", 1)[-1].split(" — ")[0] in names for line in step)
    places = [int(step[0].split(".")[0]) for step in ranked]
    assert places == [6, 5, 4, 3, 2, 1]
    # After the last step the first place tops both screens' lists.
    for screen in screens:
        expect(screen.locator(".pj-reveal-row").first.locator(".rank")).to_have_text("1")
        screen.close()
