"""Phones polling the standings feed through nginx's micro-cache: how many upstream requests reach the app.

Run: python bench/bench_pollers.py [--pollers 2000] [--seconds 20] [--processes 2]

Viewers beyond the sockets a machine can hold poll the feed (``standings-client.js`` does it when
refused a socket). This starts ``contest serve`` (demo, SQLite) and nginx (``/usr/sbin/nginx``, as
root, on a free loopback port) with the shipped ``deploy/nginx/contest.conf`` (its upstream, port
and cache folder substituted, as ``tests/deploy/test_nginx.py`` does), then runs ``--pollers``
phones (raw HTTP/1.1 on one kept-alive connection each, in ``--processes`` epoll loops; each sends
a GET with ``If-None-Match`` once a second, at its own moment in the second) for ``--seconds``.
Printed: requests a second offered and answered, answers by status, latency p50/p99, and the
requests a second nginx sent upstream (its log's cache statuses MISS and EXPIRED; UPDATING is a
stale copy served while one request refreshes it). The load generator shares the machine's cores.
"""

import argparse
import contextlib
import multiprocessing
import os
import random
import re
import resource
import select
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTEST_BIN = str(Path(sys.executable).with_name("contest"))
SERVING = re.compile(r"Serving on http://[\d.]+:(\d+)")
FEED = "/api/v1/contests/ha-noi-2024/rounds/so-khao/standings"
SITE = ROOT / "deploy" / "nginx" / "contest.conf"

MAIN_CONF = """
user root;  # its files are in a private temporary folder
worker_processes 2;
worker_rlimit_nofile 20000;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 19000; }}
http {{
    log_format cache "$upstream_cache_status:$status";
    access_log {dir}/cache.log cache;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
{site}
}}
"""


