"""Draws by lot: teams into clusters, running order inside groups, question packages to teams.

Boundary: pure rules. Inputs and results are frozen dataclasses of strings and ints that convert to
and from JSON-ready dicts (that is what a draw record stores); no Flask, no SQLAlchemy, no I/O.

Reproducible by construction: every choice derives from SHA-256 of (seed, algorithm version, purpose,
keys), never from ``random``; so the same seed, teams and rules give the same result on any machine
and Python. ``ALGORITHM_VERSION`` is part of every hash and of every record. Changing any result for
some input means a new version: add it to ``_ALGORITHMS`` and keep the old entry, so draws recorded
under the old version still verify.

Clusters (version 1):
1. teams are ordered by hash ("team", key); each team is an edge from its unit type (when
   stratified) to its pot (0 = unseeded), and ``equitable.Colouring`` gives cluster numbers so that
   sizes, every unit type and every pot are spread within one of their fair share (always possible);
2. ``separation.keep_apart`` moves teams, keeping those counts, until separated teams are apart or
   no move helps; if pairs still share, up to ``ATTEMPTS`` other team orders ("team/1", ...) are
   tried and the best kept; every separation still unmet is reported with its reason (``Unmet``),
   found by re-drawing without stratification and/or pots;
3. cluster numbers map to cluster keys in hash ("cluster", key) order; the reveal order for the
   projector is pot 1 first, then pot 2, ..., unseeded teams last, each by hash ("reveal", key).
"""

import hashlib
import json
import secrets
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from contest.domain.draw_types import (
    ClusterInput,
    DrawResult,
    Group,
    OrderInput,
    PackageInput,
    Separation,
    Step,
    Unmet,
    check_cluster_input,
    check_order_input,
    check_package_input,
)
from contest.domain.equitable import Colouring
from contest.domain.errors import DomainError
from contest.domain.names import clean_name, nfc
from contest.domain.separation import keep_apart

ALGORITHM_VERSION = 1
KINDS = ("clusters", "running_order", "packages")
SEED_MAX_LENGTH = 200
ATTEMPTS = 8  # team orders tried by the cluster draw before reporting unmet separations

# Why a separation could not be met (Unmet.reason).
TOO_MANY_FOR_CLUSTERS = "more_teams_than_clusters"  # pigeonhole: certain
BLOCKED_BY_STRATIFICATION = "blocked_by_stratification"  # met when drawn without unit-type strata
BLOCKED_BY_POTS = "blocked_by_pots"  # met when drawn without pots
BLOCKED_BY_BOTH = "blocked_by_stratification_and_pots"  # met only without both
BLOCKED_BY_OTHERS = "blocked_by_other_separations"  # not met even then: clashes with the others

__all__ = [
    "ALGORITHM_VERSION", "KINDS", "ClusterInput", "DrawResult", "Group", "OrderInput",
    "PackageInput", "Separation", "Step", "Unmet", "Verification", "draw", "generate_seed",
    "normalize_seed", "replay", "verify",
]  # fmt: skip


def normalize_seed(raw: str) -> str:
    """The seed as recorded: NFC, trimmed, inner whitespace (no-break spaces too) collapsed to one space."""
    return clean_name(" ".join(raw.split()), field="seed", max_length=SEED_MAX_LENGTH)


def generate_seed() -> str:
    """Twenty random digits in groups of five, easy to read aloud and to type again."""
    digits = f"{secrets.randbelow(10**20):020d}"
    return " ".join(digits[i : i + 5] for i in range(0, 20, 5))


def _digest(seed: str, version: int, purpose: str, *keys: str) -> bytes:
    # JSON of a list is an unambiguous, portable encoding of the parts.
    payload = json.dumps([nfc(seed), version, purpose, *keys], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).digest()


def _by_hash(keys: Sequence[str], seed: str, version: int, purpose: str, *context: str) -> list[str]:
    return sorted(keys, key=lambda key: (_digest(seed, version, purpose, *context, key), key))


# -- clusters ---------------------------------------------------------------------------------------


def _clusters_v1(data: ClusterInput, diagnose: bool = True) -> DrawResult:
    seed = data.seed
    pots = {team.key: team.pot for team in data.teams}
    order, colours = _colour_v1(data)
    cluster_of_colour = _by_hash(list(data.clusters), seed, 1, "cluster")
    cluster_of = {key: cluster_of_colour[colour] for key, colour in zip(order, colours, strict=True)}
    reveal = sorted(order, key=lambda key: (pots[key] == 0, pots[key], _digest(seed, 1, "reveal", key)))
    steps = tuple(Step(key, cluster_of[key]) for key in reveal)
    unmet = _unmet(data, cluster_of)
    if diagnose and any(u.reason != TOO_MANY_FOR_CLUSTERS for u in unmet):
        unmet = _diagnose(data, unmet)
    return DrawResult("clusters", 1, steps, tuple(unmet))


def _colour_v1(data: ClusterInput) -> tuple[list[str], list[int]]:
    """Team keys in edge order and their colours. The local search can stall, so up to
    ``ATTEMPTS`` team orders (hash purpose "team", then "team/1", ...) are tried; the first with the
    fewest separated pairs sharing a cluster wins, stopping early at the pigeonhole minimum."""
    k = len(data.clusters)
    types = {team.key: team.unit_type if data.stratify else "" for team in data.teams}
    pots = {team.key: team.pot for team in data.teams}
    floor = sum(_least_clashes(len(sep.teams), k) for sep in data.separations)
    best: tuple[int, list[str], list[int]] | None = None
    for attempt in range(ATTEMPTS):
        purpose = f"team/{attempt}" if attempt else "team"
        order = _by_hash([team.key for team in data.teams], data.seed, 1, purpose)
        colouring = Colouring.construct([(types[key], pots[key]) for key in order], k)
        index = {key: e for e, key in enumerate(order)}
        groups = [[index[key] for key in sep.teams] for sep in data.separations]
        score = keep_apart(colouring, groups, target=floor)
        if best is None or score < best[0]:
            best = (score, order, colouring.colours)
        if score <= floor:
            break
    assert best is not None
    return best[1], best[2]


