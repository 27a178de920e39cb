"""Properties and pinned results of the pure draw algorithms (contest.domain.draw)."""

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contest.domain.draw import (
    ALGORITHM_VERSION,
    ClusterInput,
    DrawResult,
    Group,
    OrderInput,
    PackageInput,
    Separation,
    draw,
    generate_seed,
    normalize_seed,
    replay,
    verify,
)
from contest.domain.draw_types import DrawTeam, parse_separations
from contest.domain.errors import DomainError

GOLDEN = Path(__file__).parent / "golden"
UNIT_TYPES = ("quận", "huyện", "thị xã", "đơn vị thành phố")
PROPERTY = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


# -- strategies -------------------------------------------------------------------------------------


@st.composite
def cluster_inputs(draw_, stratify=None, pots=None, separations=None, min_teams=2, min_clusters=1):
    n = draw_(st.integers(min_teams, 400))
    k = draw_(st.integers(min_clusters, min(40, n - 1)))
    keys = [f"Đội {i:03d}" for i in range(n)]
    types = draw_(st.lists(st.sampled_from(UNIT_TYPES), min_size=n, max_size=n))
    seeded = draw_(st.integers(0, k)) if (pots if pots is not None else draw_(st.booleans())) else 0
    teams = tuple(DrawTeam(key, types[i], 1 if i < seeded else 0) for i, key in enumerate(keys))
    with_seps = separations if separations is not None else draw_(st.booleans())
    groups = st.lists(st.lists(st.sampled_from(keys), min_size=2, max_size=8, unique=True), max_size=6)
    seps = draw_(groups) if with_seps else []
    return ClusterInput(
        seed=draw_(st.text(st.characters(codec="utf-8", categories=["L", "N"]), min_size=1, max_size=12)),
        teams=teams,
        clusters=tuple(f"Cụm {c + 1}" for c in range(k)),
        stratify=stratify if stratify is not None else draw_(st.booleans()),
        separations=tuple(Separation(f"Tách {j}", tuple(group)) for j, group in enumerate(seps)),
    )


def clusters_of(result: DrawResult) -> dict[str, list[str]]:
    return result.groups()


# -- cluster properties -----------------------------------------------------------------------------


@PROPERTY
@given(cluster_inputs())
def test_sizes_differ_by_at_most_one(data):
    sizes = [len(teams) for teams in clusters_of(draw("clusters", data)).values()]
    assert len(sizes) == len(data.clusters)
    assert max(sizes) - min(sizes) <= 1


@PROPERTY
@given(cluster_inputs())
def test_every_team_lands_in_exactly_one_cluster(data):
    placed = [team for teams in clusters_of(draw("clusters", data)).values() for team in teams]
    assert sorted(placed) == sorted(t.key for t in data.teams)


@PROPERTY
@given(cluster_inputs(stratify=True))
def test_stratification_keeps_each_type_within_one_of_its_fair_share(data):
    unit_type = {t.key: t.unit_type for t in data.teams}
    totals = Counter(unit_type.values())
    k = len(data.clusters)
    for teams in clusters_of(draw("clusters", data)).values():
        here = Counter(unit_type[key] for key in teams)
        for kind, total in totals.items():
            assert abs(here[kind] - total / k) < 1, (kind, here[kind], total, k)


@PROPERTY
@given(cluster_inputs(pots=True))
def test_pots_put_at_most_one_seeded_team_per_cluster(data):
    seeded = {t.key for t in data.teams if t.pot}
    assert len(seeded) <= len(data.clusters)
    for teams in clusters_of(draw("clusters", data)).values():
        assert len(seeded.intersection(teams)) <= 1


@PROPERTY
@given(cluster_inputs(separations=True))
def test_separations_hold_or_the_draw_reports_which_cannot(data):
    result = draw("clusters", data)
    cluster_of = {team: cluster for cluster, teams in clusters_of(result).items() for team in teams}
    reported = {(u.constraint, u.cluster): set(u.teams) for u in result.unmet}
    broken = {}
    for sep in data.separations:
        for cluster, count in Counter(cluster_of[key] for key in sep.teams).items():
            if count > 1:
                broken[sep.name, cluster] = {key for key in sep.teams if cluster_of[key] == cluster}
    assert reported == broken
    assert all(u.reason for u in result.unmet)


@PROPERTY
@given(cluster_inputs())
def test_same_inputs_give_the_same_output(data):
    first = draw("clusters", data)
    again = draw("clusters", ClusterInput.from_dict(json.loads(json.dumps(data.to_dict()))))
    assert first == again
    assert DrawResult.from_dict(json.loads(json.dumps(first.to_dict()))) == first


@PROPERTY
@given(cluster_inputs(min_teams=20, min_clusters=2), st.text(min_size=1, max_size=10))
def test_a_different_seed_gives_a_different_output(data, other_seed):
    """Non-trivial: 20+ teams in 2+ clusters; compares the partition, not the reveal order."""
    other = ClusterInput(data.seed + "/" + other_seed, data.teams, data.clusters, data.stratify, data.separations)

    def partition(result: DrawResult) -> dict[str, frozenset[str]]:
        return {cluster: frozenset(teams) for cluster, teams in clusters_of(result).items()}

    assert partition(draw("clusters", data)) != partition(draw("clusters", other))


