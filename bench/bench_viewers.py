"""How many viewers one server process feeds, and how fast: the app against a bare Flask-SocketIO.

Run: python bench/bench_viewers.py [--sizes 500,1000,2000,5000] [--posts 15] [--gap 0.6]
                                   [--targets app,app2,bare]

For each N, a fresh server runs as a subprocess on 127.0.0.1 (``contest serve``, gevent, SQLite,
the demo contest with four of five sheets already stored for 36 team-parts). N viewers connect with
a light raw-WebSocket Engine.IO/Socket.IO client (one epoll loop in one thread: python-socketio is
too heavy near 1,000 clients) that negotiates as a browser does: its handshake offers
``permessage-deflate`` (Chromium's exact offer); a server that accepts it is counted (``deflate``
column), since every update is then compressed once per viewer. Then the fifth judge POSTs the
missing sheets one by one through the judge API, each completing a part, so each POST moves the
public board exactly once. Printed per N: connections made and the time to make them, the share of
(viewer, push) pairs delivered, score-to-screen latency (POST sent -> update received)
p50/p95/p99, the judge's POST latency, the bytes of one update frame, the server's resident memory
and open descriptors per viewer, and its largest garbage-collector pause while the POSTs fan out
(the app prints each collection, measured with ``gc.callbacks``). The same run against
bench/bare_server.py (emit inside the request, same settings) gives the baseline and the ratio.
``app2`` runs ``contest serve --workers 2`` on PostgreSQL and Redis (127.0.0.1; a schema of its own,
dropped afterwards) with the viewers spread over both processes and every POST sent to the first.
The load generator shares the machine's cores with the server.
"""

import argparse
import base64
import contextlib
import json
import os
import re
import resource
import select
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
CONTEST_BIN = str(Path(sys.executable).with_name("contest"))
SERVING = re.compile(r"Serving on (http://[\d.]+:\d+)")
PAUSE = re.compile(r"collector pause ([\d.]+) ms")
LINK = re.compile(r"^\s+(\S+)\s+.*?(http://\S+/judge/login/\S+)$", re.MULTILINE)
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
SLUG = "ha-noi-2024"
PG_URL = os.environ.get("CONTEST_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("CONTEST_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
FEED = f"/api/v1/contests/{SLUG}/rounds/so-khao/standings"
VERSION = re.compile(rb'"v":(\d+)')

SEED = """
from sqlalchemy import select
from contest.app import create_app
from contest.extensions import db
from contest.models import Entry, Judge, Round
from contest.models.judging import ScoreSheet
app = create_app()
with app.app_context():
    rnd = db.session.scalar(select(Round).filter_by(slug="so-khao"))
    for cluster in rnd.clusters[:2]:
        judges = db.session.scalars(select(Judge).filter_by(round_id=rnd.id, cluster_id=cluster.id)
                                    .order_by(Judge.code)).all()[:4]
        for entry in db.session.scalars(select(Entry).filter_by(round_id=rnd.id, cluster_id=cluster.id)):
            for part in rnd.parts:
                if part.scoring_mode != "panel":
                    continue
                for seat, judge in enumerate(judges):
                    if judge.conflict_team_id == entry.team_id:
                        continue
                    total = part.max_points * (60 + 5 * seat) // 100 // part.step * part.step
                    db.session.add(ScoreSheet(contest_id=rnd.contest_id, judge_id=judge.id, entry_id=entry.id,
                                              part_id=part.id, version=1, body_hash="-",
                                              idem_key=f"bench-{judge.id}-{entry.id}-{part.id}",
                                              values={"total": total}, total=total))
    db.session.commit()
"""


@dataclass
class Result:
    target: str
    viewers: int
    connected: int = 0
    connect_seconds: float = 0.0
    delivered: int = 0
    expected: int = 0
    latencies: list[float] = field(default_factory=list)
    posts: list[float] = field(default_factory=list)
    frame_bytes: int = 0
    rss_per_viewer_kb: float = 0.0
    fds_per_viewer: float = 0.0
    compressed: int = 0
    gc_pause_ms: float | None = None


# --- a light Socket.IO viewer: raw WebSocket frames, one epoll loop for every connection -----------
# Each message costs a few microseconds here, so the client's own queueing adds little to latency.

def _frame(text: str) -> bytes:
    data, mask = text.encode(), os.urandom(4)
    size = bytes([0x80 | len(data)]) if len(data) < 126 else bytes([0x80 | 126]) + len(data).to_bytes(2, "big")
    return bytes([0x81]) + size + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data))


JOIN = _frame("40" + json.dumps({"contest": SLUG}))
PONG = _frame("3")


OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"


class Conn:
    __slots__ = ("buf", "last", "sock", "upgraded")

    def __init__(self, sock: socket.socket) -> None:
        self.sock, self.buf, self.upgraded, self.last = sock, b"", False, 0


