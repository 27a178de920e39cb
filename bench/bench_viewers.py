"""How many viewers one server process feeds, and how fast: the app against a bare Flask-SocketIO.

Run: python bench/bench_viewers.py [--sizes 500,1000,2000,5000] [--posts 15] [--gap 0.6]
                                   [--targets app,app2,bare] [--client node|raw] [--client-processes 2]
                                   [--rounds 1] [--public-cap 0]

For each N, a fresh server runs as a subprocess on 127.0.0.1 (``contest serve``, gevent, SQLite,
the demo contest with four of five sheets already stored for 36 team-parts). N viewers connect,
negotiating as a browser does, from ``--client-processes`` load processes:

- ``node`` (default): ``bench/node_viewers.js``, the real socket.io-client 4.8 on the websocket
  transport as the live page opens it; Node's ``ws`` offers ``permessage-deflate`` like a browser
  (``npm ci`` in ``bench/`` first);
- ``raw``: a light raw-WebSocket Engine.IO/Socket.IO client (one epoll loop per process) whose
  handshake offers Chromium's exact ``permessage-deflate``; it also measures the bytes of one frame.

A server that accepts the compression offer is counted (``deflate`` column): every update is then
compressed once per viewer. Then the fifth judge POSTs the missing sheets one by one through the
judge API, each completing a part, so each POST moves the public board exactly once. Printed per
N: connections made (and refused, with ``--public-cap``) and the time to make them, the share of
(viewer, push) pairs delivered, score-to-screen latency (POST sent -> update received, both clocks
CLOCK_MONOTONIC) p50/p95/p99, the judge's POST latency, the bytes of one update frame (raw client),
the server's resident memory and open descriptors per viewer, and its largest garbage-collector
pause while the POSTs fan out (the app prints each collection, measured with ``gc.callbacks``).
The same run against bench/bare_server.py (emit inside the request, same settings) gives the
baseline and the ratio app/bare. ``app2`` runs ``contest serve --workers 2`` on PostgreSQL and Redis
(127.0.0.1; a schema of its own, dropped afterwards) with the viewers spread over both processes
and every POST sent to the first. ``--rounds R`` measures each (server, N) R times, a fresh server
each time, and pools the rounds for the ratio. ``--public-cap C`` starts the app with
``CONTEST_PUBLIC_SOCKET_LIMIT=C`` per process: viewers past it are refused (they would poll the
feed), and the judge's POSTs are timed with the audience's share full.
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
PAUSE = re.compile(r"collector pause ([\d.]+) ms \(generation \d(?:, cpu ([\d.]+) ms)?")
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
    refused: int = 0
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
    gc_cpu_ms: float | None = None


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
    __slots__ = ("buf", "last", "settled", "sock", "upgraded")

    def __init__(self, sock: socket.socket) -> None:
        self.sock, self.buf, self.upgraded, self.last, self.settled = sock, b"", False, 0, False


class Viewers:
    """N viewers on one epoll loop (its own thread); ``arrivals[version]``: when each viewer got it
    (``time.monotonic_ns()``)."""

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
        start = time.monotonic()
        for i in range(n):
            while len(self.conns) - self.connected - self.failed >= in_flight:
                time.sleep(0.002)
            host, port = self.addresses[i % len(self.addresses)]  # viewers spread over the processes
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setblocking(False)
            sock.connect_ex((host, port))
            self.conns[sock.fileno()] = Conn(sock)
            self.poll.register(sock.fileno(), select.EPOLLOUT)
        deadline = time.monotonic() + 90
        while self.connected + self.failed < n and time.monotonic() < deadline:
            time.sleep(0.01)
        return time.monotonic() - start

    def _loop(self) -> None:
        while self.running:
            events = self.poll.poll(0.05)
            now = time.monotonic_ns()
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

    def _read(self, conn: Conn, now: int) -> None:
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

    def _message(self, conn: Conn, payload: bytes, now: int) -> None:
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
            conn.settled = True
        elif payload[:2] == b"44":  # refused (the public cap): a page would poll the feed now
            self.failed += 1
            conn.settled = True
            raise OSError("refused")

    def _drop(self, fd: int) -> None:
        conn = self.conns.pop(fd, None)
        if conn is not None:
            self.failed += 0 if conn.settled else 1
            with contextlib.suppress(OSError, ValueError):
                self.poll.unregister(fd)
            conn.sock.close()

    def close(self) -> None:
        self.running = False
        self.thread.join(timeout=5)
        for fd in list(self.conns):
            self._drop(fd)



def serve_viewers(slug: str, count: int, urls: list[str]) -> None:
    """The raw client as a load process: ``node_viewers.js``'s commands on stdin, answers on stdout."""
    global JOIN
    JOIN = _frame("40" + json.dumps({"contest": slug}))
    viewers = Viewers([(u.split("//")[1].split(":")[0], int(u.rsplit(":", 1)[1])) for u in urls])
    viewers.connect(count)
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command == "status":
            answer = {"connected": viewers.connected, "failed": viewers.failed, "deflate": viewers.compressed,
                      "frame": viewers.frame_bytes + 2 if viewers.frame_bytes else 0}  # + a short frame's header
        elif command == "count":
            answer = {"v": int(argument), "n": len(viewers.arrivals.get(int(argument), ()))}
        elif command == "times":
            answer = {"v": int(argument), "t": viewers.arrivals.get(int(argument), [])}
        else:
            viewers.close()
            return
        print(json.dumps(answer), flush=True)


