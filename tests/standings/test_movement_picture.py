"""The screens' picture of the standings as they moved (``/c/<slug>/rounds/<r>/movement.svg``):
never before the stage's full ranking is public, then drawn from what the ceremony revealed."""

from contest.extensions import db
from contest.models import Round
from contest.services import ceremony


def test_the_picture_waits_until_the_stage_ranking_is_public(app, client, demo, fill_round, organizer):
    fill_round("so-khao")
    cluster = demo.clusters["Cụm 1"]
    url = f"/c/{demo.slug}/rounds/so-khao/movement.svg?cluster={cluster}"
    with app.app_context():
        prelim = db.session.get(Round, demo.prelim)
        ceremony.set_mode(organizer(), prelim, "hidden")
        db.session.commit()
    assert client.get(url).status_code == 404  # hidden board: nothing leaks
    with app.app_context():
        prelim = db.session.get(Round, demo.prelim)
        ceremony.prepare_reveal(organizer(), prelim, cluster)
        steps = len(ceremony.state_of(prelim.id).reveal_plan["steps"])
        for _step in range(steps - 1):
            ceremony.reveal_next(organizer(), prelim)
        db.session.commit()
    assert client.get(url).status_code == 404  # the ceremony is not over
    with app.app_context():
        ceremony.reveal_next(organizer(), db.session.get(Round, demo.prelim))
        db.session.commit()
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    body = response.get_data(as_text=True)
    assert body.startswith("<svg") and body.count("<polyline") == len(demo.cluster_teams["Cụm 1"]) - 1
    # Another cluster's ceremony has not happened: still nothing for it.
    assert client.get(f"/c/{demo.slug}/rounds/so-khao/movement.svg?cluster={demo.clusters['Cụm 2']}").status_code == 404


def test_a_live_board_is_public_already(client, demo, fill_round):
    fill_round("so-khao")
    response = client.get(f"/c/{demo.slug}/rounds/so-khao/movement.svg?cluster={demo.clusters['Cụm 2']}")
    assert response.status_code == 200
    for name in demo.cluster_teams["Cụm 2"]:
        assert name in response.get_data(as_text=True)
