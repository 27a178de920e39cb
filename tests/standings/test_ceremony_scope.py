"""A cluster's ceremony runs on its own day: it needs only its own teams scored, while the round's
overall ranking waits for every cluster; and starting a ceremony clears its stage."""

import pytest
from sqlalchemy import select

from contest.domain.errors import DomainError
from contest.extensions import db
from contest.models import Entry, Round
from contest.models.judging import StageState
from contest.models.show_state import MODE_REVEAL
from contest.services import ceremony, stage_state

CLUSTER = "Cụm 4"


@pytest.fixture
def only_cluster_scored(demo, fill_round):
    fill_round(skip=tuple(name for cluster, names in demo.cluster_teams.items() if cluster != CLUSTER
                          for name in names))


def test_a_cluster_is_revealed_once_its_own_sheets_are_in(app, demo, organizer, only_cluster_scored):
    with app.app_context():
        rnd = db.session.get(Round, demo.prelim)
        state = ceremony.prepare_reveal(organizer(), rnd, demo.clusters[CLUSTER])
        db.session.commit()
        assert state.mode == MODE_REVEAL
        ranked = [row[0] for step in state.reveal_plan["steps"] if step["kind"] == "rank" for row in step["rows"]]
        assert sorted(ranked) == sorted(demo.teams[name] for name in demo.cluster_teams[CLUSTER])


@pytest.mark.parametrize("cluster", [None, "Cụm 1"], ids=["overall", "another-cluster"])
def test_the_overall_ranking_and_unscored_clusters_still_wait(app, demo, organizer, only_cluster_scored, cluster):
    with app.app_context():
        rnd = db.session.get(Round, demo.prelim)
        with pytest.raises(DomainError) as refused:
            ceremony.prepare_reveal(organizer(), rnd, demo.clusters[cluster] if cluster else None)
        assert refused.value.code == "reveal_incomplete"
        assert ceremony.state_of(rnd.id).mode != MODE_REVEAL


def test_starting_the_ceremony_clears_its_stage(app, demo, organizer, only_cluster_scored):
    cluster = demo.clusters[CLUSTER]
    with app.app_context():
        rnd = db.session.get(Round, demo.prelim)
        last = db.session.scalar(select(Entry).filter_by(round_id=rnd.id, cluster_id=cluster).order_by(Entry.id.desc()))
        stage_state.set_stage(organizer(), rnd, cluster, last.id, "skit")
        other = db.session.scalar(select(Entry).filter_by(round_id=rnd.id, cluster_id=demo.clusters["Cụm 1"]))
        stage_state.set_stage(organizer(), rnd, demo.clusters["Cụm 1"], other.id, "greeting")
        db.session.commit()
        ceremony.prepare_reveal(organizer(), rnd, cluster)
        db.session.commit()
        stages = {s.cluster_id: s.entry_id for s in db.session.scalars(select(StageState))}
        assert stages == {cluster: None, demo.clusters["Cụm 1"]: other.id}  # another cluster's stage is its own
