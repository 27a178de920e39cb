"""Draws against the database (SQLite and PostgreSQL): preview, confirm into the entries, move with
a reason, verify from the record, step the projector."""

from collections import Counter

import pytest
from sqlalchemy import select

from contest.domain.errors import DomainError
from contest.extensions import db
from contest.models import AuditEvent, Entry
from contest.models.draws import Draw
from contest.services import contests
from contest.services import draw as draws
from contest.services.draw import ClusterRules

SEED = "4 6 1 3 5 2"


@pytest.fixture
def rnd(app, demo_contest):
    """The demo's preliminary round (35 teams, 6 clusters), inside an app context."""
    with app.app_context():
        yield contests.round_by_slug(contests.get_contest(demo_contest.slug), "so-khao")


def clusters_of_entries(rnd) -> dict[str, set[str]]:
    grouped = contests.entries_by_cluster(rnd)
    return {c.name: {e.team.name for e in grouped[c.id]} for c in rnd.clusters}


def test_a_preview_changes_no_entry_and_confirm_writes_the_drawn_clusters(rnd):
    before = clusters_of_entries(rnd)
    record = draws.preview_clusters("tester", rnd, SEED, ClusterRules())
    db.session.commit()
    assert record.status == "preview" and record.algorithm_version == 1
    assert clusters_of_entries(rnd) == before
    draws.confirm("tester", record)
    db.session.commit()
    drawn = {group: set(teams) for group, teams in draws.result_of(record).groups().items()}
    assert clusters_of_entries(rnd) == drawn
    assert sorted(len(t) for t in drawn.values()) == [5, 6, 6, 6, 6, 6]
    actions = db.session.scalars(select(AuditEvent.action).filter_by(subject=f"draw:{record.id}")).all()
    assert actions == ["draw.preview", "draw.confirm"]


def test_stratified_draw_spreads_unit_types_and_seeded_teams(rnd):
    record = draws.preview_clusters("tester", rnd, SEED, ClusterRules(stratify=True, use_pots=True))
    teams = {e.team.name: e.team for e in draws.live_entries(rnd)}
    types = Counter(t.unit_type for t in teams.values())
    for members in draws.result_of(record).groups().values():
        here = Counter(teams[name].unit_type for name in members)
        assert all(abs(here[kind] - total / 6) < 1 for kind, total in types.items())
        assert sum(teams[name].seeded for name in members) <= 1


def test_the_same_seed_gives_the_same_draw_and_a_new_preview_discards_the_old(rnd):
    first = draws.preview_clusters("tester", rnd, SEED, ClusterRules())
    second = draws.preview_clusters("tester", rnd, "  4 6 1 3 5 2 ", ClusterRules())
    db.session.commit()
    assert first.status == "discarded" and second.status == "preview"
    assert first.result == second.result and second.seed == SEED
    assert [d.id for d in draws.list_draws(rnd.contest_id)] == [first.id, second.id]


def test_separations_are_read_by_name_and_kept(rnd):
    rules = ClusterRules(separations="Lực lượng vũ trang: công an thành phố hà nội; Bộ Tư lệnh Thủ đô Hà Nội\n"
                                     "Quận Tây Hồ, Quận Ba Đình, Quận Hoàn Kiếm\n")
    record = draws.preview_clusters("tester", rnd, SEED, rules)
    names = [s["name"] for s in record.inputs["separations"]]
    assert names == ["Lực lượng vũ trang", "Quận Tây Hồ; Quận Ba Đình; Quận Hoàn Kiếm"]
    assert record.inputs["separations"][0]["teams"] == ["Công an Thành phố Hà Nội", "Bộ Tư lệnh Thủ đô Hà Nội"]
    cluster_of = {t: g for g, teams in draws.result_of(record).groups().items() for t in teams}
    assert cluster_of["Công an Thành phố Hà Nội"] != cluster_of["Bộ Tư lệnh Thủ đô Hà Nội"]
    assert len({cluster_of[t] for t in ("Quận Tây Hồ", "Quận Ba Đình", "Quận Hoàn Kiếm")}) == 3


