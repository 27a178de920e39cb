"""The show-day view over HTTP: organizers only, it opens on the stage the screens follow, and it
lays out the stage console's and the screens console's parts (their forms post to the same endpoints)."""

from contest.extensions import db
from contest.services import accounts
from tests.conftest import csrf_token_from


def test_only_an_organizer_opens_the_show_day_view(app, client, demo, login_organizer):
    with app.app_context():
        accounts.create_user("thuky", "mat-khau-thu-ky-1", role="secretary")
        db.session.commit()
    login_organizer(client, "thuky", "mat-khau-thu-ky-1")
    assert client.get(f"/show/{demo.slug}/day?round=so-khao").status_code == 403


def test_it_opens_on_the_stage_the_screens_follow(client, demo, login_organizer):
    login_organizer(client)
    token = csrf_token_from(client.get(f"/show/{demo.slug}").get_data(as_text=True))
    cluster = demo.clusters["Cụm 4"]
    client.post(f"/show/{demo.slug}/follow", data={"csrf_token": token, "round": "so-khao", "cluster": cluster})
    response = client.get(f"/show/{demo.slug}/day")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/show/{demo.slug}/day?round=so-khao&cluster={cluster}")


def test_the_page_holds_stage_timer_screens_freeze_and_ceremony(client, demo, login_organizer):
    login_organizer(client)
    page = client.get(f"/show/{demo.slug}/day?round=so-khao&cluster={demo.clusters['Cụm 4']}").get_data(as_text=True)
    for marker in ('class="card on-stage"', 'class="timer-box"', 'id="screens"', 'id="board"', 'id="ceremony"',
                   'data-shortcut="next-team"', "<kbd>N</kbd>", "<kbd>T</kbd>", "<kbd>R</kbd>"):
        assert marker in page, marker
    # The next team is the first of Cụm 4 in running order, shown in the legend.
    first = demo.cluster_teams["Cụm 4"]
    assert any(f'data-shortcut-hint="next-team">{name}<' in page for name in first)
