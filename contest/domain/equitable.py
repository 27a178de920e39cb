"""Equitable, balanced edge colourings of a bipartite multigraph: the engine of the cluster draw.

Boundary: pure graph routine, plain ints and hashables, no I/O. The draw module maps teams to edges
(left end: unit type, right end: pot), clusters to colours, and calls this.

The guarantee (de Werra, 1971): with k colours, every vertex of degree d sees each colour
floor(d/k) or ceil(d/k) times, and the colour classes differ in size by at most one. That is exactly
"each unit type and each pot spread as evenly as possible, and cluster sizes differ by at most one".

How: split every vertex into chunks of at most k consecutive edges; the split graph has maximum
degree <= k, so König's alternating-path method colours it properly with k colours. A full chunk
then uses every colour once, the last chunk distinct colours, hence equitable. Classes that differ by
two or more are evened out by swapping the two colours on an alternating path with one edge more of
the larger colour; that keeps the split graph properly coloured, hence still equitable.

Everything is deterministic: the caller's edge order and the lowest free colour decide every choice.
"""

from collections import defaultdict
from collections.abc import Hashable, Sequence

Edge = tuple[Hashable, Hashable]


class Colouring:
    """Edge colours plus the split graph that keeps them proper; colours are 0..k-1."""

    def __init__(self, edges: Sequence[Edge], k: int, colours: list[int]) -> None:
        self.edges = list(edges)
        self.k = k
        self.colours = colours
        self._ends: list[tuple[int, int]] = []
        self._at: list[dict[int, int]] = []
        self._stale = True  # the split graph no longer matches the colours; rebuilt when needed

    @classmethod
    def construct(cls, edges: Sequence[Edge], k: int) -> "Colouring":
        """Colour ``edges`` (in their given order) equitably and with balanced classes."""
        colouring = cls(edges, k, [-1] * len(edges))
        colouring._split_by_order()
        colouring._stale = False
        for e in range(len(edges)):
            colouring._colour_edge(e)
        colouring._balance()
        return colouring

    def class_sizes(self) -> list[int]:
        sizes = [0] * self.k
        for c in self.colours:
            sizes[c] += 1
        return sizes

    def swap(self, e: int, f: int) -> None:
        """Exchange the colours of two edges with the same ends (keeps every vertex count)."""
        self.colours[e], self.colours[f] = self.colours[f], self.colours[e]
        self._stale = True

    def kempe_chain(self, e: int, j: int) -> list[int]:
        """Edges of the component of colours {colour(e), j} through e in the split graph."""
        if self._stale:
            self._rebuild()
        i = self.colours[e]
        chain = [e]
        for start in self._ends[e]:
            want = j
            vertex = start
            while (f := self._at[vertex].get(want)) is not None and f != e:
                chain.append(f)
                a, b = self._ends[f]
                vertex = b if vertex == a else a
                want = i if want == j else j
        return list(dict.fromkeys(chain))

    def flip(self, chain: Sequence[int], j: int) -> None:
        """Swap colours colour(chain[0]) and j along a chain from ``kempe_chain``."""
        i = self.colours[chain[0]]
        for f in chain:
            self.colours[f] = j if self.colours[f] == i else i
        self._stale = True

    # -- construction ---------------------------------------------------------------------------

    def _split_by_order(self) -> None:
        """Chunk each vertex's edges, in edge order, into groups of k (the split graph)."""
        ids: dict[tuple[int, Hashable, int], int] = {}
        seen: dict[tuple[int, Hashable], int] = defaultdict(int)
        self._ends = []
        for edge in self.edges:
            ends = []
            for side, vertex in enumerate(edge):
                position = seen[side, vertex]
                seen[side, vertex] += 1
                ends.append(ids.setdefault((side, vertex, position // self.k), len(ids)))
            self._ends.append((ends[0], ends[1]))
        self._at = [{} for _ in ids]

    def _colour_edge(self, e: int) -> None:
        a, b = self._ends[e]
        alpha = self._lowest_free(a)
        if alpha in self._at[b]:
            beta = self._lowest_free(b)
            # The alpha/beta path from b never reaches a (bipartite parity), so flipping it frees
            # alpha at b without touching a.
            path = []
            vertex, want = b, alpha
            while (f := self._at[vertex].get(want)) is not None:
                path.append(f)
                x, y = self._ends[f]
                vertex = y if vertex == x else x
                want = beta if want == alpha else alpha
            self._recolour(path, alpha, beta)
        self._set(e, alpha)

    def _balance(self) -> None:
        while True:
            sizes = self.class_sizes()
            big = max(range(self.k), key=lambda c: (sizes[c], -c))
            small = min(range(self.k), key=lambda c: (sizes[c], c))
            if sizes[big] - sizes[small] <= 1:
                return
            self._recolour(self._excess_path(big, small), big, small)

    def _excess_path(self, big: int, small: int) -> list[int]:
        """A maximal big/small alternating path with one more big edge (exists by counting)."""
        for vertex, at in enumerate(self._at):
            if big not in at or small in at:
                continue
            path, want = [], big
            while (f := self._at[vertex].get(want)) is not None:
                path.append(f)
                x, y = self._ends[f]
                vertex = y if vertex == x else x
                want = small if want == big else big
            if len(path) % 2 == 1:
                return path
        raise AssertionError("unbalanced classes without an excess path")  # pragma: no cover

    def _lowest_free(self, vertex: int) -> int:
        used = self._at[vertex]
        return next(c for c in range(self.k) if c not in used)

    def _set(self, e: int, colour: int) -> None:
        self.colours[e] = colour
        for vertex in self._ends[e]:
            self._at[vertex][colour] = e

    def _recolour(self, path: Sequence[int], one: int, other: int) -> None:
        for f in path:
            for vertex in self._ends[f]:
                del self._at[vertex][self.colours[f]]
        for f in path:
            self._set(f, other if self.colours[f] == one else one)

    # -- split graph from an existing equitable colouring ---------------------------------------

    def _rebuild(self) -> None:
        """Re-chunk each vertex so every chunk holds distinct colours (the r-th edge of each colour
        goes to chunk r). Any equitable colouring splits this way, and the split stays proper."""
        self._stale = False
        ids: dict[tuple[int, Hashable, int], int] = {}
        seen: dict[tuple[int, Hashable, int], int] = defaultdict(int)
        ends: list[list[int]] = [[], []]
        for e, edge in enumerate(self.edges):
            for side, vertex in enumerate(edge):
                rank = seen[side, vertex, self.colours[e]]
                seen[side, vertex, self.colours[e]] += 1
                ends[side].append(ids.setdefault((side, vertex, rank), len(ids)))
        self._ends = list(zip(ends[0], ends[1], strict=True))
        self._at = [{} for _ in ids]
        for e, colour in enumerate(self.colours):
            for vertex in self._ends[e]:
                self._at[vertex][colour] = e
