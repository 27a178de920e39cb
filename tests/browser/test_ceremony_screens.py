"""The final's screens through a freeze and the ceremony, in Chromium: the audience's frozen note
goes when the ceremony starts, the ceremony clears the stage, and going back live shows the card of
the last team on stage (not of a team corrected meanwhile); the overlay follows each reveal step;
the final's biên bản keeps its signatures with the table."""

import io
import re

from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.browser.show_support import LONGEST_NAME, clipped_texts, log_in, seed_final
from tests.standings.live_judges import SLUG, organizer, post_form

PROJECTOR = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}


def _mode(base: str, mode: str) -> None:
    post_form(organizer(base), f"{base}/show/{SLUG}/rounds/chung-khao/mode", mode=mode)


def _prepare(base: str) -> None:
    post_form(organizer(base), f"{base}/show/{SLUG}/rounds/chung-khao/reveal", by="team")


def _on_stage(page: Page, base: str, team: str) -> None:
    page.goto(f"{base}/desk/{SLUG}/show?round=chung-khao")
    page.locator("tr", has_text=team).get_by_role("button").click()
    expect(page.locator("tr.current")).to_contain_text(team)


def test_the_frozen_note_leaves_with_the_ceremony(browser: Browser, live_server, live_url: str):
    seed_final(live_server.env)
    _mode(live_url, "frozen")
    before = browser.new_page(viewport=PROJECTOR)
    before.goto(f"{live_url}/c/{SLUG}/projector?round=chung-khao")
    expect(before.locator("[data-note]")).to_have_text("Kết quả chung cuộc sẽ được công bố tại lễ trao giải")
    _prepare(live_url)
    expect(before.locator("[data-ceremony]")).to_be_visible()
    expect(before.locator("[data-note]")).to_be_hidden()
    during = browser.new_page(viewport=PROJECTOR)
    during.goto(f"{live_url}/c/{SLUG}/projector?round=chung-khao")
    expect(during.locator("[data-ceremony]")).to_be_visible()
    expect(during.locator("[data-note]")).to_be_hidden()
    before.close()
    during.close()


def test_starting_the_ceremony_clears_the_stage(browser: Browser, live_server, live_url: str, page: Page):
    seed_final(live_server.env)
    log_in(page, live_url)
    _on_stage(page, live_url, LONGEST_NAME)
    projector = browser.new_page(viewport=PROJECTOR)
    projector.goto(f"{live_url}/c/{SLUG}/projector?round=chung-khao")
    phone = browser.new_page(viewport=PHONE)
    phone.goto(f"{live_url}/c/{SLUG}/live?round=chung-khao")
    expect(projector.locator("[data-stage] h2")).to_have_text("Đang trên sân khấu")  # a status, not an order
    expect(projector.locator("[data-stage-team]")).to_have_text(LONGEST_NAME)
    expect(phone.locator("[data-stage]")).to_contain_text(LONGEST_NAME)
    _prepare(live_url)
    expect(projector.locator("[data-ceremony]")).to_be_visible()
    expect(projector.locator("[data-stage]")).to_be_hidden()
    expect(phone.locator("[data-stage]")).to_be_hidden()
    page.goto(f"{live_url}/desk/{SLUG}/show?round=chung-khao")
    expect(page.locator("tr.current")).to_have_count(0)
    projector.close()
    phone.close()


def test_back_live_the_card_is_the_last_team_on_stage(browser: Browser, live_server, live_url: str, page: Page):
    order = seed_final(live_server.env)
    log_in(page, live_url)
    _on_stage(page, live_url, LONGEST_NAME)
    _mode(live_url, "frozen")
    # During the freeze the secretary corrects the first team's penalty.
    page.goto(f"{live_url}/desk/{SLUG}/secretary?round=chung-khao")
    form = page.locator("form:has(input[name=amount])")
    form.locator("select[name=entry_id]").select_option(label=order[0])
    form.locator("input[name=amount]").fill("0,25")
    form.locator("input[name=reason]").fill("Quá giờ phần Chào hỏi")
    form.get_by_role("button").click()
    expect(page.locator(".flash-success").first).to_be_visible()
    _mode(live_url, "live")
    projector = browser.new_page(viewport=PROJECTOR)
    projector.goto(f"{live_url}/c/{SLUG}/projector?round=chung-khao")
    expect(projector.locator(".pj-row")).to_have_count(6)
    expect(projector.locator(".pj-card-team")).to_have_text(LONGEST_NAME)
    projector.close()


