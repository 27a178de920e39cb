"""A judge scores on a tablet in Chromium against the real server: no sheet is lost or duplicated.

Each test uses its own judge of the demo so the module's one server can be shared.
"""

import contextlib
import json
import re
import sqlite3

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect
from playwright.sync_api import Error as PlaywrightError

from tests.live_server import LiveServer

RECEIVED = re.compile(r"Máy chủ đã nhận \(#\d+\)")
SAVED = re.compile(r"^Đã lưu trên máy tính bảng")
# Network trouble, retries and the server answer within seconds; allow for a slow CI machine.
SLOW = 20_000


def login(page: Page, live_server: LiveServer, code: str) -> None:
    page.goto(live_server.judge_links()[code])
    expect(page.locator(".tb-who strong")).to_be_visible()
    expect(page.locator("#net")).to_have_text("Đã kết nối", timeout=SLOW)


def server_state(context: BrowserContext, live_url: str) -> dict:
    response = context.request.get(live_url + "/judge/api/state")
    assert response.status == 200
    return response.json()


def stored_sheet_count(live_server: LiveServer, judge_code: str) -> int:
    """Straight from the server's database, for the moments the tablet cannot ask."""
    with contextlib.closing(sqlite3.connect(live_server.instance_path / "contest.db")) as conn:
        return conn.execute("SELECT count(*) FROM score_sheet JOIN judge ON judge.id = score_sheet.judge_id "
                            "WHERE judge.code = ?", (judge_code,)).fetchone()[0]


def scoreable_entries(state: dict, count: int) -> list[dict]:
    entries = [e for e in state["entries"] if not e["conflict"] and not e["locked"]]
    assert len(entries) >= count
    return entries[:count]


def score_greeting(page: Page, entry_id: int, content: str, form: str) -> None:
    """Pick the team, type both greeting criteria ("9,5" style), read back, confirm."""
    page.locator(f'.tb-team-button[data-entry="{entry_id}"]').click()
    page.get_by_role("tab", name=re.compile("Chào hỏi")).click()
    page.locator(".tb-points").nth(0).fill(content)
    page.locator(".tb-points").nth(1).fill(form)
    page.get_by_role("button", name="Gửi điểm").click()
    expect(page.get_by_role("dialog")).to_contain_text("Xác nhận: Đội")
    page.get_by_role("button", name="Xác nhận và gửi").click()
    expect(page.get_by_role("dialog")).to_be_hidden()


def sheet_rows(page: Page):  # type: ignore[no-untyped-def]
    return page.locator("#sheets .tb-sheet")


def test_five_sheets_scored_offline_survive_reload_and_closed_tab_and_arrive_once(
        context: BrowserContext, page: Page, live_server: LiveServer, live_url: str):
    login(page, live_server, "GK22")
    entries = scoreable_entries(server_state(context, live_url), 5)
    context.set_offline(True)
    for i, entry in enumerate(entries):
        score_greeting(page, entry["entry_id"], f"{7 + i},5", "7,25")
    expect(sheet_rows(page)).to_have_count(5)
    for row in sheet_rows(page).all():
        expect(row.locator(".tb-state")).to_have_text(SAVED)
    keys = sorted(sheet_rows(page).evaluate_all("rows => rows.map(r => r.dataset.key)"))
    # No claim about the server here: Chromium's offline emulation can let a request already
    # on a kept-alive connection through while failing it for the page, which is exactly a
    # lost receipt; the count at the end proves it was stored once all the same.

    with contextlib.suppress(PlaywrightError):
        page.reload()  # offline: the browser shows its own error page, the outbox stays in IndexedDB
    expect(page.locator("#sheets")).to_have_count(0)
    page.close()
    page = context.new_page()
    with contextlib.suppress(PlaywrightError):
        page.goto(live_url + "/judge/")
    expect(page.locator("#sheets")).to_have_count(0)

    context.set_offline(False)
    page.goto(live_url + "/judge/")
    expect(sheet_rows(page)).to_have_count(5)
    for row in sheet_rows(page).all():
        expect(row.locator(".tb-state")).to_have_text(RECEIVED, timeout=SLOW)
    sheets = server_state(context, live_url)["sheets"]
    assert sorted(s["key"] for s in sheets) == keys
    assert sorted(s["entry_id"] for s in sheets) == sorted(e["entry_id"] for e in entries)
    assert {s["version"] for s in sheets} == {1}
    assert sorted(s["total"] for s in sheets) == ["14.75", "15.75", "16.75", "17.75", "18.75"]
    assert stored_sheet_count(live_server, "GK22") == 5


