"""The plain data of a draw: inputs, steps, results; their JSON form; and input checks.

Boundary: pure. ``to_dict``/``from_dict`` give the JSON-ready form a draw record stores. Ordered
collections are JSON lists (never object key order, which PostgreSQL's jsonb does not keep).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from contest.domain.errors import DomainError
from contest.domain.names import clean_name, name_key, nfc


@dataclass(frozen=True)
class DrawTeam:
    key: str
    unit_type: str = ""  # the stratum, used when the draw is stratified
    pot: int = 0  # 0 = unseeded; teams of pot 1, 2, ... are spread one per cluster


@dataclass(frozen=True)
class Separation:
    """Teams that must not share a cluster."""

    name: str
    teams: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    """A cluster (or the final) whose teams get a running order or packages."""

    key: str
    teams: tuple[str, ...]


@dataclass(frozen=True)
class ClusterInput:
    seed: str
    teams: tuple[DrawTeam, ...]
    clusters: tuple[str, ...]
    stratify: bool = False
    separations: tuple[Separation, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "teams": [{"key": t.key, "unit_type": t.unit_type, "pot": t.pot} for t in self.teams],
            "clusters": list(self.clusters),
            "stratify": self.stratify,
            "separations": [{"name": s.name, "teams": list(s.teams)} for s in self.separations],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ClusterInput":
        return _parse(lambda: cls(
            seed=str(data["seed"]),
            teams=tuple(DrawTeam(str(t["key"]), str(t.get("unit_type", "")), int(t.get("pot", 0)))
                        for t in data["teams"]),
            clusters=tuple(map(str, data["clusters"])),
            stratify=bool(data.get("stratify", False)),
            separations=tuple(Separation(str(s["name"]), tuple(map(str, s["teams"])))
                              for s in data.get("separations", ())),
        ))  # fmt: skip


@dataclass(frozen=True)
class OrderInput:
    seed: str
    groups: tuple[Group, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"seed": self.seed, "groups": _groups_to_list(self.groups)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "OrderInput":
        return _parse(lambda: cls(str(data["seed"]), _groups_from_list(data["groups"])))


@dataclass(frozen=True)
class PackageInput:
    seed: str
    groups: tuple[Group, ...]  # teams in the order they draw (usually the running order)
    packages: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"seed": self.seed, "groups": _groups_to_list(self.groups), "packages": list(self.packages)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "PackageInput":
        return _parse(lambda: cls(str(data["seed"]), _groups_from_list(data["groups"]),
                                  tuple(map(str, data["packages"]))))  # fmt: skip


@dataclass(frozen=True)
class Step:
    """One revealed placement: ``team`` goes to ``group`` (a cluster), with ``value`` = its running
    position or its package (None for a cluster draw)."""

    team: str
    group: str
    value: int | str | None = None


@dataclass(frozen=True)
class Unmet:
    """A separation the draw could not keep: ``teams`` share ``cluster``; ``reason`` says why."""

    constraint: str
    reason: str
    cluster: str
    teams: tuple[str, ...]


@dataclass(frozen=True)
class DrawResult:
    kind: str
    version: int
    steps: tuple[Step, ...]  # in reveal order
    unmet: tuple[Unmet, ...] = field(default=())

    def groups(self) -> dict[str, list[str]]:
        """Group key -> team keys, in reveal order (running order: by position)."""
        result: dict[str, list[str]] = {}
        steps = sorted(self.steps, key=lambda s: s.value) if self.kind == "running_order" else self.steps
        for step in steps:
            result.setdefault(step.group, []).append(step.team)
        return result

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "version": self.version,
            "steps": [{"team": s.team, "group": s.group, "value": s.value} for s in self.steps],
            "unmet": [{"constraint": u.constraint, "reason": u.reason, "cluster": u.cluster, "teams": list(u.teams)}
                      for u in self.unmet],
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "DrawResult":
        return _parse(lambda: cls(
            str(data["kind"]), int(data["version"]),
            tuple(Step(str(s["team"]), str(s["group"]), s.get("value")) for s in data["steps"]),
            tuple(Unmet(str(u["constraint"]), str(u["reason"]), str(u["cluster"]), tuple(map(str, u["teams"])))
                  for u in data.get("unmet", ())),
        ))  # fmt: skip


def _groups_to_list(groups: Iterable[Group]) -> list[dict[str, Any]]:
    return [{"key": g.key, "teams": list(g.teams)} for g in groups]


def _groups_from_list(items: Iterable[dict[str, Any]]) -> tuple[Group, ...]:
    return tuple(Group(str(g["key"]), tuple(map(str, g["teams"]))) for g in items)


def _parse(build):  # type: ignore[no-untyped-def]
    try:
        return build()
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise DomainError("draw_bad_record", "The draw record is malformed.", detail=repr(error)) from error


# -- the organizer's text --------------------------------------------------------------------------


def parse_separations(text: str, team_names: list[str]) -> tuple[Separation, ...]:
    """One constraint per line, teams separated by ";" (or "," where no name has one); an optional
    "name:" prefix names it. Names match loosely (case, spacing, NFC); the record keeps the team's."""
    by_key = {name_key(name): name for name in team_names}
    separations = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label, _, rest = line.partition(":") if ":" in line else ("", "", line)
        teams = [name for piece in _line_pieces(rest, by_key, number) for name in piece]
        name = clean_name(label, field="separations") if label.strip() else "; ".join(teams)
        separations.append(Separation(name, tuple(dict.fromkeys(teams))))
    return tuple(separations)