class Clients:
    """The load processes (``--client-processes``) holding the viewers, asked together."""

    def __init__(self, kind: str, processes: int, count: int, urls: list[str]) -> None:
        self.processes = []
        for i in range(processes):
            share = count // processes + (1 if i < count % processes else 0)
            if kind == "node":
                command = ["node", str(ROOT / "bench" / "node_viewers.js"), SLUG, str(share), *urls]
            else:
                command = [sys.executable, __file__, "--viewer-process", SLUG, str(share), *urls]
            self.processes.append(subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                                   text=True, bufsize=1))

    def ask(self, command: str) -> list[dict]:
        for process in self.processes:
            process.stdin.write(command + "\n")
            process.stdin.flush()
        return [json.loads(process.stdout.readline()) for process in self.processes]

    def status(self) -> dict:
        answers = self.ask("status")
        totals = {key: sum(a.get(key, 0) for a in answers) for key in ("connected", "failed", "deflate")}
        totals["frame"] = max(a.get("frame", 0) for a in answers)
        return totals

    def connect(self, count: int, timeout: float = 120) -> dict:
        """Wait until every viewer is connected or refused; totals, and the seconds it took."""
        started = time.monotonic()
        while True:
            totals = self.status()
            if totals["connected"] + totals["failed"] >= count or time.monotonic() - started > timeout:
                totals["seconds"] = time.monotonic() - started
                return totals
            time.sleep(0.1)

    def count(self, version: int) -> int:
        return sum(a["n"] for a in self.ask(f"count {version}"))

    def times(self, version: int) -> list[float]:
        """When each viewer received ``version`` (seconds on ``time.monotonic``'s clock)."""
        return [int(t) / 1e9 for a in self.ask(f"times {version}") for t in a["t"]]

    def close(self) -> None:
        for process in self.processes:
            with contextlib.suppress(OSError):
                process.stdin.write("close\n")
                process.stdin.flush()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


# --- servers ------------------------------------------------------------------------------------

