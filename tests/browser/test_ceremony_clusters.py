"""Cluster days in Chromium: Cụm 4 plays and holds its ceremony while other clusters have not played
yet; the form keeps the prepared cluster; the advancement page reads each team's rank in its cluster."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.show_support import log_in, score_clusters
from tests.standings.live_judges import SLUG

CLUSTER = "Cụm 4"


@pytest.fixture(scope="module")
def cluster_played(live_server):
    score_clusters(live_server.env, CLUSTER)


def test_a_cluster_ceremony_runs_once_its_own_sheets_are_in(cluster_played, live_url: str, page: Page):
    log_in(page, live_url)
    page.goto(f"{live_url}/show/{SLUG}?round=so-khao")
    page.get_by_label("Bảng xếp hạng của").select_option(label=CLUSTER)
    page.get_by_role("button", name="Chuẩn bị công bố").click()
    expect(page.locator(".flash-success").first).to_be_visible()
    expect(page.locator("[data-reveal-preview]")).to_be_visible()
    # "Prepare it again" would prepare the same cluster, not jump back to Cụm 1.
    expect(page.get_by_label("Bảng xếp hạng của").locator("option:checked")).to_have_text(CLUSTER)
    # The round's overall ranking still waits for the other clusters.
    page.get_by_label("Bảng xếp hạng của").select_option(label="Tất cả các cụm")
    page.get_by_role("button", name="Chuẩn bị lại").click()
    expect(page.locator(".flash-error")).to_contain_text("Vẫn còn thiếu điểm")


def test_the_advancement_page_shows_the_rank_in_the_cluster(cluster_played, live_url: str, page: Page):
    log_in(page, live_url)
    page.goto(f"{live_url}/show/{SLUG}/rounds/so-khao/advancement")
    table = page.locator("#advancement table")
    expect(table.locator("thead")).to_contain_text("Hạng trong cụm")
    expect(table.locator("thead")).not_to_contain_text("Địa phương")
    # Cụm 4's winner goes through; its second is the reserve: 2nd in Cụm 4 (1st of the reserves' pool).
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("td").nth(2)).to_have_text("1")
    expect(rows.nth(1).locator("td").nth(3)).to_contain_text("Dự bị")
    expect(rows.nth(1).locator("td").nth(2)).to_have_text("2")
    # Every prize tier with its points.
    first = page.locator("#prizes tr", has_text="Giải Nhất cụm")
    expect(first).to_contain_text(re.compile(r"Hạng 1 · \d+,\d\d"))