def test_sheets_go_out_when_the_network_returns_without_a_reload(
        context: BrowserContext, page: Page, live_server: LiveServer, live_url: str):
    login(page, live_server, "GK23")
    first, second = scoreable_entries(server_state(context, live_url), 2)
    context.set_offline(True)
    score_greeting(page, first["entry_id"], "12", "8")
    score_greeting(page, second["entry_id"], "11,75", "6.5")
    expect(page.locator("#queue-note")).to_have_text("2 phiếu đang chờ gửi")
    context.set_offline(False)
    for row in sheet_rows(page).all():
        expect(row.locator(".tb-state")).to_have_text(RECEIVED, timeout=SLOW)
    expect(page.locator("#queue-note")).to_be_hidden()
    assert sorted(s["total"] for s in server_state(context, live_url)["sheets"]) == ["18.25", "20.00"]


@pytest.mark.parametrize("tap", ["dblclick", "two-clicks-in-one-task"])
def test_a_double_tap_on_send_stores_one_sheet(
        context: BrowserContext, page: Page, live_server: LiveServer, live_url: str, tap: str):
    code = {"dblclick": "GK24", "two-clicks-in-one-task": "GK25"}[tap]
    login(page, live_server, code)
    entry = scoreable_entries(server_state(context, live_url), 1)[0]
    page.locator(f'.tb-team-button[data-entry="{entry["entry_id"]}"]').click()
    page.get_by_role("tab", name=re.compile("Chào hỏi")).click()
    page.locator(".tb-points").nth(0).fill("9,5")
    page.locator(".tb-points").nth(1).fill("8")
    page.get_by_role("button", name="Gửi điểm").click()
    confirm = page.get_by_role("button", name="Xác nhận và gửi")
    expect(confirm).to_be_enabled()
    if tap == "dblclick":
        confirm.dblclick()
    else:
        confirm.evaluate("button => { button.click(); button.click(); }")
    expect(sheet_rows(page)).to_have_count(1)
    expect(sheet_rows(page).first.locator(".tb-state")).to_have_text(RECEIVED, timeout=SLOW)
    sheets = server_state(context, live_url)["sheets"]
    assert [(s["entry_id"], s["part_code"], s["total"]) for s in sheets] == [(entry["entry_id"], "greeting", "17.50")]


def test_a_lost_receipt_is_resent_with_the_same_key_and_stored_once(
        context: BrowserContext, page: Page, live_server: LiveServer, live_url: str):
    """The server stores the sheet but the answer never reaches the tablet (Wi-Fi drops)."""
    login(page, live_server, "GK32")
    entry = scoreable_entries(server_state(context, live_url), 1)[0]
    delivered: list[dict] = []

    def drop_first_answer(route: Route) -> None:
        if delivered:
            route.continue_()
            return
        answer = route.fetch()  # the request reaches the real server...
        delivered.append(json.loads(answer.text()))
        route.abort("connectionreset")  # ...and its answer is lost on the way back

    page.route("**/judge/api/sheets", drop_first_answer)
    score_greeting(page, entry["entry_id"], "11", "7,75")
    expect(sheet_rows(page).first.locator(".tb-state")).to_have_text(RECEIVED, timeout=SLOW)
    key = sheet_rows(page).first.get_attribute("data-key")
    assert delivered[0]["key"] == key
    sheets = server_state(context, live_url)["sheets"]
    assert [(s["key"], s["version"], s["sheet_id"]) for s in sheets] == [(key, 1, delivered[0]["sheet_id"])]


def test_an_expired_session_keeps_the_sheet_until_the_judge_logs_in_again(
        context: BrowserContext, page: Page, live_server: LiveServer, live_url: str):
    login(page, live_server, "GK33")
    entry = scoreable_entries(server_state(context, live_url), 1)[0]
    # The session ends behind the tablet's back (another tab logged out).
    page.evaluate("""token => fetch("/judge/logout", {method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/x-www-form-urlencoded"}, body: "csrf_token=" + token})""",
                  page.locator('meta[name="csrf-token"]').get_attribute("content"))
    score_greeting(page, entry["entry_id"], "10,25", "6")
    row = sheet_rows(page).first
    expect(row.locator(".tb-state")).to_have_text("Đã lưu trên máy tính bảng: đăng nhập lại để gửi", timeout=SLOW)
    expect(page.get_by_role("alert").filter(has_text="Phiên đăng nhập đã kết thúc")).to_be_visible()
    key = row.get_attribute("data-key")
    assert stored_sheet_count(live_server, "GK33") == 0

    page.goto(live_server.judge_links()["GK33"])  # a new card from the organizers
    expect(sheet_rows(page).first.locator(".tb-state")).to_have_text(RECEIVED, timeout=SLOW)
    assert [s["key"] for s in server_state(context, live_url)["sheets"]] == [key]