# -- explained failures -----------------------------------------------------------------------------


def _teams(*specs: str) -> tuple[DrawTeam, ...]:
    """'a:A:1' -> key a, unit type A, pot 1."""
    teams = []
    for spec in specs:
        key, unit_type, pot = [*spec.split(":"), "", "0"][:3]
        teams.append(DrawTeam(key, unit_type, int(pot or 0)))
    return tuple(teams)


@pytest.mark.parametrize(
    ("teams", "stratify", "separations", "reason"),
    [
        (_teams("a", "b", "c", "d"), False, [("abc", "a", "b", "c")], "more_teams_than_clusters"),
        (
            _teams("a1:A", "a2:A", "b1:B", "b2:B"),
            True,
            [("x", "a1", "b1"), ("y", "a2", "b1")],
            "blocked_by_stratification",
        ),
        (_teams("p1::1", "p2::1", "x", "y"), False, [("x1", "x", "p1"), ("x2", "x", "p2")], "blocked_by_pots"),
        (
            _teams("a", "b", "c", "d"),
            False,
            [("ab", "a", "b"), ("bc", "b", "c"), ("ac", "a", "c")],
            "blocked_by_other_separations",
        ),
    ],
    ids=["pigeonhole", "stratification", "pots", "odd-cycle"],
)
def test_unmet_separations_say_why(teams, stratify, separations, reason):
    seps = tuple(Separation(name, tuple(keys)) for name, *keys in separations)
    result = draw("clusters", ClusterInput("7", teams, ("Cụm 1", "Cụm 2"), stratify, seps))
    assert result.unmet, "the constraints cannot all hold with two clusters"
    assert {u.reason for u in result.unmet} == {reason}
    for unmet in result.unmet:
        assert len(unmet.teams) >= 2
        assert set(unmet.teams) <= set(next(s.teams for s in seps if s.name == unmet.constraint))


def test_a_feasible_hanoi_draw_keeps_every_separation():
    golden = json.loads((GOLDEN / "draw_clusters_v1.json").read_text(encoding="utf-8"))
    result = draw("clusters", ClusterInput.from_dict(golden["inputs"]))
    assert result.unmet == ()
    assert sorted(len(teams) for teams in result.groups().values()) == [5, 6, 6, 6, 6, 6]


# -- running order and packages ---------------------------------------------------------------------

GROUPS = (
    Group("Cụm 1", ("Quận Tây Hồ", "Huyện Đông Anh", "Huyện Phúc Thọ")),
    Group("Chung khảo", ("Quận Đống Đa", "Huyện Phú Xuyên")),
)


def test_running_order_is_a_permutation_of_each_group_numbered_from_one():
    result = draw("running_order", OrderInput("42", GROUPS))
    for group in GROUPS:
        steps = [s for s in result.steps if s.group == group.key]
        assert sorted(s.team for s in steps) == sorted(group.teams)
        assert [s.value for s in steps] == list(range(1, len(group.teams) + 1))
    assert result == draw("running_order", OrderInput("42", GROUPS))


@PROPERTY
@given(st.integers(2, 30), st.text(min_size=1, max_size=8))
def test_running_order_differs_with_the_seed(size, seed):
    group = (Group("g", tuple(f"Đội {i}" for i in range(size + 10))),)
    first = draw("running_order", OrderInput(seed, group))
    assert first.groups() != draw("running_order", OrderInput(seed + "!", group)).groups()


def test_packages_go_one_per_team_never_twice_in_a_group():
    packages = ("Gói 1", "Gói 2", "Gói 3")
    result = draw("packages", PackageInput("9", GROUPS, packages))
    assert len(result.steps) == 5
    for group in GROUPS:
        drawn = [s.value for s in result.steps if s.group == group.key]
        assert [s.team for s in result.steps if s.group == group.key] == list(group.teams)
        assert len(set(drawn)) == len(drawn) and set(drawn) <= set(packages)


# -- records: golden files, verify, replay ----------------------------------------------------------


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("draw_*.json")), ids=lambda p: p.stem)
def test_golden_draws_still_verify(path):
    golden = json.loads(path.read_text(encoding="utf-8"))
    outcome = verify(golden["kind"], golden["version"], golden["inputs"], golden["result"])
    assert outcome.matches, f"{path.name}: the algorithm changed; bump ALGORITHM_VERSION and keep the old one"
    assert outcome.differences == ()


@pytest.mark.parametrize("kind", ["clusters", "running_order", "packages"])
def test_the_current_version_is_pinned_by_a_golden_file(kind):
    assert (GOLDEN / f"draw_{kind}_v{ALGORITHM_VERSION}.json").exists()


