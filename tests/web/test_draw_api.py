"""GET /api/v1/contests/<slug>/draws: every recorded draw, re-runnable from what the API gives."""

import pytest

from contest.domain.draw import verify
from contest.extensions import db
from contest.services import contests
from contest.services import draw as draws
from contest.services.draw import ClusterRules


@pytest.fixture
def recorded(app, demo_contest):
    """A discarded preview, the confirmed cluster draw that replaced it, a team moved afterwards."""
    with app.app_context():
        rnd = contests.round_by_slug(contests.get_contest(demo_contest.slug), "so-khao")
        draws.preview_clusters("tester", rnd, "1 1 1", ClusterRules())
        record = draws.preview_clusters("tester", rnd, "2 2 2", ClusterRules(separations="Quận Tây Hồ; Quận Đống Đa"))
        draws.confirm("tester", record)
        entry = next(e for e in draws.live_entries(rnd) if e.team.name == "Quận Tây Hồ")
        target = next(c for c in rnd.clusters if c.id != entry.cluster_id)
        draws.move_team("tester", record, entry.team_id, target.id, "Đơn vị xin đổi lịch")
        db.session.commit()
        return {"slug": demo_contest.slug, "confirmed": record.id, "moved_to": target.name}


def test_the_list_has_every_attempt_with_seed_inputs_and_result(client, recorded):
    body = client.get(f"/api/v1/contests/{recorded['slug']}/draws").get_json()
    assert body["contest"] == recorded["slug"]
    assert [(d["status"], d["seed"]) for d in body["draws"]] == [("discarded", "1 1 1"), ("confirmed", "2 2 2")]
    confirmed = body["draws"][1]
    assert confirmed["round"] == "so-khao" and confirmed["kind"] == "clusters" and confirmed["algorithm_version"] == 1
    assert confirmed["confirmed_at"].endswith("Z")
    assert [g["key"] for g in confirmed["groups"]] == [f"Cụm {i}" for i in range(1, 7)]
    assert sum(len(g["teams"]) for g in confirmed["groups"]) == 35
    # What the API publishes is enough to re-run the draw anywhere.
    assert verify(confirmed["kind"], confirmed["algorithm_version"], confirmed["inputs"], confirmed["result"]).matches


@pytest.mark.parametrize(
    ("query", "count"), [("?round=so-khao", 2), ("?round=chung-khao", 0), ("?kind=running_order", 0)],
    ids=["round", "other-round", "kind"],
)
def test_the_list_filters_by_round_and_kind(client, recorded, query, count):
    assert len(client.get(f"/api/v1/contests/{recorded['slug']}/draws{query}").get_json()["draws"]) == count


def test_one_draw_says_it_verifies_and_lists_moves_with_reasons(client, recorded):
    body = client.get(f"/api/v1/contests/{recorded['slug']}/draws/{recorded['confirmed']}").get_json()
    assert body["verification"] == {"matches": True, "differences": []}
    [move] = body["moves"]
    assert move["team"] == "Quận Tây Hồ" and move["cluster"] == recorded["moved_to"]
    assert move["reason"] == "Đơn vị xin đổi lịch" and move["from"]


def test_unknown_contest_or_draw_is_a_json_404(client, recorded):
    assert client.get("/api/v1/contests/khong-co/draws").status_code == 404
    response = client.get(f"/api/v1/contests/{recorded['slug']}/draws/9999")
    assert response.status_code == 404 and response.is_json
