"""Prometheus metrics (``GET /metrics``), shared by every worker process.

``contest serve --workers N`` gives its processes one ``PROMETHEUS_MULTIPROC_DIR`` (the client
library's multiprocess mode: each process writes its values to files there, a scrape of any process
adds them up), so the figures are the deployment's, not one process's. A single process keeps them in
memory. The environment variable must be set before ``prometheus_client`` is first imported: the
worker processes inherit it from the parent that starts them.
"""

import os
import time
from collections.abc import Iterable
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

VIEWERS = Gauge("contest_viewers_connected", "Socket.IO connections open, per contest (every audience).",
                ["contest"], multiprocess_mode="livesum")
PUSHES = Counter("contest_pushes_total", "Standings documents emitted, per room kind.", ["room"])
PUSH_LATENCY = Histogram(
    "contest_push_latency_seconds", "From the commit that changed a board to the emit of its update.",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0),
)
SHEETS = Counter("contest_sheets_total", "Score sheets received from tablets: outcome and refusal reason.",
                 ["outcome", "reason"])
HTTP_LATENCY = Histogram(
    "contest_http_request_duration_seconds", "Time to answer an HTTP request, per Flask endpoint.",
    ["endpoint", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

# This process's open sockets: sid -> contest slug (to know which gauge a disconnect lowers).
_open_sockets: dict[str, str] = {}


def socket_opened(sid: str, contest: str) -> None:
    _open_sockets[sid] = contest
    VIEWERS.labels(contest).inc()


def socket_closed(sid: str) -> None:
    contest = _open_sockets.pop(sid, None)
    if contest is not None:
        VIEWERS.labels(contest).dec()


def pushed(published: Iterable[Any], since: float | None) -> None:
    """Count the documents one flush emitted; ``since`` is when the first change it carries committed."""
    for result in published:
        if result.update is not None:
            PUSHES.labels("public").inc()
            if since is not None:
                PUSH_LATENCY.observe(time.monotonic() - since)
        if result.staff is not None:
            PUSHES.labels("staff").inc()


def sheet(outcome: str, reason: str = "") -> None:
    """``stored`` (new sheet), ``replayed`` (same key again) or ``refused`` with its reason code."""
    SHEETS.labels(outcome, reason).inc()


def http_request(endpoint: str | None, method: str, status: int, seconds: float) -> None:
    HTTP_LATENCY.labels(endpoint or "none", method, str(status)).observe(seconds)


def exposition() -> tuple[bytes, str]:
    """The text format of every metric, added up across worker processes when they share a folder."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def process_exited(pid: int) -> None:
    """A worker died or stopped: its live gauges (viewers) must stop counting."""
    if os.environ.get(MULTIPROC_ENV):
        multiprocess.mark_process_dead(pid)