class Pauses:
    """The collector pauses a server prints, with the time each line arrived."""

    def __init__(self) -> None:
        self.seen: list[tuple[float, float, float]] = []

    def follow(self, stream: Iterable[str]) -> None:
        for line in stream:  # keeps the pipe drained too
            match = PAUSE.search(line)
            if match:
                wall = float(match.group(1))
                self.seen.append((time.monotonic(), wall, float(match.group(2) or wall)))

    def largest(self, since: float) -> tuple[float, float]:
        """The longest pause printed since ``since`` (0: no collection ran), and the processor time
        the collector itself spent in the longest by that measure (the rest was waiting for a core)."""
        recent = [(wall, cpu) for at, wall, cpu in self.seen if at >= since]
        return max((w for w, _ in recent), default=0.0), max((c for _, c in recent), default=0.0)


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

    def __init__(self, workers: int = 1, public_cap: int = 0) -> None:
        self.name = "app" if workers == 1 else f"app×{workers}"
        self.dir = Path(tempfile.mkdtemp(prefix="bench-viewers-"))
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("CONTEST_")}
        self.env.update(CONTEST_INSTANCE_PATH=str(self.dir), CONTEST_SECRET_KEY="bench-" + "k" * 40,
                        CONTEST_GC_PAUSE_LOG_MS="0")  # every collection: the benchmark keeps the largest
        if public_cap:
            self.env["CONTEST_PUBLIC_SOCKET_LIMIT"] = str(public_cap)
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

def measure(target: "AppTarget | BareTarget", n: int, posts: int, gap: float, client: str,
            processes: int) -> Result:
    result = Result(target.name, n)
    before, fds_before = _rss_kb(target.pids), _fds(target.pids)
    clients = Clients(client, processes, n, target.urls)
    try:
        status = clients.connect(n)
        result.connected, result.refused = status["connected"], status["failed"]
        result.connect_seconds, result.compressed = status["seconds"], status["deflate"]
        time.sleep(1.0)
        result.rss_per_viewer_kb = (_rss_kb(target.pids) - before) / max(result.connected, 1)
        result.fds_per_viewer = (_fds(target.pids) - fds_before) / max(result.connected, 1)
        target.post(0)  # warm-up, not counted
        time.sleep(gap)
        fan_out_from = time.monotonic()
        for step in range(1, posts + 1):
            expected = target.version() + 1
            sent = time.monotonic()
            target.post(step)
            result.posts.append((time.monotonic() - sent) * 1000)
            deadline = time.monotonic() + max(gap, 3.0)
            while clients.count(expected) < result.connected and time.monotonic() < deadline:
                time.sleep(0.02)
            arrived = clients.times(expected)
            result.latencies += [(t - sent) * 1000 for t in arrived]
            result.delivered += len(arrived)
            result.expected += result.connected
            time.sleep(gap)
        result.frame_bytes = clients.status()["frame"]
    finally:
        clients.close()
    # Only the app prints its collections; the bare server's column stays empty.
    if isinstance(target, AppTarget):
        result.gc_pause_ms, result.gc_cpu_ms = target.pauses.largest(fan_out_from)
    return result


def pooled(rounds: list[Result]) -> Result:
    """Several rounds of one (server, N) as one row: every latency, every POST, the worst of the rest."""
    first = rounds[0]
    return Result(first.target, first.viewers, connected=min(r.connected for r in rounds),
                  refused=max(r.refused for r in rounds),
                  connect_seconds=max(r.connect_seconds for r in rounds),
                  delivered=sum(r.delivered for r in rounds), expected=sum(r.expected for r in rounds),
                  latencies=[x for r in rounds for x in r.latencies], posts=[x for r in rounds for x in r.posts],
                  frame_bytes=first.frame_bytes, rss_per_viewer_kb=max(r.rss_per_viewer_kb for r in rounds),
                  fds_per_viewer=max(r.fds_per_viewer for r in rounds), compressed=max(r.compressed for r in rounds),
                  gc_pause_ms=None if first.gc_pause_ms is None else max(r.gc_pause_ms or 0 for r in rounds),
                  gc_cpu_ms=None if first.gc_cpu_ms is None else max(r.gc_cpu_ms or 0 for r in rounds))


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def show(result: Result) -> str:
    lat, post = result.latencies, result.posts
    gc_pause = "-" if result.gc_pause_ms is None else f"{result.gc_pause_ms:.0f}/{result.gc_cpu_ms:.0f}"
    return (f"{result.target:<6} {result.viewers:>6} {result.connected:>6} {result.refused:>6} "
            f"{result.connect_seconds:>8.1f}s {100 * result.delivered / max(result.expected, 1):>8.2f}% "
            f"{percentile(lat, 50):>7.0f} {percentile(lat, 95):>7.0f} {percentile(lat, 99):>7.0f} "
            f"{percentile(post, 50):>7.1f} {percentile(post, 99):>7.1f} {result.frame_bytes or '-':>6} "
            f"{result.rss_per_viewer_kb:>8.1f} {result.fds_per_viewer:>6.2f} {gc_pause:>9} {result.compressed:>7}")