def nginx_config(work: Path, port: int, app_port: int) -> str:
    """The shipped site with this run's upstream, port and cache folder, in a minimal main file."""
    site = SITE.read_text()
    site = re.sub(r"(    server 127\.0\.0\.1:\d+;.*\n)+", f"    server 127.0.0.1:{app_port};\n", site)
    # Thousands of phones connect at once: a listen queue for them (the kernel caps it at somaxconn).
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port} backlog=16384;")
    site = site.replace("/var/cache/nginx/contest", str(work / "cache"))
    return MAIN_CONF.format(dir=work, site=site)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(work: Path) -> tuple[subprocess.Popen, int]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONTEST_")}
    env.update(CONTEST_INSTANCE_PATH=str(work / "instance"), CONTEST_SECRET_KEY="bench-" + "k" * 40)
    subprocess.run([CONTEST_BIN, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    app = subprocess.Popen([CONTEST_BIN, "serve", "--host", "127.0.0.1", "--port", "0"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in app.stdout:
        match = SERVING.search(line)
        if match:
            return app, int(match.group(1))
    raise RuntimeError("the app did not start")


STATUS = re.compile(rb"HTTP/1\.1 (\d+)")
LENGTH = re.compile(rb"(?i)\r\ncontent-length: *(\d+)")
ETAG = re.compile(rb'(?i)\r\netag: *("[^"\r]*"|W/"[^"\r]*")')


class Phone:
    __slots__ = ("buf", "due", "etag", "sent", "sock")

    def __init__(self, sock: socket.socket, due: float) -> None:
        self.sock, self.due, self.etag, self.sent, self.buf = sock, due, b"", 0.0, b""


def run_share(args: tuple[int, int, float, float]) -> tuple[list[float], Counter, int]:
    """One load process: ``count`` phones on one epoll loop until ``until`` (time.monotonic)."""
    port, count, start, until = args
    resource.setrlimit(resource.RLIMIT_NOFILE, (resource.getrlimit(resource.RLIMIT_NOFILE)[1],) * 2)
    latencies: list[float] = []
    statuses: Counter = Counter()
    poll = select.epoll()
    phones: dict[int, Phone] = {}
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.setblocking(False)
        phones[sock.fileno()] = Phone(sock, start + random.random())  # each at its own moment
        poll.register(sock.fileno(), select.EPOLLIN)
    offered = 0
    waiting = sorted(phones.values(), key=lambda p: p.due)  # idle phones, by when they poll next
    request = f"GET {FEED} HTTP/1.1\r\nHost: hall\r\n".encode()
    while True:
        now = time.monotonic()
        if now >= until and not any(p.sent for p in phones.values()):
            break
        while waiting and waiting[0].due <= now and now < until:
            phone = waiting.pop(0)
            condition = b"If-None-Match: " + phone.etag + b"\r\n" if phone.etag else b""
            try:
                phone.sock.send(request + condition + b"\r\n")
            except OSError:
                statuses["send error"] += 1
                continue
            phone.sent = now
            offered += 1
        timeout = max(0.0, min(waiting[0].due - now, 0.05)) if waiting else 0.05
        for fd, _mask in poll.poll(timeout):
            phone = phones[fd]
            try:
                data = phone.sock.recv(65536)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if not data:
                statuses["closed"] += 1
                poll.unregister(fd)
                phone.sent = 0.0
                continue
            phone.buf += data
            head, sep, body = phone.buf.partition(b"\r\n\r\n")
            if not sep:
                continue
            length = LENGTH.search(head)
            if length and len(body) < int(length.group(1)):
                continue
            done = time.monotonic()
            latencies.append((done - phone.sent) * 1000)
            statuses[STATUS.match(head).group(1).decode()] += 1
            found = ETAG.search(head)
            phone.etag = found.group(1) if found else phone.etag
            phone.buf = b""
            phone.due, phone.sent = phone.due + 1.0, 0.0
            _insert(waiting, phone)
    for phone in phones.values():
        with contextlib.suppress(OSError):
            phone.sock.close()
    return latencies, statuses, offered


def _insert(waiting: list[Phone], phone: Phone) -> None:
    """Keep ``waiting`` sorted by due time (a phone's next poll is almost always the latest)."""
    i = len(waiting)
    while i and waiting[i - 1].due > phone.due:
        i -= 1
    waiting.insert(i, phone)


PACE_LUA = """
-- One request a second per connection, revalidating with the newest ETag this thread has seen.
local etag = nil
request = function()
  local headers = { Host = "hall" }
  if etag then headers["If-None-Match"] = etag end
  return wrk.format("GET", nil, headers)
end
response = function(status, headers, body)
  local tag = headers["ETag"] or headers["Etag"] or headers["etag"]
  if tag then etag = tag end
end
delay = function() return 1000 end
"""
WRK_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_PERCENTILE = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
WRK_ERRORS = re.compile(r"Socket errors: .*|Non-2xx or 3xx responses: \d+")


def run_wrk(work: Path, port: int, pollers: int, seconds: float, processes: int) -> dict:
    """``processes`` wrk processes (each under the open-file limit), ``pollers`` connections in all."""
    script = work / "pace.lua"
    script.write_text(PACE_LUA)
    share = pollers // processes
    command = ["wrk", "-t1", f"-c{share}", f"-d{int(seconds)}s", "--timeout", "10s", "--latency", "-s", str(script),
               f"http://127.0.0.1:{port}{FEED}"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for _ in range(processes)]
    outputs = [run.communicate(timeout=seconds + 120)[0] for run in runs]
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    found: dict = {"rate": 0.0, "p50": [], "p99": [], "errors": []}
    for output in outputs:
        found["rate"] += float(WRK_RATE.search(output).group(1))
        for q, value, u in WRK_PERCENTILE.findall(output):
            found[f"p{q}"].append(float(value) * unit[u])
        found["errors"] += WRK_ERRORS.findall(output)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pollers", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--processes", type=int, default=2, help="client processes (each under the open-file limit)")
    parser.add_argument("--client", choices=("wrk", "raw"), default="wrk" if shutil.which("wrk") else "raw",
                        help="wrk (Debian's package; C, paced by a Lua script) or raw (Python epoll loops)")
    args = parser.parse_args()
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    work = Path(tempfile.mkdtemp(prefix="bench-pollers-"))
    app, app_port = start_app(work)
    port = _free_port()
    (work / "nginx.conf").write_text(nginx_config(work, port, app_port))
    subprocess.run(["/usr/sbin/nginx", "-c", str(work / "nginx.conf")], check=True)
    try:
        time.sleep(1)
        print(f"cpus={os.cpu_count()} pollers={args.pollers} seconds={args.seconds} client={args.client}"
              f"×{args.processes} load average={os.getloadavg()[0]:.1f}")
        if args.client == "wrk":
            found = run_wrk(work, port, args.pollers, args.seconds, args.processes)
            print(f"answered {found['rate']:.0f} requests/s, latency p50 {max(found['p50']):.1f} ms "
                  f"p99 {max(found['p99']):.1f} ms (the slowest client process's) {' '.join(found['errors'])}")
        else:
            share = args.pollers // args.processes
            # Connecting takes a few seconds; every process starts polling at the same moment after it.
            start = time.monotonic() + 3 + args.pollers / 4000
            with multiprocessing.Pool(args.processes) as pool:
                parts = pool.map(run_share, [(port, share, start, start + args.seconds)] * args.processes)
            latencies = [ms for part, _, _ in parts for ms in part]
            statuses = sum((counts for _, counts, _ in parts), Counter())
            offered = sum(n for _, _, n in parts)
            answered = sum(n for status, n in statuses.items() if status.isdigit())
            print(f"offered {offered / args.seconds:.0f} requests/s, "
                  f"answered {answered / args.seconds:.0f} requests/s ({dict(statuses)}), latency p50 "
                  f"{statistics.median(latencies):.1f} ms p99 {statistics.quantiles(latencies, n=100)[98]:.1f} ms")
        # Only the feed's location caches: other requests (none here) log "-".
        log = [line.split(":") for line in (work / "cache.log").read_text().split()]
        cached = [cache for cache, _status in log if cache != "-"]
        upstream = sum(1 for cache in cached if cache in ("MISS", "EXPIRED"))
        print(f"nginx answers by status: {dict(Counter(status for _cache, status in log))}")
        print(f"upstream (MISS, EXPIRED): {upstream} in {args.seconds:.0f} s = "
              f"{upstream / args.seconds:.2f} requests/s ({dict(Counter(cached))})")
    finally:
        subprocess.run(["/usr/sbin/nginx", "-c", str(work / "nginx.conf"), "-s", "quit"], check=False)
        app.terminate()
        app.wait(timeout=30)
        time.sleep(0.5)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