class Viewers:
    """N viewers on one epoll loop (its own thread); ``arrivals[version]``: when each viewer got it."""

    def __init__(self, addresses: list[tuple[str, int]]) -> None:
        self.addresses = addresses
        self.arrivals: dict[int, list[float]] = {}
        self.frame_bytes = 0
        self.connected = 0
        self.failed = 0
        self.compressed = 0
        self.conns: dict[int, Conn] = {}
        self.poll = select.epoll()
        self.running = True
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def connect(self, n: int, in_flight: int = 200) -> float:
        start = time.perf_counter()
        for i in range(n):
            while len(self.conns) - self.connected - self.failed >= in_flight:
                time.sleep(0.002)
            host, port = self.addresses[i % len(self.addresses)]  # viewers spread over the processes
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setblocking(False)
            sock.connect_ex((host, port))
            self.conns[sock.fileno()] = Conn(sock)
            self.poll.register(sock.fileno(), select.EPOLLOUT)
        deadline = time.perf_counter() + 60
        while self.connected + self.failed < n and time.perf_counter() < deadline:
            time.sleep(0.01)
        return time.perf_counter() - start

    def _loop(self) -> None:
        while self.running:
            events = self.poll.poll(0.05)
            now = time.perf_counter()
            for fd, mask in events:
                conn = self.conns.get(fd)
                if conn is None:
                    continue
                try:
                    if mask & select.EPOLLOUT:
                        self._send_upgrade(conn)
                    elif mask & (select.EPOLLIN | select.EPOLLHUP | select.EPOLLERR):
                        self._read(conn, now)
                except OSError:
                    self._drop(fd)

    def _send_upgrade(self, conn: Conn) -> None:
        host, port = conn.sock.getpeername()
        key = base64.b64encode(os.urandom(16)).decode()
        conn.sock.send((f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {host}:{port}\r\n"
                        f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                        f"Sec-WebSocket-Version: 13\r\n{OFFER}\r\n").encode())
        self.poll.modify(conn.sock.fileno(), select.EPOLLIN)

    def _read(self, conn: Conn, now: float) -> None:
        data = conn.sock.recv(65536)
        if not data:
            raise OSError("closed")
        conn.buf += data
        if not conn.upgraded:
            head, sep, rest = conn.buf.partition(b"\r\n\r\n")
            if not sep:
                return
            if b" 101 " not in head:
                raise OSError("no upgrade")
            if b"permessage-deflate" in head.lower():
                self.compressed += 1  # this client cannot inflate: such a server fails the run visibly
            conn.upgraded, conn.buf = True, rest
        while len(conn.buf) >= 2:
            length, offset = conn.buf[1] & 0x7F, 2
            if length == 126:
                if len(conn.buf) < 4:
                    return
                length, offset = int.from_bytes(conn.buf[2:4], "big"), 4
            if len(conn.buf) < offset + length:
                return
            payload, conn.buf = conn.buf[offset:offset + length], conn.buf[offset + length:]
            self._message(conn, payload, now)

    def _message(self, conn: Conn, payload: bytes, now: float) -> None:
        if payload.startswith(b'42["standings"'):
            version = int(VERSION.search(payload).group(1))
            if version > conn.last:
                conn.last = version
                self.arrivals.setdefault(version, []).append(now)
                self.frame_bytes = len(payload)
        elif payload == b"2":
            conn.sock.send(PONG)
        elif payload[:1] == b"0":  # Engine.IO open: join the contest's public room
            conn.sock.send(JOIN)
        elif payload[:2] == b"40":
            self.connected += 1

    def _drop(self, fd: int) -> None:
        conn = self.conns.pop(fd, None)
        if conn is not None:
            self.failed += 0 if conn.last or conn.upgraded else 1
            with contextlib.suppress(OSError, ValueError):
                self.poll.unregister(fd)
            conn.sock.close()

    def close(self) -> None:
        self.running = False
        self.thread.join(timeout=5)
        for fd in list(self.conns):
            self._drop(fd)


# --- servers ------------------------------------------------------------------------------------

class Pauses:
    """The collector pauses a server prints, with the time each line arrived."""

    def __init__(self) -> None:
        self.seen: list[tuple[float, float]] = []

    def follow(self, stream: Iterable[str]) -> None:
        for line in stream:  # keeps the pipe drained too
            match = PAUSE.search(line)
            if match:
                self.seen.append((time.perf_counter(), float(match.group(1))))

    def largest(self, since: float) -> float:
        """The longest pause printed since ``since`` (0: no collection ran)."""
        return max((ms for at, ms in self.seen if at >= since), default=0.0)


