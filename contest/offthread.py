"""Run CPU-heavy work (reading an upload) on a real OS thread, so the server keeps answering.

Under gevent every request of a process shares one OS thread: a parse that runs for seconds there
stalls every judge's tablet and every screen. gevent's ThreadPool runs the function on a native
thread while the hub keeps serving (the interpreter hands the GIL back every few milliseconds);
without gevent (``contest run``, tests) a plain thread pool does the same. The function must not
touch Flask, the database or a socket: it gets plain values and returns plain values.

The caller waits at most ``seconds``. A thread cannot be killed, so work still running then is
abandoned, not stopped: the limits checked before parsing are what bound how long it can run.
"""

import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

import gevent
from gevent.threadpool import ThreadPool

from contest import _boot

# Two uploads read at once; a third waits for a free thread (counted in its time limit).
WORKERS = 2
T = TypeVar("T")


class TooSlow(Exception):
    """The work did not finish within its time limit."""


@functools.cache
def _gevent_pool() -> ThreadPool:
    return ThreadPool(WORKERS)


@functools.cache
def _thread_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(WORKERS, thread_name_prefix="offthread")


def run(function: Callable[..., T], *args: object, seconds: float) -> T:
    """``function(*args)`` on a worker thread; its exception is raised here; TooSlow after ``seconds``."""
    if _boot.GEVENT_PATCHED:
        try:
            outcome = _gevent_pool().spawn(_outcome, function, args).get(timeout=seconds)
        except gevent.Timeout as error:
            raise TooSlow from error
    else:
        try:
            outcome = _thread_pool().submit(_outcome, function, args).result(timeout=seconds)
        except FutureTimeout as error:
            raise TooSlow from error
    if isinstance(outcome, _Failed):
        raise outcome.error
    return outcome


class _Failed:
    def __init__(self, error: Exception) -> None:
        self.error = error


def _outcome(function: Callable[..., T], args: tuple) -> "T | _Failed":
    """The result, or the exception as a value: gevent's pool would print every expected refusal
    (a DomainError) as a crash in the server's log."""
    try:
        return function(*args)
    except Exception as error:
        return _Failed(error)
