"""The hall projector (1920×1080) and a phone watch the cluster draw while the organizer steps
through it in Chromium, against the real server: every step arrives over Socket.IO."""

import os
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

SLOW = 15_000
SLUG = "ha-noi-2024"


def shots(tmp_path: Path) -> Path:
    """Screenshots go to $DRAW_SCREENSHOTS when set (to look at them), else to the test's tmp dir."""
    folder = Path(os.environ.get("DRAW_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def organizer_desk(browser: Browser, live_url: str) -> Page:
    desk = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    desk.goto(live_url + "/login")
    desk.get_by_label("Tên đăng nhập").fill("bantochuc")
    desk.get_by_label("Mật khẩu").fill("danvankheo2024")
    desk.get_by_role("button", name="Đăng nhập").click()
    desk.goto(f"{live_url}/organizer/contests/{SLUG}/draws?round=so-khao")
    return desk


def test_projector_and_phone_follow_the_organizer_step_by_step(browser: Browser, live_url: str, tmp_path: Path):
    folder = shots(tmp_path)
    desk = organizer_desk(browser, live_url)
    desk.get_by_label("Mã bốc thăm").first.fill("4 6 1 3 5 2")
    desk.get_by_label("Các đội không được chung cụm").fill(
        "Lực lượng vũ trang: Công an Thành phố Hà Nội; Bộ Tư lệnh Thủ đô Hà Nội")
    desk.get_by_role("button", name="Bốc thăm với mã này").first.click()
    expect(desk.get_by_role("heading", name="Bốc thăm chia cụm")).to_be_visible()
    desk.get_by_role("button", name="Xác nhận kết quả bốc thăm").click()
    expect(desk.locator(".reveal-count")).to_contain_text("0 / 35")
    draw_url = desk.url

    screen = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    screen.goto(f"{live_url}/c/{SLUG}/draw-screen")
    expect(screen.locator(".pj-group")).to_have_count(6)
    expect(screen.locator("#pj-progress")).to_have_text("0 / 35 đã công bố")
    expect(screen.locator(".pj-group-where").first).to_contain_text("Trung tâm Văn hóa quận Tây Hồ · 20/08/2024")
    screen.screenshot(path=str(folder / "draw-projector-0-ready.png"))
    draw_id = int(draw_url.rstrip("/").rsplit("/", 1)[1])
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    phone.goto(f"{live_url}/c/{SLUG}/draws/{draw_id}/projector")
    expect(phone.locator(".pj-group")).to_have_count(6)

    for step in range(1, 4):
        desk.get_by_role("button", name="Công bố đội tiếp theo").click()
        expect(screen.locator("#pj-progress")).to_have_text(f"{step} / 35 đã công bố", timeout=SLOW)
        expect(screen.locator(".pj-card")).to_have_count(step)
        expect(phone.locator(".pj-card")).to_have_count(step, timeout=SLOW)

    state = screen.request.get(f"{live_url}/c/{SLUG}/draws/{draw_id}/state").json()
    third = state["steps"][2]
    expect(screen.locator("#pj-spotlight")).to_have_class("pj-spotlight show")
    expect(screen.locator("#pj-spot-team")).to_have_text(third["team"])
    expect(screen.locator("#pj-spot-target")).to_have_text(f"→ {third['group']}")
    screen.screenshot(path=str(folder / "draw-projector-1-spotlight.png"))
    card = screen.locator(f'.pj-group[data-group="{third["group"]}"] .pj-card[data-team="{third["team"]}"]')
    expect(card).to_be_visible(timeout=SLOW)
    expect(screen.locator("#pj-spotlight")).not_to_have_class("pj-spotlight show", timeout=SLOW)
    expect(card).to_have_class("pj-card fresh")
    screen.screenshot(path=str(folder / "draw-projector-2-placed.png"))

    desk.get_by_role("button", name="Công bố tất cả").click()
    expect(screen.locator(".pj-card")).to_have_count(35, timeout=SLOW)
    expect(screen.locator("#pj-progress")).to_have_text("35 / 35 đã công bố")
    expect(phone.locator(".pj-card")).to_have_count(35, timeout=SLOW)
    army = screen.locator('.pj-card[data-team="Bộ Tư lệnh Thủ đô Hà Nội"]').locator("xpath=ancestor::section")
    police = screen.locator('.pj-card[data-team="Công an Thành phố Hà Nội"]').locator("xpath=ancestor::section")
    assert army.get_attribute("data-group") != police.get_attribute("data-group")
    screen.screenshot(path=str(folder / "draw-projector-3-all.png"))
    phone.screenshot(path=str(folder / "draw-phone.png"), full_page=True)

    # A projector that reloads (or reconnects) shows exactly what has been revealed so far.
    desk.get_by_role("button", name="Chiếu lại từ đầu").click()
    expect(screen.locator(".pj-card")).to_have_count(0, timeout=SLOW)
    screen.reload()
    expect(screen.locator("#pj-progress")).to_have_text("0 / 35 đã công bố")