def test_a_revoked_judge_is_shown_out_at_once(browser, page: Page, live_server: LiveServer, live_url: str):
    login(page, live_server, "GK34")
    desk = organizer_context(browser, live_url)
    organizer = desk.pages[0]
    organizer.goto(live_url + "/judge/access/ha-noi-2024")
    organizer.on("dialog", lambda dialog: dialog.accept())
    organizer.get_by_role("row", name=re.compile("GK34")).get_by_role("button", name="Thu hồi").click()
    expect(organizer.get_by_role("status").first).to_contain_text("đã bị đăng xuất trên mọi thiết bị")
    expect(page.get_by_role("alertdialog")).to_contain_text("Quyền chấm điểm của bạn đã bị thu hồi", timeout=SLOW)
    expect(page.locator("#net")).to_have_text("Mất kết nối")
    desk.close()


def organizer_context(browser, live_url: str) -> BrowserContext:  # type: ignore[no-untyped-def]
    desk = browser.new_context()
    page = desk.new_page()
    page.goto(live_url + "/login")
    page.get_by_label("Tên đăng nhập").fill("bantochuc")
    page.get_by_label("Mật khẩu").fill("danvankheo2024")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/organizer/$"))
    return desk


def lock_team(desk: BrowserContext, live_server: LiveServer, entry_id: int) -> None:
    with contextlib.closing(sqlite3.connect(live_server.instance_path / "contest.db")) as conn:
        cluster_id = conn.execute("SELECT cluster_id FROM entry WHERE id = ?", (entry_id,)).fetchone()[0]
    page = desk.pages[0]
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    response = desk.request.post(
        f"{live_server.url}/desk/ha-noi-2024/head/entries/{entry_id}/lock?round=so-khao&cluster={cluster_id}",
        form={"csrf_token": token}, max_redirects=0)
    assert response.status == 302


def test_sheets_meeting_a_lock_are_queued_for_review_or_refused_with_the_reason_and_stay_visible(
        browser, context: BrowserContext, page: Page, live_server: LiveServer, live_url: str):
    login(page, live_server, "GK35")
    before_lock, after_lock = scoreable_entries(server_state(context, live_url), 2)
    context.set_offline(True)
    score_greeting(page, before_lock["entry_id"], "9", "6")  # captured before the organizers lock
    desk = organizer_context(browser, live_url)
    lock_team(desk, live_server, before_lock["entry_id"])
    lock_team(desk, live_server, after_lock["entry_id"])
    desk.close()
    score_greeting(page, after_lock["entry_id"], "8", "5")  # captured after the lock it has not heard of
    context.set_offline(False)

    late = page.locator(f'#sheets .tb-sheet:has-text("{before_lock["team_name"]}")')
    expect(late.locator(".tb-state")).to_have_text(re.compile(r"chờ Ban tổ chức xem xét \(#\d+\)"), timeout=SLOW)
    refused = page.locator(f'#sheets .tb-sheet:has-text("{after_lock["team_name"]}")')
    expect(refused.locator(".tb-state")).to_have_text("Máy chủ từ chối", timeout=SLOW)
    expect(refused.get_by_role("alert")).to_contain_text("đã chốt lúc")
    # Locked: the refused sheet stays on screen, but offers no correction.
    expect(refused.get_by_role("button", name="Sửa và gửi lại")).to_have_count(0)
    statuses = {s["entry_id"]: s["status"] for s in server_state(context, live_url)["sheets"]}
    assert statuses == {before_lock["entry_id"]: "pending_review"}


def test_a_correction_is_a_new_version_and_the_first_stays_listed(
        context: BrowserContext, page: Page, live_server: LiveServer, live_url: str):
    login(page, live_server, "GK31")
    entry = scoreable_entries(server_state(context, live_url), 1)[0]
    score_greeting(page, entry["entry_id"], "10", "6")
    expect(sheet_rows(page).first.locator(".tb-state")).to_have_text(RECEIVED, timeout=SLOW)
    page.get_by_role("button", name="Sửa điểm (phiên bản mới)").click()
    expect(page.locator(".tb-points").nth(0)).to_have_value("10")
    page.locator(".tb-field").nth(1).get_by_role("button", name=re.compile(r"^\+0,25")).click()
    page.locator(".tb-field").nth(1).get_by_role("button", name=re.compile(r"^\+1")).click()
    expect(page.locator("#sheet-total")).to_have_text("17,25")
    page.get_by_role("button", name="Gửi điểm").click()
    expect(page.get_by_role("dialog")).to_contain_text("tổng 17,25 điểm")
    page.get_by_role("button", name="Xác nhận và gửi").click()
    expect(sheet_rows(page)).to_have_count(2)
    for row in sheet_rows(page).all():
        expect(row.locator(".tb-state")).to_have_text(RECEIVED, timeout=SLOW)
    versions = sorted((s["version"], s["total"]) for s in server_state(context, live_url)["sheets"])
    assert versions == [(1, "16.00"), (2, "17.25")]
