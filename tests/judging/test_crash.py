"""Power cuts during judging: the real gevent server is SIGKILLed at random moments and restarted
while simulated tablets keep sending sheets. Afterwards every sheet the server acknowledged is
stored exactly once, versions have no holes, and the audit chain verifies.

Tablets behave like the real outbox: a sheet keeps its key until a receipt echoes it, and a
connection error means "send again later", whatever happened on the server.
"""

import random
import re
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal

import requests

from tests.conftest import csrf_token_from
from tests.live_server import LiveServer, make_live_server

KILLS = 22
TABLETS = ("GK11", "GK12", "GK13", "GK14", "GK15", "GK21", "GK22", "GK23")


def centi(text: str) -> int:
    return int(Decimal(text) * 100)


def points(value: int) -> str:
    return f"{value // 100},{value % 100:02d}"


@dataclass
class SimTablet:
    code: str
    link: str
    server: LiveServer
    rng: random.Random
    acked: dict[str, dict] = field(default_factory=dict)
    attempts: int = 0
    replays: int = 0  # receipts for a sheet whose first answer was lost in a kill
    abort: threading.Event = field(default_factory=threading.Event)
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.http = requests.Session()
        assert self.http.get(self.link, allow_redirects=False, timeout=10).status_code == 302
        self.csrf = csrf_token_from(self.http.get(self.server.url + "/", timeout=10).text)
        state = self.http.get(self.server.url + "/judge/api/state", timeout=10).json()
        self.targets = [(e["entry_id"], p) for e in state["entries"] if not e["conflict"] for p in state["parts"]]
        self.judge_id = state["judge"]["id"]

    def sheet(self, number: int) -> dict:
        entry_id, part = self.targets[number % len(self.targets)]
        step = centi(part["step"])
        fields = [(str(c["id"]), centi(c["max"])) for c in part["criteria"]] or [("total", centi(part["max"]))]
        scores = {name: points(self.rng.randrange(0, maximum + 1, step)) for name, maximum in fields}
        return {"key": f"crash-{self.code}-{number:06d}", "entry_id": entry_id, "part_code": part["code"],
                "scores": scores, "captured_at": "2024-08-20T09:00:00Z"}

    def run(self, stop: threading.Event) -> None:
        number = 0
        try:
            while not stop.is_set():
                self.send_until_acknowledged(self.sheet(number))
                number += 1
        except Exception as error:  # the test fails on any
            self.errors.append(repr(error))

    def send_until_acknowledged(self, body: dict) -> None:
        while not self.abort.is_set():
            self.attempts += 1
            try:
                response = self.http.post(self.server.url + "/judge/api/sheets", json=body, timeout=15,
                                          headers={"X-CSRFToken": self.csrf})
            except requests.RequestException:
                time.sleep(self.rng.uniform(0.02, 0.15))  # the server is down: the outbox waits
                continue
            if response.status_code in (200, 201):
                receipt = response.json()
                assert receipt["key"] == body["key"]
                self.acked[body["key"]] = receipt
                self.replays += response.status_code == 200
                return
            if response.status_code >= 500:
                time.sleep(0.05)
                continue
            raise AssertionError(f"{self.code}: {response.status_code} {response.text[:300]}")


def drain(server: LiveServer) -> None:
    """Keep reading the server's output so a full pipe never blocks it."""
    stream = server.process.stdout
    threading.Thread(target=lambda: stream.read(), daemon=True).start()


def kill_and_restart(server: LiveServer, rng: random.Random, kills: int) -> None:
    for _ in range(kills):
        time.sleep(rng.uniform(0.15, 1.2))
        server.kill()
        server.start()
        drain(server)


def stored(instance) -> tuple[list[tuple], dict[str, int]]:  # type: ignore[no-untyped-def]
    with sqlite3.connect(instance / "contest.db") as conn:
        sheets = conn.execute("SELECT judge_id, idem_key, id, version, entry_id, part_id FROM score_sheet").fetchall()
        audited = dict(conn.execute("SELECT subject, COUNT(*) FROM audit_event WHERE action = 'sheet.received' "
                                    "GROUP BY subject").fetchall())
    return sheets, audited


def test_acknowledged_sheets_survive_sigkill_exactly_once(tmp_path):
    seed = random.randrange(10**6)
    rng = random.Random(seed)
    server = make_live_server(tmp_path / "instance")
    links = server.load_demo()
    server.start()
    drain(server)
    try:
        tablets = [SimTablet(code, re.sub(r"^http://[\d.]+:\d+", server.url, links[code]), server,
                             random.Random(seed + i)) for i, code in enumerate(TABLETS)]
        stop = threading.Event()
        threads = [threading.Thread(target=t.run, args=(stop,)) for t in tablets]
        for thread in threads:
            thread.start()
        try:
            kill_and_restart(server, rng, KILLS)
            time.sleep(0.5)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=30)
            for tablet in tablets:
                tablet.abort.set()
    finally:
        server.kill()

    assert [e for t in tablets for e in t.errors] == [], f"seed {seed}"
    sheets, audited = stored(tmp_path / "instance")
    by_key = {(judge_id, key): (sheet_id, version) for judge_id, key, sheet_id, version, _e, _p in sheets}
    acked = {(t.judge_id, key): (r["sheet_id"], r["version"]) for t in tablets for key, r in t.acked.items()}
    assert len(acked) > 200, f"too few sheets to mean anything ({len(acked)}), seed {seed}"
    assert by_key == acked, f"seed {seed}"  # every acknowledged sheet, once, and nothing else
    cells: dict[tuple, list[int]] = {}
    for judge_id, _key, _id, version, entry_id, part_id in sheets:
        cells.setdefault((judge_id, entry_id, part_id), []).append(version)
    assert all(sorted(v) == list(range(1, len(v) + 1)) for v in cells.values()), f"seed {seed}"
    assert audited == {f"sheet:{sheet_id}": 1 for _j, _k, sheet_id, *_ in sheets}, f"seed {seed}"
    verify = server.command("audit", "verify", check=False)
    assert verify.returncode == 0 and "Audit chain OK." in verify.stdout, verify.stdout + verify.stderr
    print(f"crash test: seed {seed}, {KILLS} kills, {len(acked)} sheets acknowledged, "
          f"{sum(t.attempts for t in tablets)} attempts, {sum(t.replays for t in tablets)} replayed receipts")
