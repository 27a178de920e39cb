"""A new visitor opens the home page, the demo contest and the organizer login in Chromium."""

from playwright.sync_api import Page, expect


def test_visitor_reads_the_demo_contest_in_vietnamese(page: Page, live_url: str):
    page.goto(live_url + "/")
    expect(page.get_by_role("heading", name="Các hội thi", exact=True)).to_be_visible()
    page.get_by_role("link", name="Hội thi “Dân vận khéo” thành phố Hà Nội năm 2024").click()
    expect(page.get_by_role("heading", name="Vòng sơ khảo")).to_be_visible()
    expect(page.locator(".cluster")).to_have_count(6)
    expect(page.locator(".cluster li")).to_have_count(35)


def test_organizer_logs_in_through_the_form(page: Page, live_url: str):
    page.goto(live_url + "/login")
    page.get_by_label("Tên đăng nhập").fill("bantochuc")
    page.get_by_label("Mật khẩu").fill("danvankheo2024")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Trang Ban tổ chức")).to_be_visible()
    page.get_by_role("link", name="EN").click()
    expect(page.get_by_role("heading", name="Organizer desk")).to_be_visible()
