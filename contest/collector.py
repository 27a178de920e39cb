"""CPython's garbage collector in a serving process: no long pause while thousands of viewers wait.

Every viewer holds ~180 objects the collector tracks. A full collection walks all of them: ~60 ms
per 1,000 viewers, ~600 ms at 10,000, during which no push leaves and no judge is answered. So:

- ``tune`` (at start): a young collection only every ``GC_YOUNG_THRESHOLD`` allocations, so a fan-out
  completes between two of them instead of promoting its short-lived objects; what start-up built
  (the app, its libraries) is frozen out of every later collection.
- ``Freezer`` (checks twice a second): once ``FREEZE_AT`` objects have settled in the oldest
  generation since the last freeze (viewers arriving, mostly), a full collection of what is *not*
  frozen (what settled since: a few milliseconds), then ``gc.freeze()``. The survivors are moved out
  of every later collection, so none ever walks the whole audience; while the audience is steady
  nothing settles and the freezer stays out of the fan-outs.
- A frozen object that becomes garbage inside a reference cycle stays until the freezer thaws
  everything (~60 objects per departed viewer, for a third of them: their connection's cycles). It
  thaws and collects once as many viewers have left as are still connected (and at least
  ``RECLAIM_AFTER``): a full pause then, but rare, and cheap when the audience is going home.
- A push (the publish and the fan-out, ``paused``) runs with the collector off, so no collection
  starts half-way through it; the young generations are collected just after (``between_pushes``).
- ``watch_pauses`` prints every collection that takes ``GC_PAUSE_LOG_MS`` or longer (``gc.callbacks``).
"""

import contextlib
import gc
import time
from collections.abc import Callable, Collection, Iterator
from typing import Any

from contest.extensions import socketio

# Objects allocated before a young-generation collection runs (CPython's default is 700).
GC_YOUNG_THRESHOLD = 20_000
FREEZE_EVERY = 0.5  # seconds
FREEZE_AT = 10_000  # objects settled in the oldest generation since the last freeze
RECLAIM_AFTER = 2_000  # departed viewers, at least, before the frozen objects are thawed and collected


def tune() -> None:
    """Start-up: fewer young collections, and what start-up built frozen out of later ones."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, 10, 10)


def watch_pauses(threshold_ms: float) -> None:
    """Print each collection lasting ``threshold_ms`` or more (the benchmark reads these lines): the
    wall-clock pause, and the processor time the collection itself took (on a loaded machine the
    difference is the process waiting for a core)."""
    started = [0.0, 0.0]

    def report(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started[:] = time.perf_counter(), time.thread_time()
            return
        took = (time.perf_counter() - started[0]) * 1000
        if took >= threshold_ms:
            cpu = (time.thread_time() - started[1]) * 1000
            print(f"collector pause {took:.1f} ms (generation {info['generation']}, cpu {cpu:.1f} ms)", flush=True)

    gc.callbacks.append(report)


class Freezer:
    """Every ``FREEZE_EVERY`` seconds: collect what is not frozen, then freeze the survivors.

    ``sessions`` gives the ids of the connections open now (Engine.IO's sessions when serving).
    """

    def __init__(self, sessions: Callable[[], Collection[str]], reclaim_after: int = RECLAIM_AFTER,
                 freeze_at: int = FREEZE_AT) -> None:
        self.sessions = sessions
        self.reclaim_after = reclaim_after
        self.freeze_at = freeze_at
        self.connected: set[str] = set()
        self.departed = 0  # connections frozen while open and gone since the last thaw

    def run(self) -> None:
        while True:
            socketio.sleep(FREEZE_EVERY)
            self.tick()

    def tick(self) -> None:
        if _paused[0]:
            return  # a push is under way (waiting for the database): the next tick
        now = set(self.sessions())
        self.departed += len(self.connected - now)
        self.connected = now
        if self.departed >= max(self.reclaim_after, len(now)):
            gc.unfreeze()  # the next collection walks everything once and frees what the departed left
            self.departed = 0
        elif len(gc.get_objects(generation=2)) < self.freeze_at:
            return  # little has settled since the last freeze: no collection in the middle of the show
        gc.collect()
        gc.freeze()


def start() -> None:
    """Serve-time: run the freezer beside the requests."""
    socketio.start_background_task(Freezer(lambda: socketio.server.eio.sockets).run)


_paused = [0]  # pushes (or fan-outs) in progress: the freezer waits for them


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No collection inside the block (a push: the publish, then the fan-out): nothing it allocates
    can start one half-way, where it would hold every viewer after that point, and the freezer does
    not run while a push waits for the database. ``between_pushes`` collects what it left."""
    was_enabled = gc.isenabled()
    gc.disable()
    _paused[0] += 1
    try:
        yield
    finally:
        _paused[0] -= 1
        if was_enabled:
            gc.enable()


def between_pushes() -> None:
    """After a push: the two young generations, now, while no viewer waits (a few milliseconds:
    everything older is frozen), rather than a collection inside the next one."""
    gc.collect(1)