def test_verify_names_the_teams_of_a_tampered_record():
    golden = json.loads((GOLDEN / "draw_clusters_v1.json").read_text(encoding="utf-8"))
    steps = golden["result"]["steps"]
    moved = next(s for s in steps if s["group"] != steps[0]["group"])
    moved["group"] = steps[0]["group"]
    outcome = verify("clusters", 1, golden["inputs"], golden["result"])
    assert not outcome.matches
    assert outcome.differences == (moved["team"],)


@pytest.mark.parametrize(
    ("kind", "version", "inputs", "code"),
    [
        ("clusters", 99, {"seed": "1", "teams": [], "clusters": []}, "draw_unknown_version"),
        ("lottery", 1, {}, "draw_unknown_kind"),
        ("clusters", 1, {"teams": []}, "draw_bad_record"),
    ],
    ids=["unknown-version", "unknown-kind", "malformed"],
)
def test_replay_refuses_what_it_cannot_recompute(kind, version, inputs, code):
    with pytest.raises(DomainError) as caught:
        replay(kind, version, inputs)
    assert caught.value.code == code


# -- input checks and seeds -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (ClusterInput("1", _teams("a", "a", "b"), ("c1",)), "draw_duplicate_team"),
        (ClusterInput("1", _teams("a", "b"), ("c1", "c2", "c3")), "draw_more_clusters_than_teams"),
        (ClusterInput("1", _teams("a", "b"), ()), "draw_no_clusters"),
        (ClusterInput("1", _teams("a", "b"), ("c1",), separations=(Separation("s", ("a", "z")),)), "draw_unknown_team"),
        (ClusterInput("1", _teams("a", "b"), ("c1",), separations=(Separation("s", ("a",)),)), "draw_bad_separation"),
        (ClusterInput("1", _teams("a", "e\u0301"), ("c1",)), "draw_bad_key"),
        (PackageInput("1", GROUPS, ("Gói 1", "Gói 2")), "draw_not_enough_packages"),
        (OrderInput("1", (Group("g", ("a",)), Group("h", ("a",)))), "draw_duplicate_team"),
    ],
    ids=[
        "duplicate-team",
        "too-many-clusters",
        "no-clusters",
        "unknown-team",
        "lonely-separation",
        "nfd-key",
        "few-packages",
        "team-in-two-groups",
    ],
)
def test_bad_inputs_are_refused_with_a_code(data, code):
    kind = {ClusterInput: "clusters", OrderInput: "running_order", PackageInput: "packages"}[type(data)]
    with pytest.raises(DomainError) as caught:
        draw(kind, data)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("raw", "seed"),
    [("  4 2  6\u00a01 ", "4 2 6 1"), ("xúc xắc 3-5-6", "xúc xắc 3-5-6"), ("xu\u0301c", "xúc")],
    ids=["spaces", "words", "nfd"],
)
def test_a_typed_seed_is_recorded_normalised(raw, seed):
    assert normalize_seed(raw) == seed


def test_an_empty_seed_is_refused():
    with pytest.raises(DomainError) as caught:
        normalize_seed("   ")
    assert caught.value.params["field"] == "seed"


def test_generated_seeds_are_twenty_digits_and_differ():
    seeds = {generate_seed() for _ in range(20)}
    assert len(seeds) == 20
    assert all(len(s.replace(" ", "")) == 20 and s.replace(" ", "").isdigit() for s in seeds)


# -- separations typed by the organizer -------------------------------------------------------------

NAMES = ["Quận Tây Hồ", "Quận Ba Đình", "Đảng bộ Khối các trường đại học, cao đẳng Hà Nội", "Công an Thành phố Hà Nội"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("quận tây hồ ;  QUẬN BA ĐÌNH", [("Quận Tây Hồ; Quận Ba Đình", ("Quận Tây Hồ", "Quận Ba Đình"))]),
        (
            "Khối: Đảng bộ Khối các trường đại học, cao đẳng Hà Nội; Công an Thành phố Hà Nội",
            [("Khối", ("Đảng bộ Khối các trường đại học, cao đẳng Hà Nội", "Công an Thành phố Hà Nội"))],
        ),
        (
            "Quận Tây Hồ, Quận Ba Đình\n\nQuận Ba Đình; Công an Thành phố Hà Nội",
            [
                ("Quận Tây Hồ; Quận Ba Đình", ("Quận Tây Hồ", "Quận Ba Đình")),
                ("Quận Ba Đình; Công an Thành phố Hà Nội", ("Quận Ba Đình", "Công an Thành phố Hà Nội")),
            ],
        ),
    ],
    ids=["loose-match", "label-and-comma-in-name", "comma-list-and-blank-line"],
)
def test_typed_separations_become_named_groups_of_exact_names(text, expected):
    assert [(s.name, s.teams) for s in parse_separations(text, NAMES)] == expected


def test_a_typed_name_that_is_no_team_is_reported_with_its_line():
    with pytest.raises(DomainError) as caught:
        parse_separations("Quận Tây Hồ; Quận Ba Đình\nQuận Tây Hồ; Quận Hồ Tây", NAMES)
    assert caught.value.params == {"field": "separations", "value": "Quận Hồ Tây", "line": 2}