def _line_pieces(rest: str, by_key: dict[str, str], number: int) -> list[list[str]]:
    pieces = []
    for chunk in filter(str.strip, rest.split(";")):
        # A whole chunk may be one name with a comma ("... các trường đại học, cao đẳng Hà Nội").
        candidates = [chunk] if name_key(chunk) in by_key else [c for c in chunk.split(",") if c.strip()]
        for raw in candidates:
            if name_key(raw) not in by_key:
                raise DomainError("draw_unknown_team_name", "No team of this round has this name.",
                                  field="separations", value=raw.strip(), line=number)  # fmt: skip
        pieces.append([by_key[name_key(raw)] for raw in candidates])
    return pieces


# -- checks -----------------------------------------------------------------------------------------


def _unique(keys: Iterable[str], code: str, message: str) -> set[str]:
    seen: set[str] = set()
    for key in keys:
        if not key or key != nfc(key):
            raise DomainError("draw_bad_key", "A key in the draw is empty or not NFC-normalised.", key=key)
        if key in seen:
            raise DomainError(code, message, key=key)
        seen.add(key)
    return seen


def check_cluster_input(data: ClusterInput) -> None:
    """Raise DomainError for inputs no draw can honour; separations that merely clash are reported
    by the draw instead."""
    teams = _unique((t.key for t in data.teams), "draw_duplicate_team", "A team appears twice in the draw.")
    _unique(data.clusters, "draw_duplicate_cluster", "A cluster appears twice in the draw.")
    if not data.clusters:
        raise DomainError("draw_no_clusters", "There are no clusters to draw into.")
    if len(data.clusters) > len(teams):
        raise DomainError("draw_more_clusters_than_teams", "There are more clusters than teams.",
                          clusters=len(data.clusters), teams=len(teams))  # fmt: skip
    if any(t.pot < 0 for t in data.teams):
        raise DomainError("draw_bad_pot", "A pot number must be 0 (unseeded) or more.")
    _unique((s.name for s in data.separations), "draw_duplicate_separation", "Two separations have the same name.")
    for sep in data.separations:
        unknown = [key for key in sep.teams if key not in teams]
        if unknown:
            raise DomainError("draw_unknown_team", "A separation names a team that is not in the draw.",
                              constraint=sep.name, team=unknown[0])  # fmt: skip
        if len(set(sep.teams)) < 2 or len(set(sep.teams)) != len(sep.teams):
            raise DomainError("draw_bad_separation", "A separation needs at least two different teams.",
                              constraint=sep.name)  # fmt: skip


def check_order_input(data: OrderInput) -> None:
    _unique((g.key for g in data.groups), "draw_duplicate_group", "A group appears twice in the draw.")
    _unique((t for g in data.groups for t in g.teams), "draw_duplicate_team", "A team appears twice in the draw.")
    if not any(g.teams for g in data.groups):
        raise DomainError("draw_no_teams", "There are no teams to draw.")


def check_package_input(data: PackageInput) -> None:
    check_order_input(OrderInput(data.seed, data.groups))
    _unique(data.packages, "draw_duplicate_package", "A package appears twice in the draw.")
    for group in data.groups:
        if len(group.teams) > len(data.packages):
            raise DomainError("draw_not_enough_packages", "There are fewer packages than teams in a group.",
                              group=group.key, teams=len(group.teams), packages=len(data.packages))  # fmt: skip
