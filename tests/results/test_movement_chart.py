"""The standings as they moved, on the public results page: drawn from the published results,
one picture per scored cluster (the screens' picture: tests/standings/test_movement_picture.py)."""

import re

from tests.results.test_public_results import publish

SLUG = "ha-noi-2024"


def test_the_results_page_draws_each_scored_cluster_in_running_order(client, organizer, scored_demo):
    publish(organizer)
    page = client.get(f"/c/{SLUG}/results").get_data(as_text=True)
    figures = re.findall(r'<figure class="movement">.*?</figure>', page, re.S)
    assert len(figures) == 2  # clusters 1 and 2 are scored
    assert "Cụm 1" in figures[0] and "Cụm 2" in figures[1]
    # One line per team; its final place and name at the right, best first reading down.
    assert figures[0].count("<polyline") >= 4
    assert "1. " in figures[0] and "<svg" in figures[0]
