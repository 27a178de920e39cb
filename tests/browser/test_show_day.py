"""The organizer's show-day view in Chromium: stage, timer, screens, freeze and ceremony on one page,
driven from the keyboard. A key never fires while a form field has the focus."""

import re

from playwright.sync_api import Page, expect

from tests.standings.live_judges import SLUG, seed_final

DAY = f"/show/{SLUG}/day?round=chung-khao"


def log_in(page: Page, base: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Tên đăng nhập").fill("bantochuc")
    page.get_by_label("Mật khẩu").fill("danvankheo2024")
    page.get_by_role("button", name="Đăng nhập").click()


def press(page: Page, key: str) -> None:
    """Press once the previous action is done: a key pressed while one is on its way is ignored."""
    expect(page.locator("body:not([data-busy])")).to_be_attached()
    page.keyboard.press(key)


def test_shortcuts_run_the_stage_the_timer_and_the_ceremony(live_server, live_url: str, page: Page):
    seed_final(live_server.env)  # six finalists, every sheet in
    log_in(page, live_url)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_url + DAY)
    legend = page.locator(".shortcuts")
    for key in ("N", "T", "R"):
        expect(legend.locator("kbd", has_text=re.compile(f"^{key}$"))).to_be_visible()
    on_stage = page.locator(".on-stage .stage-team")
    expect(on_stage).to_have_text("Chưa có đội trên sân khấu")
    first, second = page.locator("tbody tr td:nth-child(2)").nth(0).inner_text(), \
        page.locator("tbody tr td:nth-child(2)").nth(1).inner_text()
    expect(legend.locator("[data-shortcut-hint=next-team]")).to_have_text(first)
    page.evaluate("window.notReloaded = true")

    # An N typed in a form field (the screens' list) sends nothing.
    page.locator("#follow-cluster").focus()
    page.keyboard.press("n")
    page.wait_for_timeout(500)
    expect(on_stage).to_have_text("Chưa có đội trên sân khấu")

    # A radio button left focused by a click takes no letters: there the keys work.
    page.locator("input[name=by]").first.focus()
    press(page, "n")
    expect(on_stage).to_have_text(first)
    expect(legend.locator("[data-shortcut-hint=next-team]")).to_have_text(second)
    press(page, "n")
    expect(on_stage).to_have_text(second)

    press(page, "t")
    expect(page.get_by_role("button", name=re.compile("Dừng đồng hồ"))).to_be_visible()
    expect(page.locator(".timer-clock")).not_to_have_text("0:00", timeout=5000)  # it ticks
    press(page, "t")
    expect(page.get_by_role("button", name=re.compile("^▶ Bấm giờ"))).to_be_visible()

    page.get_by_role("button", name="Chuẩn bị công bố").click()
    preview = page.locator("[data-reveal-preview] li")
    expect(preview.first).to_be_visible()
    first_step = preview.all_inner_texts()
    press(page, "r")
    expect(page.locator("#ceremony")).to_contain_text("Đã gửi 1 trên")
    assert preview.all_inner_texts() != first_step
    assert page.evaluate("window.notReloaded") is True
