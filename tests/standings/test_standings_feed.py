"""Publishing: versions per round that move only on change and survive restarts, the compact update,
the JSON feed with its cache headers, freeze, and the ceremony reveal."""

import json

import pytest

from contest import broadcast
from contest.extensions import db
from contest.models import Round
from contest.models.show_state import MODE_FROZEN, MODE_LIVE, StandingsFeed
from contest.services import ceremony, standings_feed
from tests.conftest import make_app

BA_DINH = "Quận Ba Đình"
HOAN_KIEM = "Quận Hoàn Kiếm"


def feed_url(demo, round_slug="so-khao") -> str:
    return f"/api/v1/contests/{demo.slug}/rounds/{round_slug}/standings"


def wire_size(event: str, data: dict) -> int:
    """Bytes of the Socket.IO text frame the server sends: 42["event",{...}]."""
    return len(("42" + json.dumps([event, data], separators=(",", ":"), ensure_ascii=False)).encode("utf-8"))


def test_a_committed_sheet_marks_its_round_and_one_flush_publishes_it(app, demo, score, flush):
    flush()  # the demo load itself marked rounds dirty: start from a clean slate
    score("GK11", BA_DINH, "situation", "20")
    assert ("entry", demo.entries[BA_DINH]) in broadcast.broadcaster(app).pending()
    published = flush()
    assert [p.round_id for p in published] == [demo.prelim]
    # One sheet of five: the part is pending, the public board does not move; the staff board does.
    assert published[0].update is None or published[0].update["i"] == []
    assert published[0].staff is not None
    assert flush() == []


def test_versions_move_only_on_change_and_survive_a_restart(app, demo, panel_score, flush, database_url, tmp_path):
    flush()
    panel_score("Cụm 1", BA_DINH, "situation", ["20"] * 5)
    first = flush()[0].update["v"]
    with app.app_context():
        again = standings_feed.publish(demo.prelim)
        db.session.commit()
    assert again.update is None and again.staff is None
    panel_score("Cụm 1", HOAN_KIEM, "situation", ["21"] * 5)
    second = flush()[0].update
    assert second["v"] == first + 1 and second["i"] == [demo.teams[HOAN_KIEM], demo.teams[BA_DINH]]
    panel_score("Cụm 1", "Quận Tây Hồ", "situation", ["22"] * 5)
    restarted = make_app(database_url, str(tmp_path / "restart"))  # another process, or after a restart
    with restarted.app_context():
        assert db.session.get(StandingsFeed, demo.prelim).public_version == second["v"]
        third = standings_feed.publish(demo.prelim).update
        db.session.commit()
        db.engine.dispose()
    assert third["v"] == second["v"] + 1


def test_a_35_team_update_fits_in_512_bytes(app, demo, fill_round, flush):
    fill_round()
    update = flush()[0].update
    assert len(update["i"]) == 35 and len(update["t"]) == 35
    assert wire_size("standings", update) <= 512, wire_size("standings", update)


def test_the_feed_is_the_pushed_update_plus_static_data_and_is_cacheable(app, demo, client, panel_score, flush):
    flush()
    panel_score("Cụm 1", BA_DINH, "situation", ["20"] * 5)
    update = flush()[0].update
    response = client.get(feed_url(demo))
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    assert {k: body[k] for k in update} == update
    assert body["contest"]["name"].startswith("Hội thi") and len(body["teams"]) == 35
    assert body["round"] == {"id": demo.prelim, "slug": "so-khao", "name": "Vòng sơ khảo", "kind": "preliminary"}
    assert response.headers["Cache-Control"] == "public, max-age=1"
    assert "Set-Cookie" not in response.headers and "Cookie" not in response.headers.get("Vary", "")
    etag = response.headers["ETag"]
    assert etag.startswith(f'"{update["v"]}-')
    assert client.get(feed_url(demo), headers={"If-None-Match": etag}).status_code == 304
    panel_score("Cụm 1", HOAN_KIEM, "situation", ["21"] * 5)
    flush()
    assert client.get(feed_url(demo), headers={"If-None-Match": etag}).status_code == 200


