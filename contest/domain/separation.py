"""Keeping separated teams apart without breaking balance, stratification or pots.

Boundary: pure local search over an equitable colouring (see ``equitable``): edges are teams,
colours are clusters, ``groups`` lists edge indices that must not share a colour.

Only two kinds of move are tried, and both keep every count the draw promises:
- swap the colours of two teams with the same unit type and pot (same edge ends);
- flip a two-colour alternating chain in the split graph (keeps every vertex equitable), when the
  flip leaves the cluster sizes within one of each other.
A move is taken only when it lowers the number of separated pairs sharing a cluster, so the search
ends; what it cannot fix is reported by the caller, never hidden. Every choice follows edge order
and colour order, so the outcome is as deterministic as the colouring it starts from.
"""

from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence

from contest.domain.equitable import Colouring


def keep_apart(colouring: Colouring, groups: Sequence[Sequence[int]], target: int = 0) -> int:
    """Improve ``colouring`` in place until at most ``target`` separated pairs share a colour or no
    single move separates more; return the pairs still sharing."""
    return _Search(colouring, groups).run(target)


class _Search:
    def __init__(self, colouring: Colouring, groups: Sequence[Sequence[int]]) -> None:
        self.colouring = colouring
        self.groups = [list(dict.fromkeys(group)) for group in groups]
        self.groups_of: dict[int, list[int]] = defaultdict(list)
        # counts[g][c]: members of group g that have colour c (kept in step with every move)
        self.counts = [Counter(colouring.colours[e] for e in group) for group in self.groups]
        for g, group in enumerate(self.groups):
            for e in group:
                self.groups_of[e].append(g)
        self.by_cell: dict[Hashable, list[int]] = defaultdict(list)
        for e, cell in enumerate(colouring.edges):
            self.by_cell[cell].append(e)
        n, k = len(colouring.edges), colouring.k
        self.size_range = (n // k, -(-n // k))

    def run(self, target: int) -> int:
        """Sweep the clashing teams, moving each when a move helps, until a sweep moves nothing."""
        left = sum(n * (n - 1) // 2 for counts in self.counts for n in counts.values())
        moved = True
        while moved and left > target:
            moved = False
            for e in self._clashing():
                if self._is_clashing(e) and (self._try_swap(e) or self._try_chain(e)):
                    moved = True
                    left = sum(n * (n - 1) // 2 for counts in self.counts for n in counts.values())
                    if left <= target:
                        break
        return left

    def _clashing(self) -> list[int]:
        return [e for e in sorted(self.groups_of) if self._is_clashing(e)]

    def _is_clashing(self, e: int) -> bool:
        colour = self.colouring.colours[e]
        return any(self.counts[g][colour] > 1 for g in self.groups_of[e])

    def _move(self, e: int, old: int, new: int) -> int:
        """Count edge e under colour ``new`` instead of ``old``; return the clashing pairs removed."""
        gain = 0
        for g in self.groups_of.get(e, ()):
            counts = self.counts[g]
            counts[old] -= 1
            gain += counts[old] - counts[new]
            counts[new] += 1
        return gain

    def _gain(self, changes: dict[int, int]) -> int:
        """Clashing pairs the recolouring ``changes`` (edge -> colour) would remove; counts unchanged."""
        colours = self.colouring.colours
        gain = sum(self._move(e, colours[e], c) for e, c in changes.items())
        for e, c in changes.items():
            self._move(e, c, colours[e])
        return gain

    def _commit(self, changes: dict[int, int]) -> None:
        colours = self.colouring.colours
        for e, c in changes.items():
            self._move(e, colours[e], c)

    def _try_swap(self, e: int) -> bool:
        colours = self.colouring.colours
        for f in self.by_cell[self.colouring.edges[e]]:
            changes = {e: colours[f], f: colours[e]}
            if colours[f] != colours[e] and self._gain(changes) > 0:
                self._commit(changes)
                self.colouring.swap(e, f)
                return True
        return False

    def _try_chain(self, e: int) -> bool:
        colours = self.colouring.colours
        i = colours[e]
        sizes = self.colouring.class_sizes()
        lo, hi = self.size_range
        for j in range(self.colouring.k):
            if j == i:
                continue
            chain = self.colouring.kempe_chain(e, j)
            shift = sum(1 if colours[f] == i else -1 for f in chain)  # edges moving from i to j
            if not (lo <= sizes[i] - shift <= hi and lo <= sizes[j] + shift <= hi):
                continue
            changes = {f: j if colours[f] == i else i for f in chain}
            if self._gain(changes) > 0:
                self._commit(changes)
                self.colouring.flip(chain, j)
                return True
        return False