def test_an_unknown_team_in_a_separation_is_named(rnd):
    with pytest.raises(DomainError) as caught:
        draws.preview_clusters("tester", rnd, SEED, ClusterRules(separations="Quận Tây Hồ; Quận Không Có"))
    assert caught.value.code == "draw_unknown_team_name"
    assert caught.value.params == {"field": "separations", "value": "Quận Không Có", "line": 1}


def test_unmet_separations_must_be_accepted_before_confirming(rnd):
    seven = "; ".join(e.team.name for e in draws.live_entries(rnd)[:7])  # 7 teams, 6 clusters
    record = draws.preview_clusters("tester", rnd, SEED, ClusterRules(separations=seven))
    assert draws.result_of(record).unmet[0].reason == "more_teams_than_clusters"
    with pytest.raises(DomainError) as caught:
        draws.confirm("tester", record)
    assert caught.value.code == "draw_unmet_not_accepted"
    draws.confirm("tester", record, accept_unmet=True)
    assert record.status == "confirmed"


def test_confirm_refuses_when_the_round_changed_and_a_second_confirm(rnd):
    record = draws.preview_clusters("tester", rnd, SEED, ClusterRules())
    entry = db.session.scalar(select(Entry).filter_by(round_id=rnd.id))
    entry.withdrawn = True
    with pytest.raises(DomainError) as caught:
        draws.confirm("tester", record)
    assert caught.value.code == "draw_inputs_changed"
    entry.withdrawn = False
    draws.confirm("tester", record)
    with pytest.raises(DomainError) as again:
        draws.preview_clusters("tester", rnd, "other", ClusterRules())
    assert again.value.code == "draw_already_confirmed"


def test_moving_a_team_after_confirmation_needs_a_reason_and_is_audited(rnd):
    record = draws.preview_clusters("tester", rnd, SEED, ClusterRules())
    draws.confirm("tester", record)
    db.session.commit()
    entry = db.session.scalar(select(Entry).filter_by(round_id=rnd.id))
    target = next(c for c in rnd.clusters if c.id != entry.cluster_id)
    with pytest.raises(DomainError) as caught:
        draws.move_team("tester", record, entry.team_id, target.id, "   ")
    assert caught.value.code == "draw_move_needs_reason"
    assert draws.move_team("tester", record, entry.team_id, target.id, "Trùng lịch tiếp công dân") == []
    db.session.commit()
    assert entry.cluster_id == target.id
    [event] = draws.moves(record)
    assert event.new["reason"] == "Trùng lịch tiếp công dân" and event.new["cluster"] == target.name
    assert event.actor == "tester"
    # The record still verifies: it is what was drawn; the move is on the audit log beside it.
    assert draws.verify(record).matches


def test_running_order_then_packages_follow_the_clusters(rnd):
    draws.confirm("tester", draws.preview_clusters("tester", rnd, SEED, ClusterRules()))
    order = draws.preview_running_order("tester", rnd, "3 3 1")
    draws.confirm("tester", order)
    db.session.commit()
    for items in contests.entries_by_cluster(rnd).values():
        assert [e.running_order for e in items] == list(range(1, len(items) + 1))
    packages = draws.preview_packages("tester", rnd, "5 5 2", "Kiến thức",
                                      "\n".join(f"Gói câu hỏi {i}" for i in range(1, 7)))
    draws.confirm("tester", packages)
    db.session.commit()
    result = draws.result_of(packages)
    assert len(result.steps) == 35
    grouped = contests.entries_by_cluster(rnd)
    by_cluster = {c.name: grouped[c.id] for c in rnd.clusters}
    for group, items in by_cluster.items():
        steps = [s for s in result.steps if s.group == group]
        # Teams draw their package in running order, and no package goes twice in a cluster.
        assert [s.team for s in steps] == [e.team.name for e in items]
        assert len({s.value for s in steps}) == len(steps)


