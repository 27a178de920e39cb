"""The head judge's completeness matrix in Chromium stays live: a sheet a judge posts through the API
appears in the open page without a reload, and a reason being typed survives the update."""

import pytest
from playwright.sync_api import Page, expect

from tests.standings.live_judges import SLUG, panel

BA_DINH = "Quận Ba Đình"


@pytest.fixture(scope="module")
def links(live_server) -> dict[str, str]:
    return live_server.judge_links()


def log_in(page: Page, base: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Tên đăng nhập").fill("bantochuc")
    page.get_by_label("Mật khẩu").fill("danvankheo2024")
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_posted_sheet_appears_in_the_open_matrix_without_reload(live_url: str, links, page: Page):
    log_in(page, live_url)
    page.goto(f"{live_url}/desk/{SLUG}/head?round=so-khao")
    received = page.locator(".summary .badge.ok")
    expect(received).to_have_text("Đã nhận: 0")
    page.evaluate("window.notReloaded = true")
    # The head judge starts typing an absence reason while the sheets arrive.
    reason = page.locator("form.inline-form input[name=reason]").first
    reason.fill("Ốm, có giấy")
    judge = panel(links, 1)[0]
    judge.submit(BA_DINH, "situation", "27,5")
    expect(received).to_have_text("Đã nhận: 1")
    section = page.locator("section.card", has=page.get_by_role("heading", name="Xử lý tình huống"))
    row = section.locator("tr", has_text=BA_DINH)
    expect(row.locator("td.cell-received")).to_have_text("27,50")
    assert page.evaluate("window.notReloaded") is True
    # The reason typed before the update is still there, in the same field, with the focus.
    expect(page.locator("form.inline-form input[name=reason]").first).to_have_value("Ốm, có giấy")
    expect(page.locator("form.inline-form input[name=reason]").first).to_be_focused()
