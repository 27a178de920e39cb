"""The head judge's charts page: per part, each judge against the rest of the panel, from the
counted sheets (the latest version), for head judges only."""

import re

from tests.judging.test_desk_head import head_url, send


def test_the_chart_shows_who_scores_high_from_the_latest_versions(app, world, tablet, staff):
    send(tablet("JA1"), world, "A2", total="10")
    send(tablet("JA1"), world, "A2", total="25")  # a correction: only this version counts
    send(tablet("JA2"), world, "A2", total="17")
    page = staff("head_judge").get(head_url(world, "head/charts")).get_data(as_text=True)
    assert page.count("<svg") == 1  # the part with sheets; the other says it has none yet
    assert "Chưa có phiếu nào được tính cho phần thi này." in page
    situation = page[page.index("<svg"):page.index("</svg>")]
    # JA1 scored 25 where JA2 scored 17: JA1 leans +8, JA2 -8; JA3 scored nothing.
    assert "+8,00" in situation and "−8,00" in situation
    assert re.search(r"<title>JA1 · 25,00</title>", situation) and "10,00</title>" not in situation
    assert staff("secretary").get(head_url(world, "head/charts")).status_code == 403