def _team_and_total(line: str) -> tuple[str, str]:
    """A previewed line: "6. Quận Long Biên — 76,20" (a place) or "Quận Long Biên" (a special prize)."""
    name, _, total = line.split(". ", 1)[-1].partition(" — ")
    return name, total


def test_the_overlay_follows_each_reveal_step(browser: Browser, live_server, live_url: str, page: Page):
    seed_final(live_server.env)
    log_in(page, live_url)
    _on_stage(page, live_url, LONGEST_NAME)
    lower = browser.new_page(viewport=PROJECTOR)
    lower.goto(f"{live_url}/c/{SLUG}/overlay?view=lower&round=chung-khao")
    slate = browser.new_page(viewport=PROJECTOR)
    slate.goto(f"{live_url}/c/{SLUG}/overlay?view=slate&round=chung-khao")
    small = browser.new_page(viewport={"width": 1280, "height": 720})
    small.goto(f"{live_url}/c/{SLUG}/projector?round=chung-khao")
    expect(lower.locator("[data-badge]")).to_have_text("Đang trên sân khấu")
    expect(lower.locator("[data-team]")).to_have_text(LONGEST_NAME)
    page.goto(f"{live_url}/show/{SLUG}?round=chung-khao")
    with page.expect_navigation():
        page.get_by_role("button", name="Chuẩn bị công bố").click()
    expect(lower.locator("[data-lower]")).to_have_attribute("hidden", "")  # nobody on stage any more
    send = page.get_by_role("button", name="Gửi bước này tới mọi màn hình")
    steps = 0
    while send.count():
        tier = page.locator("[data-reveal-preview] .tier").inner_text()
        lines = page.locator("[data-reveal-preview] li").all_inner_texts()
        with page.expect_navigation():
            send.click()
        expect(page.locator(".flash-success").first).to_be_visible()
        steps += 1
        expect(lower.locator("[data-lower]")).not_to_have_attribute("hidden", "")
        expect(lower.locator("[data-badge]")).to_have_text(tier)
        for line in lines:
            name, total = _team_and_total(line)
            expect(lower.locator("[data-team]")).to_contain_text(name)
            row = slate.locator("[data-slate-rows] li", has_text=name).filter(has_text=tier)
            expect(row).to_have_count(1)
            if total:
                expect(row).to_contain_text(total)
        if len(lines) == 1 and total:
            expect(lower.locator("[data-score-value]")).to_have_text(total)
    assert steps == 8  # two part prizes, then six places from the sixth to the first
    # The small projector shows every place and every prize of the finished ceremony.
    expect(small.locator(".pj-reveal-row")).to_have_count(6)
    expect(small.locator("[data-special-rows] li")).to_have_count(2)
    small.wait_for_timeout(1000)  # the rows' rise animation
    assert clipped_texts(small, ".pj-reveal-row, [data-special-rows] li") == []
    expect(slate.locator("[data-slate-rows] li")).to_have_count(8)
    slate.wait_for_timeout(500)
    assert clipped_texts(slate, "[data-slate-rows] li") == []  # the TV slate shows the whole result too
    small.close()
    lower.close()
    slate.close()


def test_the_final_minutes_keep_the_signatures_with_the_table(live_server, live_url: str, page: Page):
    order = seed_final(live_server.env)
    log_in(page, live_url)
    response = page.request.get(f"{live_url}/results/{SLUG}/chung-khao/bien-ban.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages]
    signed = [text for text in pages if "(Ký, ghi rõ họ tên)" in text]
    assert len(signed) == 1
    # The page with the signatures also carries the end of the standings table it certifies.
    assert "Tổng điểm" in signed[0] and any(line.startswith("6 ") for line in signed[0].splitlines())
    text = "\n".join(pages)
    assert "làm tròn đến hai chữ số thập phân" in text  # each part is rounded before the total
    prizes = text.split("II. GIẢI THƯỞNG", 1)[1].split("Biên bản lập lúc", 1)[0]
    for team in order:  # every prize tier names each team with its points
        assert re.search(re.escape(team).replace(r"\ ", r"\s+") + r"\s+\(\d+,\d\d\s+điểm\)", prizes), team
