"""How long the draws take: 400 teams into 40 clusters, stratified, with pots and separations.

Run: /work/venv/bin/python bench/bench_draw.py [--runs 50]
Prints median / 95th percentile / worst wall time per scenario over seeds "bench-0", "bench-1", ...
The issue's bar: the 400-team cluster draw with stratification and constraints under one second.
"""

import argparse
import statistics
import sys
import time
from collections.abc import Callable

from contest.domain.draw import ClusterInput, DrawResult, Group, OrderInput, PackageInput, Separation, draw
from contest.domain.draw_types import DrawTeam

UNIT_TYPES = ("quận", "huyện", "thị xã", "đơn vị thành phố")
N_TEAMS, N_CLUSTERS = 400, 40


def teams() -> tuple[DrawTeam, ...]:
    # Uneven strata (as in real contests) and one pot of 40 seeded teams, one per cluster.
    weights = (0.35, 0.45, 0.05, 0.15)
    bounds = [round(sum(weights[: i + 1]) * N_TEAMS) for i in range(len(weights))]
    unit_type = [next(UNIT_TYPES[j] for j, b in enumerate(bounds) if i < b) for i in range(N_TEAMS)]
    return tuple(DrawTeam(f"Đội {i:03d}", unit_type[i], 1 if i % 10 == 0 else 0) for i in range(N_TEAMS))


def separations(count: int, size: int, stride: int) -> tuple[Separation, ...]:
    return tuple(
        Separation(f"Tách {g}", tuple(f"Đội {(g * stride + m * 37) % N_TEAMS:03d}" for m in range(size)))
        for g in range(count)
    )


SCENARIOS: dict[str, dict] = {
    "stratified + pot of 40": {"stratify": True, "separations": ()},
    "stratified + pot + 30 separations of 5": {"stratify": True, "separations": separations(30, 5, 13)},
    "stratified + pot + 60 separations of 8": {"stratify": True, "separations": separations(60, 8, 7)},
    "stress: 5 separations of 60 (unmeetable)": {"stratify": True, "separations": separations(5, 60, 3)},
}


def timed(fn: Callable[[], DrawResult], runs: int) -> tuple[list[float], DrawResult]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    assert result is not None
    return times, result


def report(name: str, times: list[float], result: DrawResult) -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    sizes = [len(t) for t in result.groups().values()]
    print(
        f"{name:<44} median {statistics.median(times) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   "
        f"worst {max(times) * 1000:7.1f} ms   sizes {min(sizes)}-{max(sizes)}   unmet {len(result.unmet)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    clusters = tuple(f"Cụm {c}" for c in range(1, N_CLUSTERS + 1))
    print(f"{N_TEAMS} teams, {N_CLUSTERS} clusters, {args.runs} seeds per scenario, Python {sys.version.split()[0]}")
    last: DrawResult | None = None
    for name, rules in SCENARIOS.items():
        all_times: list[float] = []
        for run in range(args.runs):
            data = ClusterInput(f"bench-{run}", teams(), clusters, **rules)
            times, last = timed(lambda data=data: draw("clusters", data), 1)
            all_times += times
        report(name, all_times, last)
    assert last is not None
    groups = tuple(Group(c, tuple(t)) for c, t in last.groups().items())
    times, result = timed(lambda: draw("running_order", OrderInput("bench", groups)), args.runs)
    report("running order in 40 clusters", times, result)
    packages = tuple(f"Gói {p}" for p in range(1, 13))
    times, result = timed(lambda: draw("packages", PackageInput("bench", groups, packages)), args.runs)
    report("12 packages to each cluster's teams", times, result)


if __name__ == "__main__":
    main()
