"""Every page works in Chromium under the Content-Security-Policy: no violation is reported, on the
organizer's, the desk's, the judge's, the projector's, the audience's and a registering unit's pages
(issue 10, item 8). The confirmations that used inline handlers still ask before submitting."""

import re
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.live_server import LiveServer, make_live_server

SLUG, ARCHIVE = "ha-noi-2024", "ha-noi-noi-thanh-2023"
STAFF = [
    "/organizer/", "/account", "/organizer/contests/new", "/admin/bodies", "/admin/bodies/ha-noi",
    *(path.format(slug) for slug in (SLUG, ARCHIVE) for path in (
        "/organizer/contests/{}", "/organizer/contests/{}/edit", "/organizer/contests/{}/rules",
        "/organizer/contests/{}/rounds", "/organizer/contests/{}/rounds/new", "/organizer/contests/{}/prizes",
        "/organizer/contests/{}/teams", "/organizer/contests/{}/teams/new", "/organizer/contests/{}/teams/import",
        "/organizer/contests/{}/registrations", "/organizer/contests/{}/draws", "/desk/{}/", "/desk/{}/head",
        "/desk/{}/review", "/desk/{}/secretary", "/desk/{}/show", "/desk/{}/audit", "/judge/access/{}",
        "/show/{}", "/show/{}/day", "/desk/{}/head/charts", "/results/{}/",
    )),
]
PUBLIC = ["/", "/login", "/judge/login", f"/c/{SLUG}", f"/c/{SLUG}/live", f"/c/{SLUG}/projector",
          f"/c/{SLUG}/overlay", f"/c/{SLUG}/draw-screen", f"/c/{ARCHIVE}/live", f"/c/{ARCHIVE}/projector",
          f"/c/{SLUG}/live?code=ABCD-EFGH", f"/c/{ARCHIVE}/results", f"/c/{ARCHIVE}/results/print"]
# Recorded by the page itself, before any of its scripts run.
WATCH_VIOLATIONS = """window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = make_live_server(tmp_path_factory.mktemp("csp"))
    live.load_demo()
    live.command("demo-archive")
    live.start()
    yield live
    live.stop()
    shutil.rmtree(live.instance_path, ignore_errors=True)


class Watched:
    """A browser context whose CSP complaints (console and DOM events) are collected per page."""

    def __init__(self, browser: Browser) -> None:
        self.context: BrowserContext = browser.new_context(viewport={"width": 1280, "height": 800})
        self.context.add_init_script(WATCH_VIOLATIONS)
        self.page: Page = self.context.new_page()
        self.console: list[str] = []
        self.page.on("console", lambda message: self.console.append(message.text))

    def violations(self, base: str, paths: list[str]) -> dict[str, list[str]]:
        found = {}
        for path in paths:
            self.console.clear()
            response = self.page.goto(base + path)
            assert response is not None and response.ok, path
            assert "script-src 'self'" in response.headers["content-security-policy"], path
            self.page.wait_for_load_state("networkidle")
            self.page.wait_for_timeout(300)  # late scripts: sockets connecting, boards drawing
            seen = self.page.evaluate("window.__csp") + [m for m in self.console if "Content Security Policy" in m]
            if seen:
                found[path] = seen
        return found


def organizer(browser: Browser, base: str) -> Watched:
    watched = Watched(browser)
    watched.page.goto(base + "/login")
    watched.page.fill("input[name=username]", "bantochuc")
    watched.page.fill("input[name=password]", "danvankheo2024")
    watched.page.click("button[type=submit]")
    watched.page.wait_for_url("**/organizer/")
    return watched


def invitation_link(watched: Watched, base: str) -> str:
    """Invite a unit through the organizer's page; the private link it shows once."""
    page = watched.page
    page.goto(f"{base}/organizer/contests/{SLUG}/registrations")
    page.fill("input[name=unit_name]", "Xã Thử Nghiệm An Ninh")
    page.get_by_role("button", name="Tạo đường dẫn mời").click()
    link = page.locator("#invite-link")
    link.click()  # selects the whole link (was an inline onclick handler)
    assert page.evaluate("window.getSelection().toString() || document.activeElement.selectionEnd") != 0
    return link.input_value()


def test_staff_pages_and_a_registration_form_raise_no_csp_violation(browser: Browser, server: LiveServer):
    watched = organizer(browser, server.url)
    assert watched.violations(server.url, STAFF) == {}
    register = re.sub(r"^https?://[^/]+", "", invitation_link(watched, server.url))
    anonymous = Watched(browser)
    assert anonymous.violations(server.url, [register, *PUBLIC]) == {}
    watched.context.close()
    anonymous.context.close()


def test_the_judge_tablet_raises_no_csp_violation(browser: Browser, server: LiveServer):
    watched = Watched(browser)
    link = server.judge_links()["GK12"].removeprefix(server.url)
    response = watched.page.goto(server.url + link)
    assert response is not None and response.ok
    expect(watched.page.locator("#net")).to_have_text("Đã kết nối", timeout=20_000)
    assert watched.violations(server.url, ["/judge/"]) == {}
    watched.context.close()


def test_a_confirmation_still_asks_and_a_no_changes_nothing(browser: Browser, server: LiveServer):
    watched = organizer(browser, server.url)
    page = watched.page
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.goto(f"{server.url}/judge/access/{SLUG}")
    page.locator("form[data-confirm] button").first.click()
    page.wait_for_timeout(300)
    assert asked and asked[0].startswith("Cấp thẻ mới")
    assert page.url.endswith(f"/judge/access/{SLUG}")
    assert page.evaluate("window.__csp") == []
    watched.context.close()
