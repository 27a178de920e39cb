"""Standings fan-out, off the request path: a request commits and returns; one task pushes.

Any committed change to a row the standings depend on (score sheets, quiz marks, penalties,
absences, the stage, entries, rules, board state...) marks its round dirty through a SQLAlchemy
session hook (registered by ``init_app``, a named step of ``create_app``), so the judging code
needs no call of ours. One background task per process wakes
on the first mark, publishes every dirty round (``standings_feed.publish``: computed once,
versioned, stored), commits, then emits each document once to its room: Socket.IO encodes an emit
once and every viewer gets the same bytes. It then sleeps ``STANDINGS_PUSH_INTERVAL`` seconds,
so a burst of sheets coalesces into at most one push per interval.

With a message queue (Redis) the process that saw the commit publishes and its emit reaches the
viewers of every process.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from contest import collector, metrics
from contest.extensions import db, socketio
from contest.models import Cluster, Contest, Entry, Judge, Part, PrizeTier, Round, Team
from contest.models.judging import Absence, Penalty, QuizMark, ScoreSheet, StageState
from contest.models.show_state import BoardState, ShowSettings, TieDecision
from contest.realtime import room_public, room_staff
from contest.services import show_settings, standings_feed

log = logging.getLogger(__name__)
EXTENSION = "standings_broadcaster"
_SESSION_KEY = "standings_dirty"

Key = tuple[str, int]

# What a committed row marks dirty: ("entry", id), ("round", id), ("contest", id) or ("show", contest id).
_WATCHED = {
    ScoreSheet: lambda o: ("entry", o.entry_id), QuizMark: lambda o: ("entry", o.entry_id),
    Penalty: lambda o: ("entry", o.entry_id), Absence: lambda o: ("entry", o.entry_id),
    StageState: lambda o: ("round", o.round_id), Entry: lambda o: ("round", o.round_id),
    Part: lambda o: ("round", o.round_id), Judge: lambda o: ("round", o.round_id),
    Cluster: lambda o: ("round", o.round_id), TieDecision: lambda o: ("round", o.round_id),
    BoardState: lambda o: ("round", o.round_id), Round: lambda o: ("round", o.id),
    Contest: lambda o: ("contest", o.id), Team: lambda o: ("contest", o.contest_id),
    PrizeTier: lambda o: ("contest", o.contest_id), ShowSettings: lambda o: ("show", o.contest_id),
}


class Broadcaster:
    """Dirty keys in, pushes out; one per app (so one per server process)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.interval = float(app.config.get("STANDINGS_PUSH_INTERVAL", 0.15))
        # Only a serving process pushes in the background (``server.serve`` turns it on); command-line
        # tools and tests leave the marks for an explicit ``flush``.
        self.background = bool(app.config.get("STANDINGS_BACKGROUND", False))
        self._dirty: set[Key] = set()
        self._since: float | None = None  # when the oldest change not yet pushed committed (push latency)
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._task: Any = None

    def mark(self, keys: Iterable[Key]) -> None:
        """Cheap and non-blocking: remember the keys and wake the task."""
        with self._lock:
            self._dirty.update(keys)
            self._since = self._since or time.monotonic()
            start = self.background and self._task is None
            if start:
                self._task = socketio.start_background_task(self._run)
        self._wake.set()

    def pending(self) -> set[Key]:
        with self._lock:
            return set(self._dirty)

    def flush(self) -> list[standings_feed.Published]:
        """Publish every dirty round now (tests, and the task's body). Needs an app context."""
        with self._lock:
            keys, self._dirty = self._dirty, set()
            since, self._since = self._since, None
        with collector.paused():
            published = flush_keys(keys)
        metrics.pushed(published, since)
        return published

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            try:
                with self.app.app_context():
                    self.flush()
            except Exception:  # the loop must survive anything one publish does
                log.exception("standings push failed")
            collector.between_pushes()
            socketio.sleep(self.interval)


def broadcaster(app: Flask | None = None) -> Broadcaster | None:
    """The app's broadcaster, created on first use (None outside an app context)."""
    app = app or (current_app._get_current_object() if has_app_context() else None)
    if app is None:
        return None
    found = app.extensions.get(EXTENSION)
    return found if found is not None else app.extensions.setdefault(EXTENSION, Broadcaster(app))


def mark(*keys: Key) -> None:
    """Mark keys dirty in the current app (for changes the session hook cannot see)."""
    target = broadcaster()
    if target is not None:
        target.mark(keys)


def start(app: Flask) -> None:
    """Serve-time: push in the background from now on, and republish every round once so the stored
    snapshots catch up with anything committed while no server was running."""
    target = broadcaster(app)
    target.background = True
    with app.app_context():
        rounds = list(db.session.scalars(select(Round.id)))
        db.session.rollback()
    target.mark(("round", rid) for rid in rounds)


def flush_keys(keys: set[Key]) -> list[standings_feed.Published]:
    published = []
    for contest_id in sorted(k for kind, k in keys if kind == "show"):
        _emit_show(contest_id)
    for round_id in sorted(_round_ids(keys)):
        try:
            result = standings_feed.publish(round_id)
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("publishing round %s failed", round_id)
            continue
        if result is not None:
            emit(result)
            published.append(result)
    return published


def _round_ids(keys: set[Key]) -> set[int]:
    rounds = {k for kind, k in keys if kind == "round"}
    entries = [k for kind, k in keys if kind == "entry"]
    contests = [k for kind, k in keys if kind == "contest"]
    if entries:
        rounds.update(db.session.scalars(select(Entry.round_id).where(Entry.id.in_(entries))))
    if contests:
        rounds.update(db.session.scalars(select(Round.id).where(Round.contest_id.in_(contests))))
    return rounds


def emit(result: standings_feed.Published) -> None:
    """After commit, one emit per room. Cards are not pushed: only projectors show them, and they fetch
    the card named by the update's ``cd`` over HTTP, so thousands of phones never pay for it."""
    public = room_public(result.contest_id)
    if result.update is not None:
        socketio.emit("standings", result.update, to=public)
    if result.staff is not None:
        socketio.emit("staff_standings", result.staff, to=room_staff(result.contest_id))


def _emit_show(contest_id: int) -> None:
    doc = show_settings.public_doc(contest_id)
    db.session.rollback()
    socketio.emit("show", doc, to=room_public(contest_id))


def init_app(app: Flask) -> None:
    """Push the standings after every commit that changes them: hook SQLAlchemy's session events
    (global to ``Session``, so hooked once per process however many apps are built) and give the
    app its broadcaster."""
    for name, listener in (("after_flush", _collect), ("after_commit", _release), ("after_rollback", _forget)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
    broadcaster(app)


def _collect(session: Session, _context: Any) -> None:
    found = session.info.setdefault(_SESSION_KEY, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        key_of = _WATCHED.get(type(obj))
        if key_of is not None:
            key = key_of(obj)
            if key[1] is not None:
                found.add(key)


def _release(session: Session) -> None:
    keys = session.info.pop(_SESSION_KEY, None)
    if keys:
        mark(*keys)


def _forget(session: Session) -> None:
    session.info.pop(_SESSION_KEY, None)
