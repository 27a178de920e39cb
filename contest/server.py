"""The production-grade server behind ``contest demo`` and ``contest serve``: gevent.

gevent serves thousands of viewers from one process where one OS thread per socket
cannot; the standard library was already patched by ``contest._boot``.

``contest serve --workers N`` runs N single-worker processes on ports P, P+1, ... (behind a
proxy with sticky sessions); they share PostgreSQL and reach each other's viewers through the
Socket.IO message queue (Redis). A worker that dies is started again on its port.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlsplit

from flask import Flask

from contest import broadcast, collector, metrics, realtime
from contest.connections import ContestServer
from contest.extensions import socketio
from contest.services import backup_schedule


class WorkersRefused(RuntimeError):
    """Several workers without the shared services they need."""


def raise_open_file_limit() -> int | None:
    """Each viewer holds a socket: lift the soft limit to the hard one, not ~1,024.

    Windows has no such limit (nor the ``resource`` module, imported here so the app loads there): None.
    """
    try:
        import resource  # Unix only
    except ImportError:
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def start_background_tasks(app: Flask) -> None:
    """What every serving process runs beside the requests (``contest serve``, ``demo`` and ``run``):
    the standings push, so saving a score never waits for the fan-out, and the judge socket sweep."""
    broadcast.start(app)
    realtime.start(app)
    start_backup_loop(app)


BACKUP_CHECK_SECONDS = 30


def start_backup_loop(app: Flask) -> None:
    """Every ``CONTEST_BACKUP_EVERY_MINUTES``: a consistent copy into ``CONTEST_BACKUP_DIR``."""
    schedule = backup_schedule.schedule_from(app.config, app.instance_path)
    if not schedule.every_minutes:
        return

    def loop() -> None:
        while True:
            try:
                if backup_schedule.due(backup_schedule.latest(schedule.folder), schedule):
                    made = backup_schedule.make_backup(app.config["SQLALCHEMY_DATABASE_URI"], schedule)
                    print(f"Automatic backup: {made.path} ({made.size:,} bytes)", flush=True)
            except Exception:  # a full disk or a pulled stick must not stop the next attempt
                app.logger.exception("automatic backup failed")
            socketio.sleep(min(BACKUP_CHECK_SECONDS, schedule.every_minutes * 60))

    socketio.start_background_task(loop)


def serve(app: Flask, host: str, port: int, access_log: bool = False) -> None:
    """Serve until interrupted; prints the real address (port 0 picks a free one)."""
    mode = app.config["SOCKETIO_ASYNC_MODE"]
    limit = raise_open_file_limit()
    public = realtime.set_public_socket_limit(app, limit)
    collector.tune()
    collector.watch_pauses(app.config["GC_PAUSE_LOG_MS"])
    start_background_tasks(app)
    collector.start()
    if mode == "gevent":
        server = ContestServer((host, port), app, log=sys.stdout if access_log else None,
                               header_timeout=app.config["HEADER_TIMEOUT"],
                               idle_timeout=app.config["KEEPALIVE_TIMEOUT"])
        server.start()
        print(f"Serving on http://{host}:{server.server_port} (gevent, open-file limit {limit or 'none'}, "
              f"public sockets up to {public or 'any number'})", flush=True)
        server.serve_forever()
    else:
        print(f"Serving on http://{host}:{port} ({mode})", flush=True)
        socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True, log_output=access_log)


def check_workers(app: Flask, workers: int) -> None:
    """Several processes need a shared database server and the message queue."""
    if workers <= 1:
        return
    if not app.config.get("SOCKETIO_MESSAGE_QUEUE"):
        raise WorkersRefused("--workers above 1 needs CONTEST_SOCKETIO_MESSAGE_QUEUE (e.g. redis://127.0.0.1:6379/0) "
                             "so every process reaches every viewer.")
    if urlsplit(app.config["SQLALCHEMY_DATABASE_URI"]).scheme.startswith("sqlite"):
        raise WorkersRefused("--workers above 1 needs PostgreSQL (CONTEST_DATABASE_URL): SQLite's lock "
                             "would make the processes wait for each other.")


def serve_workers(host: str, port: int, workers: int, access_log: bool) -> None:
    """Start ``workers`` single-worker processes and keep them running until SIGTERM/SIGINT."""
    ports = [port + i if port else 0 for i in range(workers)]
    # One metrics folder for the workers (prometheus_client's multiprocess mode): a scrape of any
    # worker reports the whole deployment. Made fresh unless the operator chose one.
    own_metrics_dir = None
    if not os.environ.get(metrics.MULTIPROC_ENV):
        own_metrics_dir = tempfile.mkdtemp(prefix="contest-metrics-")
        os.environ[metrics.MULTIPROC_ENV] = own_metrics_dir
    children = {i: _spawn(host, p, access_log) for i, p in enumerate(ports)}
    stopping = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while not stopping:
        time.sleep(0.5)
        for i, child in children.items():
            if child.poll() is not None and not stopping:
                print(f"Worker on port {ports[i] or 'auto'} exited ({child.returncode}); starting it again",
                      flush=True)
                metrics.process_exited(child.pid)
                children[i] = _spawn(host, ports[i], access_log)
    for child in children.values():
        child.terminate()
    for child in children.values():
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
    if own_metrics_dir:
        shutil.rmtree(own_metrics_dir, ignore_errors=True)


def _spawn(host: str, port: int, access_log: bool) -> subprocess.Popen:
    command = [sys.argv[0], "serve", "--host", host, "--port", str(port), "--workers", "1", "--no-upgrade"]
    if access_log:
        command.append("--access-log")
    return subprocess.Popen(command, env=os.environ.copy())