def test_the_feed_publishes_on_first_request(client, demo):
    body = client.get(feed_url(demo, "chung-khao")).get_json()
    assert body["v"] == 1 and body["m"] == MODE_LIVE and body["i"] == [] and body["teams"] == []


def test_unknown_contest_or_round_is_404(client, demo):
    assert client.get(f"/api/v1/contests/{demo.slug}/rounds/nope/standings").status_code == 404
    assert client.get("/api/v1/contests/nope/rounds/so-khao/standings").status_code == 404


def test_freeze_keeps_the_public_board_while_staff_see_new_scores(app, demo, client, panel_score, flush, organizer):
    flush()
    panel_score("Cụm 1", BA_DINH, "situation", ["20"] * 5)
    live = flush()[0].update
    with app.app_context():
        ceremony.set_mode(organizer(), db.session.get(Round, demo.prelim), MODE_FROZEN)
        db.session.commit()
    frozen = flush()[0]
    assert frozen.update["m"] == MODE_FROZEN and frozen.update["v"] == live["v"] + 1
    assert frozen.update["i"] == live["i"] and frozen.update["t"] == live["t"]
    before = client.get(feed_url(demo))
    panel_score("Cụm 1", HOAN_KIEM, "situation", ["29"] * 5)
    hidden = flush()[0]
    assert hidden.update is None and hidden.card is None
    assert [row["team"] for row in hidden.staff["rows"][:2]] == [demo.teams[HOAN_KIEM], demo.teams[BA_DINH]]
    after = client.get(feed_url(demo), headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 304
    with app.app_context():
        ceremony.set_mode(organizer(), db.session.get(Round, demo.prelim), MODE_LIVE)
        db.session.commit()
    back = flush()[0].update
    assert back["v"] == frozen.update["v"] + 1 and back["i"][0] == demo.teams[HOAN_KIEM]


def test_freezing_a_hidden_board_captures_nothing(app, demo, panel_score, flush, organizer):
    panel_score("Cụm 1", BA_DINH, "situation", ["20"] * 5)
    with app.app_context():
        rnd = db.session.get(Round, demo.prelim)
        ceremony.set_mode(organizer(), rnd, "hidden")
        ceremony.set_mode(organizer(), rnd, MODE_FROZEN)
        db.session.commit()
    update = next(p for p in flush() if p.round_id == demo.prelim).update
    assert update["m"] == MODE_FROZEN and update["i"] == [] and update["t"] == [] and update["cd"] == ""


@pytest.mark.parametrize("by", ["team", "tier"], ids=["step-per-rank", "step-per-tier"])
def test_reveal_goes_from_last_place_to_first_with_a_preview_of_each_step(app, demo, fill_round, flush, organizer, by):
    fill_round()
    flush()
    cluster = demo.clusters["Cụm 1"]
    with app.app_context():
        rnd = db.session.get(Round, demo.prelim)
        state = ceremony.prepare_reveal(organizer(), rnd, cluster, by)
        db.session.commit()
        live = [(r.team_id, r.rank) for r in standings_feed.standings.round_board(rnd).clusters[cluster].rows]
        plan = ceremony.preview(state)
    assert plan["revealed"] == 0
    start = flush()[0].update
    assert start["m"] == "reveal" and start["i"] == [] and start["rs"] == 0
    seen = []
    for step in range(plan["steps"]):
        with app.app_context():
            rnd = db.session.get(Round, demo.prelim)
            expected = ceremony.preview(ceremony.state_of(rnd.id))["next"]
            sent = ceremony.reveal_next(organizer(), rnd)
            db.session.commit()
        assert sent == expected
        update = flush()[0].update
        assert update["rs"] == step + 1 and update["ls"][2] == [row[0] for row in sent["rows"]]
        seen.append(update["ls"][2])
    assert [team for group in reversed(seen) for team in group] == [team for team, _ in live]
    final = update
    assert final["i"] == [team for team, _ in live] and [final["k"][str(t)] for t in final["i"]] == [r for _, r in live]
    assert final["z"][str(live[0][0])] == "cluster_first"