def test_verify_recomputes_from_the_record_and_catches_an_edited_result(rnd):
    record = draws.preview_clusters("tester", rnd, SEED, ClusterRules())
    db.session.commit()
    assert draws.verify(record).matches
    steps = [dict(s) for s in record.result["steps"]]
    other = next(s["group"] for s in steps if s["group"] != steps[0]["group"])
    steps[0]["group"] = other
    record.result = {**record.result, "steps": steps}
    db.session.commit()
    stored = db.session.get(Draw, record.id)
    outcome = draws.verify(stored)
    assert not outcome.matches and outcome.differences == (steps[0]["team"],)


def test_the_projector_steps_only_through_confirmed_draws(rnd):
    record = draws.preview_clusters("tester", rnd, SEED, ClusterRules())
    with pytest.raises(DomainError):
        draws.reveal(record, "next")
    draws.confirm("tester", record)
    draws.reveal(record, "next")
    draws.reveal(record, "next")
    payload = draws.reveal_payload(record)
    assert payload["revealed"] == 2 and payload["total"] == 35 and len(payload["steps"]) == 2
    assert [g["key"] for g in payload["groups"]] == [f"Cụm {i}" for i in range(1, 7)]
    assert payload["groups"][0]["venue"] == "Trung tâm Văn hóa quận Tây Hồ"
    draws.reveal(record, "all")
    assert record.revealed == 35
    draws.reveal(record, "next")
    assert record.revealed == 35
    draws.reveal(record, "reset")
    assert draws.reveal_payload(record)["steps"] == []


def test_home_clusters_rule_places_every_demo_team_unless_a_draw_is_confirmed(rnd):
    for entry in draws.live_entries(rnd):
        entry.cluster_id = None
    assert draws.apply_home_clusters("tester", rnd) == []
    db.session.commit()
    assert all(e.cluster_id for e in draws.live_entries(rnd))
    draws.confirm("tester", draws.preview_clusters("tester", rnd, SEED, ClusterRules()))
    with pytest.raises(DomainError) as caught:
        draws.apply_home_clusters("tester", rnd)
    assert caught.value.code == "draw_already_confirmed"


def test_a_move_that_breaks_a_separation_says_which(rnd):
    rules = ClusterRules(separations="Lực lượng vũ trang: Công an Thành phố Hà Nội; Bộ Tư lệnh Thủ đô Hà Nội")
    record = draws.preview_clusters("tester", rnd, SEED, rules)
    draws.confirm("tester", record)
    entries = {e.team.name: e for e in draws.live_entries(rnd)}
    police, army = entries["Công an Thành phố Hà Nội"], entries["Bộ Tư lệnh Thủ đô Hà Nội"]
    broken = draws.move_team("tester", record, army.team_id, police.cluster_id, "Đơn vị đề nghị")
    assert broken == ["Lực lượng vũ trang"]
    assert draws.moves(record)[0].new["breaks"] == ["Lực lượng vũ trang"]


def test_the_final_is_one_group_shown_with_the_rounds_venue(rnd):
    final = contests.round_by_slug(contests.get_contest("ha-noi-2024"), "chung-khao")
    finalists = ["Quận Tây Hồ", "Huyện Đông Anh", "Huyện Phúc Thọ", "Huyện Phú Xuyên", "Quận Đống Đa",
                 "Công an Thành phố Hà Nội"]  # fmt: skip
    for entry in draws.live_entries(rnd):
        if entry.team.name in finalists:
            db.session.add(Entry(round_id=final.id, team_id=entry.team_id))
    db.session.flush()
    record = draws.preview_running_order("tester", final, "6 6 6")
    draws.confirm("tester", record)
    draws.reveal(record, "all")
    payload = draws.reveal_payload(record)
    assert payload["groups"] == [{"key": "Vòng chung khảo", "venue": "Cung Văn hóa Lao động Hữu nghị Việt - Xô",
                                  "held_on": "2024-09-21"}]  # fmt: skip
    assert sorted(s["value"] for s in payload["steps"]) == [1, 2, 3, 4, 5, 6]
    assert sorted(e.running_order for e in draws.live_entries(final)) == [1, 2, 3, 4, 5, 6]
