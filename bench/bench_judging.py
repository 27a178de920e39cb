"""Score submission latency at the end of a performance: 60 judges send their sheets within 10 seconds.

Run: /work/venv/bin/python bench/bench_judging.py [--judges 60] [--window 10] [--rounds 3]

Starts the real server (`contest serve`, gevent, SQLite in WAL with synchronous=FULL) as a
subprocess on 127.0.0.1 with the demo contest plus extra judges (60 in six cluster panels).
Each simulated tablet logs in by its QR link, reads its state, then sends one sheet per judged
part (3) at random moments inside the window; a "burst" pass releases every judge at the same
instant. Prints p50 / p95 / p99 / max of the POST /judge/api/sheets round trip, as the tablet
sees it. Client and server share the machine's CPUs, so the figures are pessimistic.
"""

import argparse
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

import requests

CONTEST = str(Path(sys.executable).with_name("contest"))
SERVING = re.compile(r"Serving on (http://[\d.]+:\d+)")
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


def prepare(env: dict[str, str], judges_wanted: int) -> dict[str, str]:
    """Load the demo, add judges until each preliminary cluster panel has its share; return login links."""
    subprocess.run([CONTEST, "demo", "--no-serve", "--no-archive"], env=env, check=True, capture_output=True)
    code = (
        "from contest.app import create_app\n"
        "from contest.extensions import db\n"
        "from contest.models import Judge, Round\n"
        "from contest.services import judges\n"
        "app = create_app({'CLI_TOOL': True})\n"
        "with app.app_context():\n"
        "    rnd = db.session.scalar(db.select(Round).filter_by(kind='preliminary'))\n"
        f"    wanted = {judges_wanted}\n"
        "    per = -(-wanted // len(rnd.clusters))\n"
        "    for i, cl in enumerate(rnd.clusters):\n"
        "        have = db.session.scalar(db.select(db.func.count()).select_from(Judge).filter_by(cluster_id=cl.id))\n"
        "        for n in range(have, per):\n"
        "            db.session.add(Judge(contest_id=rnd.contest_id, round_id=rnd.id, cluster_id=cl.id,\n"
        "                                 name=f'Giám khảo thêm {i + 1}.{n + 1}', code=f'BX{i + 1}{n + 1}'))\n"
        "    db.session.flush()\n"
        "    panel = db.session.scalars(db.select(Judge).filter_by(round_id=rnd.id).order_by(Judge.code)).all()\n"
        "    for judge in panel[:wanted]:\n"
        "        print(judge.code, judges.login_path(judges.issue_login_token(judge)))\n"
        "    db.session.commit()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True).stdout
    return dict(line.split() for line in out.splitlines() if line.startswith(("GK", "BX")))


def start_server(env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([CONTEST, "serve", "--host", "127.0.0.1", "--port", "0"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in process.stdout:
        match = SERVING.search(line)
        if match:
            threading.Thread(target=process.stdout.read, daemon=True).start()
            return process, match.group(1)
    raise RuntimeError("the server did not start")


class Tablet:
    def __init__(self, base: str, path: str, rng: random.Random) -> None:
        self.base, self.rng, self.http = base, rng, requests.Session()
        self.http.get(base + path, allow_redirects=False, timeout=30).raise_for_status()
        self.csrf = CSRF.search(self.http.get(base + "/", timeout=30).text).group(1)
        state = self.http.get(base + "/judge/api/state", timeout=30).json()
        self.entries = [e["entry_id"] for e in state["entries"] if not e["conflict"]]
        self.parts = state["parts"]
        self.code = state["judge"]["code"]

    def body(self, entry_id: int, part: dict, number: int) -> dict:
        step = int(Decimal(part["step"]) * 100)
        fields = [(str(c["id"]), c["max"]) for c in part["criteria"]] or [("total", part["max"])]
        scores = {name: str(Decimal(self.rng.randrange(0, int(Decimal(m) * 100) + 1, step)) / 100)
                  for name, m in fields}
        return {"key": f"bench-{self.code}-{number:05d}-{secrets.token_hex(4)}", "entry_id": entry_id,
                "part_code": part["code"], "scores": scores, "captured_at": None}

    def send(self, body: dict) -> float:
        started = time.perf_counter()
        response = self.http.post(self.base + "/judge/api/sheets", json=body, timeout=60,
                                  headers={"X-CSRFToken": self.csrf})
        elapsed = time.perf_counter() - started
        if response.status_code != 201:
            raise RuntimeError(f"{response.status_code} {response.text[:200]}")
        return elapsed


def spread_pass(tablets: list[Tablet], window: float, entry_index: int) -> list[float]:
    """Each judge sends one sheet per part at random moments within the window."""
    latencies: list[float] = []
    lock = threading.Lock()
    start = time.perf_counter() + 0.5

    def judge(tablet: Tablet, number: int) -> None:
        moments = sorted(tablet.rng.uniform(0, window) for _ in tablet.parts)
        for k, (moment, part) in enumerate(zip(moments, tablet.parts, strict=True)):
            time.sleep(max(0.0, start + moment - time.perf_counter()))
            latency = tablet.send(tablet.body(tablet.entries[entry_index % len(tablet.entries)], part, number + k))
            with lock:
                latencies.append(latency)

    run_threads([lambda t=t, i=i: judge(t, entry_index * 100 + i * 10) for i, t in enumerate(tablets)])
    return latencies


def burst_pass(tablets: list[Tablet], entry_index: int) -> list[float]:
    """Every judge presses "send" at the same instant."""
    barrier = threading.Barrier(len(tablets))
    latencies: list[float] = []
    lock = threading.Lock()

    def judge(tablet: Tablet) -> None:
        body = tablet.body(tablet.entries[entry_index % len(tablet.entries)], tablet.parts[0], 90000 + entry_index)
        barrier.wait()
        latency = tablet.send(body)
        with lock:
            latencies.append(latency)

    run_threads([lambda t=t: judge(t) for t in tablets])
    return latencies


def run_threads(targets: list) -> None:
    errors: list[BaseException] = []

    def guarded(target) -> None:  # type: ignore[no-untyped-def]
        try:
            target()
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=guarded, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{len(errors)} tablets failed, first: {errors[0]!r}")


def report(name: str, latencies: list[float]) -> None:
    ms = sorted(x * 1000 for x in latencies)
    q = statistics.quantiles(ms, n=100, method="inclusive")
    print(f"{name:<34} n={len(ms):>4}  p50 {q[49]:7.1f} ms  p95 {q[94]:7.1f} ms  p99 {q[98]:7.1f} ms  "
          f"max {ms[-1]:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--judges", type=int, default=60)
    parser.add_argument("--window", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=3, help="performances to simulate")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-judging-") as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CONTEST_")}
        env.update(CONTEST_INSTANCE_PATH=tmp, CONTEST_SECRET_KEY=secrets.token_hex(32))
        links = prepare(env, args.judges)
        process, base = start_server(env)
        try:
            rng = random.Random(2024)
            tablets = [Tablet(base, path, random.Random(rng.random())) for path in links.values()]
            print(f"{len(tablets)} judges on {base} (gevent, SQLite WAL, synchronous=FULL), "
                  f"{os.cpu_count()} CPUs shared with the load generator")
            spread: list[float] = []
            for performance in range(args.rounds):
                spread += spread_pass(tablets, args.window, performance)
            report(f"within {args.window:g} s ({args.rounds} performances)", spread)
            burst = []
            for performance in range(args.rounds):
                burst += burst_pass(tablets, args.rounds + performance)
            report(f"burst: all {len(tablets)} at once (x{args.rounds})", burst)
        finally:
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