def _least_clashes(size: int, k: int) -> int:
    """Pairs that must share a cluster when ``size`` teams are spread over ``k`` clusters."""
    q, r = divmod(size, k)
    return r * (q + 1) * q // 2 + (k - r) * q * (q - 1) // 2


def _unmet(data: ClusterInput, cluster_of: dict[str, str]) -> list[Unmet]:
    unmet = []
    for sep in data.separations:
        shared = Counter(cluster_of[key] for key in sep.teams)
        for cluster in data.clusters:
            if shared[cluster] > 1:
                teams = tuple(key for key in sep.teams if cluster_of[key] == cluster)
                reason = TOO_MANY_FOR_CLUSTERS if len(sep.teams) > len(data.clusters) else BLOCKED_BY_OTHERS
                unmet.append(Unmet(sep.name, reason, cluster, teams))
    return unmet


def _diagnose(data: ClusterInput, unmet: list[Unmet]) -> list[Unmet]:
    """Say why: re-draw without stratification, without pots, without both; the first relaxation
    under which a separation holds is what blocks it. Pigeonhole reasons stay as they are."""
    no_pots = tuple(replace(team, pot=0) for team in data.teams)
    relaxations = [
        (BLOCKED_BY_STRATIFICATION, replace(data, stratify=False), data.stratify),
        (BLOCKED_BY_POTS, replace(data, teams=no_pots), any(t.pot for t in data.teams)),
        (BLOCKED_BY_BOTH, replace(data, stratify=False, teams=no_pots), data.stratify),
    ]
    reasons: dict[str, str] = {}
    for reason, relaxed, applies in relaxations:
        if not applies:
            continue
        still_unmet = {u.constraint for u in _clusters_v1(relaxed, diagnose=False).unmet}
        for u in unmet:
            if u.constraint not in still_unmet:
                reasons.setdefault(u.constraint, reason)
    return [u if u.reason == TOO_MANY_FOR_CLUSTERS else replace(u, reason=reasons.get(u.constraint, u.reason))
            for u in unmet]  # fmt: skip


# -- running order and packages ---------------------------------------------------------------------


def _running_order_v1(data: OrderInput) -> DrawResult:
    steps = []
    for group in data.groups:
        ordered = _by_hash(list(group.teams), data.seed, 1, "order", group.key)
        steps += [Step(team, group.key, position) for position, team in enumerate(ordered, start=1)]
    return DrawResult("running_order", 1, tuple(steps))


def _packages_v1(data: PackageInput) -> DrawResult:
    """Inside a group each team, in the given order, draws one of the packages still left."""
    steps = []
    for group in data.groups:
        left = list(data.packages)
        for team in group.teams:
            package = _by_hash(left, data.seed, 1, "package", group.key, team)[0]
            left.remove(package)
            steps.append(Step(team, group.key, package))
    return DrawResult("packages", 1, tuple(steps))


# -- public entry points ----------------------------------------------------------------------------

_PARSERS: dict[str, Callable[[dict], ClusterInput | OrderInput | PackageInput]] = {
    "clusters": ClusterInput.from_dict,
    "running_order": OrderInput.from_dict,
    "packages": PackageInput.from_dict,
}
_CHECKS: dict[str, Callable] = {
    "clusters": check_cluster_input,
    "running_order": check_order_input,
    "packages": check_package_input,
}
_ALGORITHMS: dict[int, dict[str, Callable]] = {
    1: {"clusters": _clusters_v1, "running_order": _running_order_v1, "packages": _packages_v1},
}


def draw(kind: str, data: ClusterInput | OrderInput | PackageInput, version: int = ALGORITHM_VERSION) -> DrawResult:
    """Run the draw of ``kind`` on validated inputs with the given algorithm version."""
    if kind not in KINDS:
        raise DomainError("draw_unknown_kind", "Unknown kind of draw.", kind=kind)
    if version not in _ALGORITHMS:
        raise DomainError("draw_unknown_version", "Unknown draw algorithm version.", version=version)
    _CHECKS[kind](data)
    return _ALGORITHMS[version][kind](data)


def replay(kind: str, version: int, inputs: dict) -> DrawResult:
    """Re-run a recorded draw from its stored inputs."""
    if kind not in KINDS:
        raise DomainError("draw_unknown_kind", "Unknown kind of draw.", kind=kind)
    return draw(kind, _PARSERS[kind](inputs), version)


@dataclass(frozen=True)
class Verification:
    matches: bool
    recomputed: DrawResult
    differences: tuple[str, ...]  # team keys whose recorded placement differs


def verify(kind: str, version: int, inputs: dict, recorded: dict) -> Verification:
    """Recompute a draw from its record and compare it with the recorded result."""
    recomputed = replay(kind, version, inputs)
    stored = DrawResult.from_dict(recorded)
    mine = {(s.team, s.group, s.value) for s in recomputed.steps}
    theirs = {(s.team, s.group, s.value) for s in stored.steps}
    differences = tuple(sorted({team for team, _, _ in mine ^ theirs}))
    return Verification(recomputed == stored, recomputed, differences)