def main() -> None:
    if sys.argv[1:2] == ["--viewer-process"]:  # one load process of the raw client (``Clients``)
        serve_viewers(sys.argv[2], int(sys.argv[3]), sys.argv[4:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="500,1000,2000,5000")
    parser.add_argument("--posts", type=int, default=15)
    parser.add_argument("--gap", type=float, default=0.6)
    parser.add_argument("--targets", default="app,app2,bare",
                        help="app (one process, SQLite), app2 (two processes, PostgreSQL + Redis), bare")
    parser.add_argument("--client", choices=("node", "raw"), default="node",
                        help="node: socket.io-client 4.8 (bench/node_viewers.js; npm ci in bench/); raw: epoll client")
    parser.add_argument("--client-processes", type=int, default=2, help="load processes holding the viewers")
    parser.add_argument("--rounds", type=int, default=1, help="measurements per server and N (fresh server each)")
    parser.add_argument("--public-cap", type=int, default=0,
                        help="CONTEST_PUBLIC_SOCKET_LIMIT per app process (0: the server's default)")
    args = parser.parse_args()
    targets = args.targets.split(",")
    if "app2" in targets and not (_listening(PG_URL, 5432) and _listening(REDIS_URL, 6379)):
        print("app2 left out: no PostgreSQL or Redis listening (CONTEST_TEST_PG_URL, CONTEST_TEST_REDIS_URL)")
        targets.remove("app2")
    if args.client == "node" and not (ROOT / "bench" / "node_modules" / "socket.io-client").is_dir():
        sys.exit("the node client needs its packages: cd bench && npm ci  (or --client raw)")
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    print(f"cpus={os.cpu_count()} open-file limit={hard} posts per N={args.posts} gap={args.gap}s "
          f"client={args.client}×{args.client_processes} rounds={args.rounds} "
          f"public cap={args.public_cap or 'default'} load average={os.getloadavg()[0]:.1f}")
    print("tgt    viewers  conn. refused conn.time delivered  p50ms   p95ms   p99ms  POSTp50 POSTp99  bytes "
          "KB/viewer fd/vwr GCmax/cpu deflate")
    results: dict[tuple[str, int], Result] = {}
    for n in (int(s) for s in args.sizes.split(",")):
        for name in targets:
            rounds = []
            for _ in range(args.rounds):
                target = BareTarget() if name == "bare" else AppTarget(int(name[3:] or 1), args.public_cap)
                try:
                    rounds.append(measure(target, n, args.posts, args.gap, args.client, args.client_processes))
                except requests.RequestException as error:  # e.g. out of descriptors: the judge's POST hangs
                    print(f"{target.name:<6} {n:>6} failed: {error.__class__.__name__} {error}", flush=True)
                    continue
                finally:
                    target.stop()
                print(show(rounds[-1]), flush=True)
            if rounds:
                results[(name, n)] = pooled(rounds)
                if len(rounds) > 1:
                    print(show(results[(name, n)]).replace(results[(name, n)].target, "pooled", 1), flush=True)
        for name in (t for t in targets if (t, n) in results and t != "bare" and ("bare", n) in results):
            app, bare = results[(name, n)], results[("bare", n)]
            ratio = [percentile(app.latencies, q) / percentile(bare.latencies, q) for q in (50, 95, 99)]
            print(f"ratio {app.target}/bare at {n}: latency p50 {ratio[0]:.2f} p95 {ratio[1]:.2f} p99 {ratio[2]:.2f}, "
                  f"POST p99 {percentile(app.posts, 99) / percentile(bare.posts, 99):.2f}, "
                  f"memory/viewer {app.rss_per_viewer_kb / max(bare.rss_per_viewer_kb, 0.1):.2f}", flush=True)


if __name__ == "__main__":
    main()
