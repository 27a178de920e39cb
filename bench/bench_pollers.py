"""Phones polling the standings feed through nginx's micro-cache: how many upstream requests reach the app.

Run: python bench/bench_pollers.py [--pollers 2000] [--seconds 20] [--processes 1]

Viewers beyond the sockets a machine can hold poll the feed (``standings-client.js`` does it when
refused a socket). This starts ``contest serve`` (demo, SQLite) and nginx (``/usr/sbin/nginx``, as
root, on a free loopback port) with the feed's micro-cache of the README's *nginx in front*
section, then runs ``--pollers`` clients (asyncio in ``--processes`` processes, one kept-alive
connection each, a GET with ``If-None-Match`` every second, starting at random moments) for
``--seconds``. Printed: requests a
second answered by nginx, answers by status, latency p50/p99, and the requests a second nginx sent
upstream (its log's cache statuses MISS and EXPIRED; UPDATING is a stale copy served while one
request refreshes it). The load generator shares the machine's cores.
"""

import argparse
import asyncio
import multiprocessing
import os
import random
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

CONTEST_BIN = str(Path(sys.executable).with_name("contest"))
SERVING = re.compile(r"Serving on http://[\d.]+:(\d+)")
FEED = "/api/v1/contests/ha-noi-2024/rounds/so-khao/standings"

NGINX_CONF = """
user root;  # its files are in a private temporary folder
worker_processes 2;
worker_rlimit_nofile 20000;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 19000; }}
http {{
    access_log off;
    log_format cache "$upstream_cache_status";
    proxy_cache_path {dir}/cache levels=1:2 keys_zone=feed:10m max_size=50m inactive=1m;
    upstream contest_app {{ server 127.0.0.1:{app_port}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{port};
        location ~ ^/api/v1/contests/[^/]+/(rounds/[^/]+/standings|show)$ {{
            proxy_pass http://contest_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_cache feed;
            proxy_cache_key $uri$is_args$args;
            proxy_cache_valid 200 1s;
            proxy_cache_lock on;
            proxy_cache_use_stale updating error timeout;
            proxy_ignore_headers Set-Cookie;
            access_log {dir}/cache.log cache;
        }}
    }}
}}
"""


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


async def poller(port: int, until: float, latencies: list[float], statuses: Counter) -> None:
    await asyncio.sleep(random.random())
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    etag = ""
    while time.perf_counter() < until:
        started = time.perf_counter()
        condition = f"If-None-Match: {etag}\r\n" if etag else ""
        writer.write(f"GET {FEED} HTTP/1.1\r\nHost: hall\r\n{condition}\r\n".encode())
        head = await reader.readuntil(b"\r\n\r\n")
        status = head.split(b" ", 2)[1].decode()
        length = re.search(rb"(?i)content-length: (\d+)", head)
        if length:
            await reader.readexactly(int(length.group(1)))
        found = re.search(rb'(?i)etag: ("[^"]*"|W/"[^"]*")', head)
        etag = found.group(1).decode() if found else etag
        latencies.append((time.perf_counter() - started) * 1000)
        statuses[status] += 1
        await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - started)))
    writer.close()


async def run(port: int, pollers: int, seconds: float) -> tuple[list[float], Counter]:
    latencies: list[float] = []
    statuses: Counter = Counter()
    until = time.perf_counter() + seconds
    outcomes = await asyncio.gather(*(poller(port, until, latencies, statuses) for _ in range(pollers)),
                                    return_exceptions=True)
    statuses.update(type(o).__name__ for o in outcomes if isinstance(o, BaseException))
    return latencies, statuses


def run_share(args: tuple[int, int, float]) -> tuple[list[float], Counter]:
    resource.setrlimit(resource.RLIMIT_NOFILE, (resource.getrlimit(resource.RLIMIT_NOFILE)[1],) * 2)
    return asyncio.run(run(*args))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pollers", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--processes", type=int, default=1, help="client processes (each under the open-file limit)")
    args = parser.parse_args()
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    work = Path(tempfile.mkdtemp(prefix="bench-pollers-"))
    app, app_port = start_app(work)
    port = _free_port()
    (work / "nginx.conf").write_text(NGINX_CONF.format(dir=work, app_port=app_port, port=port))
    subprocess.run(["/usr/sbin/nginx", "-c", str(work / "nginx.conf")], check=True)
    try:
        time.sleep(1)
        share = args.pollers // args.processes
        with multiprocessing.Pool(args.processes) as pool:
            parts = pool.map(run_share, [(port, share, args.seconds)] * args.processes)
        latencies = [ms for part, _ in parts for ms in part]
        statuses = sum((counts for _, counts in parts), Counter())
        log = (work / "cache.log").read_text().split()
        upstream = sum(1 for status in log if status in ("MISS", "EXPIRED"))
        answered = sum(n for status, n in statuses.items() if status.isdigit())
        print(f"cpus={os.cpu_count()} pollers={args.pollers} seconds={args.seconds}")
        print(f"answered {answered / args.seconds:.0f} requests/s ({dict(statuses)}), latency p50 "
              f"{statistics.median(latencies):.1f} ms p99 {statistics.quantiles(latencies, n=100)[98]:.1f} ms")
        print(f"upstream (MISS, EXPIRED): {upstream} in {args.seconds:.0f} s = "
              f"{upstream / args.seconds:.2f} requests/s ({dict(Counter(log))})")
    finally:
        subprocess.run(["/usr/sbin/nginx", "-c", str(work / "nginx.conf"), "-s", "quit"], check=False)
        app.terminate()
        app.wait(timeout=30)
        time.sleep(0.5)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