def _start(command: list[str], env: dict[str, str], count: int = 1) -> tuple[subprocess.Popen, list[str], Pauses]:
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    urls = []
    pauses = Pauses()
    for line in process.stdout:
        match = SERVING.search(line)
        if match:
            urls.append(match.group(1))
            if len(urls) == count:
                threading.Thread(target=pauses.follow, args=(process.stdout,), daemon=True).start()
                return process, urls, pauses
    raise RuntimeError("server did not start")


def _pg(sql: str) -> None:
    subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-c", sql], check=True,
                   capture_output=True)


def _listening(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), timeout=1).close()
    except OSError:
        return False
    return True


def _rss_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def _fds(pids: list[int]) -> int:
    return sum(len(os.listdir(f"/proc/{pid}/fd")) for pid in pids)


def _children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


class AppTarget:
    """The app: one process on SQLite, or ``workers`` processes on PostgreSQL + Redis."""

    def __init__(self, workers: int = 1) -> None:
        self.name = "app" if workers == 1 else f"app×{workers}"
        self.dir = Path(tempfile.mkdtemp(prefix="bench-viewers-"))
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("CONTEST_")}
        self.env.update(CONTEST_INSTANCE_PATH=str(self.dir), CONTEST_SECRET_KEY="bench-" + "k" * 40,
                        CONTEST_GC_PAUSE_LOG_MS="0")  # every collection: the benchmark keeps the largest
        self.schema = None
        if workers > 1:
            self.schema = f"bench_{os.getpid()}"
            _pg(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE; CREATE SCHEMA "{self.schema}"')
            self.env.update(CONTEST_DATABASE_URL=f"{PG_URL}?options=-csearch_path%3D{self.schema}",
                            CONTEST_SOCKETIO_MESSAGE_QUEUE=REDIS_URL, CONTEST_SOCKETIO_CHANNEL=self.schema)
        out = subprocess.run([CONTEST_BIN, "demo", "--no-serve"], env=self.env, capture_output=True, text=True,
                             check=True).stdout
        links = dict(LINK.findall(out))
        subprocess.run([sys.executable, "-c", SEED], env=self.env, check=True, capture_output=True)
        self.process, self.urls, self.pauses = _start([CONTEST_BIN, "serve", "--host", "127.0.0.1", "--port", "0",
                                          "--workers", str(workers)], self.env, workers)
        self.url = self.urls[0]
        self.pids = _children(self.process.pid) if workers > 1 else [self.process.pid]
        self.cells = []
        for code in ("GK15", "GK25"):
            self.cells += self._judge_cells(re.sub(r"^http://[\d.]+:\d+", self.url, links[code]))

    def _judge_cells(self, link: str) -> list[tuple[requests.Session, dict]]:
        http = requests.Session()
        http.headers["X-CSRFToken"] = CSRF.search(http.get(link, timeout=10).text).group(1)
        state = http.get(f"{self.url}/judge/api/state", timeout=10).json()
        cells = []
        for part in state["parts"]:
            step = Decimal(part["step"])
            for entry in state["entries"]:
                if entry["conflict"]:
                    continue
                scores = ({str(c["id"]): _on_step(c["max"], step) for c in part["criteria"]}
                          or {"total": _on_step(part["max"], step)})
                cells.append((http, {"entry_id": entry["entry_id"], "part_code": part["code"], "scores": scores}))
        return cells

    def version(self) -> int:
        return requests.get(self.url + FEED, timeout=10).json()["v"]

    def post(self, step: int) -> None:
        http, body = self.cells[step]
        response = http.post(f"{self.url}/judge/api/sheets", json={**body, "key": f"bench-sheet-{step:06d}"},
                             timeout=10)
        response.raise_for_status()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)
        if self.schema:
            _pg(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')


def _on_step(maximum: str, step: Decimal) -> str:
    """Four fifths of the maximum, down to the part's step (a valid sheet value)."""
    return str((Decimal(maximum) * 4 / 5 / step).to_integral_value(rounding="ROUND_FLOOR") * step)


class BareTarget:
    name = "bare"

    def __init__(self) -> None:
        self.process, self.urls, self.pauses = _start([sys.executable, str(ROOT / "bench" / "bare_server.py")],
                                                      dict(os.environ))
        self.url, self.pids = self.urls[0], [self.process.pid]
        self.http = requests.Session()
        self.sent = 0

    def version(self) -> int:
        return self.sent

    def post(self, step: int) -> None:
        self.sent += 1
        self.http.post(f"{self.url}/score?v={self.sent}", timeout=30).raise_for_status()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


# --- one measurement -----------------------------------------------------------------------------

def measure(target: "AppTarget | BareTarget", n: int, posts: int, gap: float) -> Result:
    result = Result(target.name, n)
    addresses = [(url.split("//")[1].split(":")[0], int(url.rsplit(":", 1)[1])) for url in target.urls]
    before, fds_before = _rss_kb(target.pids), _fds(target.pids)
    viewers = Viewers(addresses)
    result.connect_seconds = viewers.connect(n)
    result.connected = viewers.connected
    result.compressed = viewers.compressed
    time.sleep(1.0)
    result.rss_per_viewer_kb = (_rss_kb(target.pids) - before) / max(viewers.connected, 1)
    result.fds_per_viewer = (_fds(target.pids) - fds_before) / max(viewers.connected, 1)
    target.post(0)  # warm-up, not counted
    time.sleep(gap)
    fan_out_from = time.perf_counter()
    for step in range(1, posts + 1):
        expected = target.version() + 1
        sent = time.perf_counter()
        target.post(step)
        result.posts.append((time.perf_counter() - sent) * 1000)
        deadline = time.perf_counter() + max(gap, 3.0)
        while len(viewers.arrivals.get(expected, ())) < viewers.connected and time.perf_counter() < deadline:
            time.sleep(0.01)
        arrived = list(viewers.arrivals.get(expected, []))
        result.latencies += [(t - sent) * 1000 for t in arrived]
        result.delivered += len(arrived)
        result.expected += viewers.connected
        time.sleep(gap)
    result.frame_bytes = viewers.frame_bytes + 2  # + the WebSocket header of a short frame
    # Only the app prints its collections; the bare server's column stays empty.
    result.gc_pause_ms = target.pauses.largest(fan_out_from) if isinstance(target, AppTarget) else None
    viewers.close()
    return result


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def show(result: Result) -> str:
    lat, post = result.latencies, result.posts
    gc_pause = "-" if result.gc_pause_ms is None else f"{result.gc_pause_ms:.1f}"
    return (f"{result.target:<6} {result.viewers:>6} {result.connected:>6} {result.connect_seconds:>8.1f}s "
            f"{100 * result.delivered / max(result.expected, 1):>8.2f}% {percentile(lat, 50):>7.0f} "
            f"{percentile(lat, 95):>7.0f} {percentile(lat, 99):>7.0f} {percentile(post, 50):>7.1f} "
            f"{percentile(post, 99):>7.1f} {result.frame_bytes:>6} {result.rss_per_viewer_kb:>8.1f} "
            f"{result.fds_per_viewer:>6.2f} {gc_pause:>7} {result.compressed:>7}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="500,1000,2000,5000")
    parser.add_argument("--posts", type=int, default=15)
    parser.add_argument("--gap", type=float, default=0.6)
    parser.add_argument("--targets", default="app,app2,bare",
                        help="app (one process, SQLite), app2 (two processes, PostgreSQL + Redis), bare")
    args = parser.parse_args()
    targets = args.targets.split(",")
    if "app2" in targets and not (_listening(PG_URL, 5432) and _listening(REDIS_URL, 6379)):
        print("app2 left out: no PostgreSQL or Redis listening (CONTEST_TEST_PG_URL, CONTEST_TEST_REDIS_URL)")
        targets.remove("app2")
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    print(f"cpus={os.cpu_count()} open-file limit={hard} posts per N={args.posts} gap={args.gap}s")
    print("tgt    viewers  conn.   conn.time  delivered  p50ms   p95ms   p99ms  POSTp50 POSTp99  bytes  KB/viewer "
          "fd/vwr  GCmax  deflate")
    results: dict[tuple[str, int], Result] = {}
    for n in (int(s) for s in args.sizes.split(",")):
        for name in targets:
            target = BareTarget() if name == "bare" else AppTarget(int(name[3:] or 1))
            try:
                results[(name, n)] = measure(target, n, args.posts, args.gap)
            except requests.RequestException as error:  # e.g. out of descriptors: the judge's POST hangs
                print(f"{target.name:<6} {n:>6} failed: {error.__class__.__name__} {error}", flush=True)
                continue
            finally:
                target.stop()
            print(show(results[(name, n)]), flush=True)
        for name in (t for t in targets if (t, n) in results and t != "bare" and ("bare", n) in results):
            app, bare = results[(name, n)], results[("bare", n)]
            ratio = [percentile(app.latencies, q) / percentile(bare.latencies, q) for q in (50, 95, 99)]
            print(f"ratio {app.target}/bare at {n}: latency p50 {ratio[0]:.2f} p95 {ratio[1]:.2f} p99 {ratio[2]:.2f}, "
                  f"POST p99 {percentile(app.posts, 99) / percentile(bare.posts, 99):.2f}, "
                  f"memory/viewer {app.rss_per_viewer_kb / max(bare.rss_per_viewer_kb, 0.1):.2f}", flush=True)


if __name__ == "__main__":
    main()
