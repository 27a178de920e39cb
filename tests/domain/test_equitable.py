"""The colouring behind the cluster draw: equitable at every vertex, balanced classes, moves that keep both."""

from collections import Counter, defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from contest.domain.equitable import Colouring

PROPERTY = settings(max_examples=150, deadline=None, derandomize=True)

graphs = st.integers(1, 30).flatmap(
    lambda k: st.tuples(
        st.just(k),
        st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3)), min_size=k, max_size=300),
    )
)


def assert_equitable(colouring: Colouring) -> None:
    k = colouring.k
    at: dict[tuple[int, object], Counter] = defaultdict(Counter)
    for (left, right), colour in zip(colouring.edges, colouring.colours, strict=True):
        assert 0 <= colour < k
        at[0, left][colour] += 1
        at[1, right][colour] += 1
    for counts in at.values():
        degree = sum(counts.values())
        assert all(degree // k <= counts[c] <= -(-degree // k) for c in range(k)), (counts, k)


def assert_equitable_and_balanced(colouring: Colouring) -> None:
    assert_equitable(colouring)
    sizes = colouring.class_sizes()
    assert max(sizes) - min(sizes) <= 1


@PROPERTY
@given(graphs)
def test_every_vertex_sees_each_colour_floor_or_ceil_times_and_classes_balance(graph):
    k, edges = graph
    assert_equitable_and_balanced(Colouring.construct(edges, k))


@PROPERTY
@given(graphs, st.data())
def test_chain_flips_and_same_end_swaps_keep_it_equitable(graph, data):
    k, edges = graph
    colouring = Colouring.construct(edges, k)
    for _ in range(5):
        e = data.draw(st.integers(0, len(edges) - 1))
        twins = [f for f, edge in enumerate(edges) if edge == edges[e]]
        colouring.swap(e, data.draw(st.sampled_from(twins)))
        j = data.draw(st.integers(0, k - 1))
        if j != colouring.colours[e]:
            chain = colouring.kempe_chain(e, j)
            assert chain[0] == e
            i = colouring.colours[e]
            shift = sum(1 if colouring.colours[f] == i else -1 for f in chain)
            sizes = colouring.class_sizes()
            if abs((sizes[i] - shift) - (sizes[j] + shift)) <= 1 or shift == 0:
                colouring.flip(chain, j)
        assert_equitable(colouring)
