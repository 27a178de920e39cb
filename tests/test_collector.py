"""The serving process's collector policy (contest.collector): what survives is frozen out of later
collections, so none walks the whole audience; what departed viewers leave in reference cycles is
freed once as many have left as remain."""

import gc
import weakref
from collections.abc import Iterator

import pytest

from contest import collector
from contest.collector import Freezer


class Viewer:
    """A connection's state as the stack keeps it: objects in a reference cycle."""

    def __init__(self) -> None:
        self.me = self
        self.state = [{"frame": i} for i in range(20)]


@pytest.fixture
def thawed() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_survivors_are_frozen_out_of_later_collections(thawed):
    viewers = {f"sid{i}": Viewer() for i in range(500)}
    freezer = Freezer(lambda: viewers, reclaim_after=1000, freeze_at=0)
    before = gc.get_freeze_count()
    freezer.tick()
    assert gc.get_freeze_count() - before >= 500 * 22  # every viewer's objects: no collection walks them again
    gc.collect()
    assert all(viewer.me is viewer for viewer in viewers.values())  # and the viewers are all still there


def test_what_departed_viewers_left_is_freed_once_as_many_left_as_remain(thawed):
    viewers = {f"sid{i}": Viewer() for i in range(300)}
    freezer = Freezer(lambda: viewers, reclaim_after=100, freeze_at=0)
    freezer.tick()
    gone = [weakref.ref(viewers.pop(f"sid{i}")) for i in range(100)]  # a third leaves
    freezer.tick()
    assert all(ref() is not None for ref in gone)  # frozen cycles wait: thawing now would walk everyone
    for i in range(100, 200):
        gone.append(weakref.ref(viewers.pop(f"sid{i}")))
    freezer.tick()  # 200 departed, 100 remain: thaw, collect, freeze again
    assert all(ref() is None for ref in gone)
    assert len(viewers) == 100 and freezer.departed == 0


def test_no_collection_starts_inside_a_push_and_the_freezer_waits_for_it(thawed):
    started = []

    def record(phase: str, _info: dict) -> None:
        if phase == "start":
            started.append(phase)

    viewers = {f"sid{i}": Viewer() for i in range(200)}
    freezer = Freezer(lambda: viewers, reclaim_after=1000, freeze_at=0)
    gc.callbacks.append(record)
    try:
        with collector.paused():
            for _ in range(50_000):  # well past the young threshold: a collection would start here
                Viewer()
            freezer.tick()  # the freezer's turn comes while the push waits for the database
            assert started == [] and gc.get_freeze_count() == 0
        assert gc.isenabled()  # on again after the push
    finally:
        gc.callbacks.remove(record)


def test_between_pushes_collects_what_a_push_left_in_cycles():
    with collector.paused():
        left = weakref.ref(Viewer())  # a cycle: only the collector frees it
    assert left() is not None
    collector.between_pushes()
    assert left() is None
