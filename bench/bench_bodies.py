"""Pages of a whole city's movement: 1 city, 30 districts, 600 communes, ~6,000 teams, ~3,000 judges.

Run: .venv/bin/python bench/bench_bodies.py [--runs 60] [--keep]

Loads, straight into a throwaway schema of PostgreSQL's `test` database on 127.0.0.1:5432 (bulk
inserts, not the web): the body tree, one 2024 contest per body (631: a commune's has 9 teams, a
district's 20, the city's 35; each feeds the next level up), 5 judges per contest, three parts, and
every judge's score sheets in 100 contests (the city's, the 30 districts', 69 communes'). Then serves it
with `contest serve` (gevent, one process) and measures, as a browser would see them, p50 and p95 of:
the organizer home (a city organizer and a district organizer), the pipeline page
(`/organizer/bodies/<body_slug>/pipeline`, when the route exists), the public portal (home, a filter, a
body page) and `/api/v1/contests`. Target: every p95 under 200 ms.
"""

import argparse
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import requests
from sqlalchemy import create_engine, insert, text
from werkzeug.security import generate_password_hash

from contest.models import (
    Body,
    BodyRole,
    Contest,
    Entry,
    Judge,
    Member,
    Part,
    Round,
    Team,
    User,
)
from contest.models.judging import ScoreSheet

CONTEST = str(Path(sys.executable).with_name("contest"))
SERVING = re.compile(r"Serving on (http://[\d.]+:\d+)")
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
PG = os.environ.get("CONTEST_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
DISTRICTS, COMMUNES_PER_DISTRICT, SCORED_CONTESTS = 30, 20, 100
TEAMS = {"Thành phố": 35, "Quận": 20, "Xã": 9}
JUDGES_PER_CONTEST = 5
PARTS = [("greeting", "Chào hỏi", 2000), ("situation", "Xử lý tình huống", 3000), ("skit", "Tiểu phẩm", 5000)]
PASSWORD = "mat-khau-bench"


class Rows:
    """Rows per table with ids given here, so that foreign keys are known before anything is inserted."""

    def __init__(self) -> None:
        self.tables: dict[type, list[dict]] = {}

    def add(self, model: type, **values: object) -> int:
        rows = self.tables.setdefault(model, [])
        values.setdefault("id", len(rows) + 1)
        rows.append(values)
        return values["id"]


def build(now: datetime) -> tuple[Rows, dict[str, str]]:
    rows = Rows()
    city = rows.add(Body, slug="ha-noi", name="Ban Dân vận Thành ủy Hà Nội", level="Thành phố", parent_id=None,
                    position=0, created_at=now)
    bodies = [(city, "ha-noi", "Thành phố", None)]
    for d in range(DISTRICTS):
        district = rows.add(Body, slug=f"quan-{d + 1}", name=f"Quận {d + 1}", level="Quận", parent_id=city,
                            position=d, created_at=now)
        bodies.append((district, f"quan-{d + 1}", "Quận", city))
        for c in range(COMMUNES_PER_DISTRICT):
            slug = f"quan-{d + 1}-xa-{c + 1}"
            commune = rows.add(Body, slug=slug, name=f"Xã {c + 1} quận {d + 1}", level="Xã", parent_id=district,
                               position=c, created_at=now)
            bodies.append((commune, slug, "Xã", district))
    contest_of: dict[int, int] = {}
    for index, (body_id, slug, level, parent) in enumerate(bodies):  # parents come before their children
        contest_of[body_id] = _contest(rows, now, body_id, slug, level, contest_of.get(parent),
                                       scored=index < SCORED_CONTESTS)
    logins = {"city": "thanhpho", "district": "quanmot"}
    password_hash = generate_password_hash(PASSWORD)
    for username, body_id in (("thanhpho", city), ("quanmot", bodies[1][0])):
        user = rows.add(User, username=username, display_name=username, password_hash=password_hash,
                        role="organizer", active=True, is_admin=False, created_at=now)
        rows.add(BodyRole, user_id=user, body_id=body_id, role="organizer", created_at=now)
    return rows, logins


def _contest(rows: Rows, now: datetime, body_id: int, slug: str, level: str, feeds: int | None,
             scored: bool) -> int:
    contest = rows.add(Contest, slug=f"{slug}-2024", name=f"Hội thi “Dân vận khéo” {slug} năm 2024",
                       organizer_body="", year=2024, place="", description="", aggregation="mean",
                       trim_min_judges=5, tie_break=["skit"], tie_fallback="shared", advance_per_cluster=1,
                       advance_best_runners_up=0, advance_reserves=0, spread_flag_percent=20,
                       registration_open=False, published=scored and body_id % 2 == 0, created_at=now,
                       body_id=body_id, feeds_contest_id=feeds)
    rnd = rows.add(Round, contest_id=contest, slug="chung-khao", name="Chung khảo", kind="final", position=0,
                   venue="")
    parts = [rows.add(Part, round_id=rnd, code=code, name=name, position=i, max_points=top, step=25,
                      weight_percent=100, scoring_mode="panel") for i, (code, name, top) in enumerate(PARTS)]
    judges = [rows.add(Judge, contest_id=contest, round_id=rnd, name=f"Giám khảo {j + 1}", title="", code=f"GK{j + 1}",
                       pin_hash="", is_head=j == 0, session_epoch=0, created_at=now)
              for j in range(JUDGES_PER_CONTEST)]
    for t in range(TEAMS[level]):
        name = f"Đội {t + 1} {slug}"
        team = rows.add(Team, contest_id=contest, name=name, name_key=name.casefold(), unit_type="urban_district",
                        home_cluster="", seeded=False, leader="Nguyễn Văn A", contact_name="", contact_phone="",
                        contact_email="", model_title="Mô hình dân vận khéo", created_at=now)
        for m in range(3):
            rows.add(Member, team_id=team, full_name=f"Thành viên {m + 1}", role="official", position=m)
        entry = rows.add(Entry, round_id=rnd, team_id=team, running_order=t + 1, withdrawn=False)
        if scored:
            for judge in judges:
                for part, (_code, _name, top) in zip(parts, PARTS, strict=True):
                    total = (top * (60 + (judge * 7 + entry * 13 + part) % 40) // 100) // 25 * 25
                    rows.add(ScoreSheet, contest_id=contest, judge_id=judge, entry_id=entry, part_id=part,
                             version=1, idem_key=f"bench-{judge}-{entry}-{part}", body_hash="0" * 64,
                             values={"total": total}, total=total, status="received", received_at=now,
                             confirmed_at=now, review_note="")
    return contest


def load(url: str, env: dict[str, str]) -> tuple[dict[str, str], dict[str, int]]:
    """The schema by the app's own migrations, then every row in bulk; the sequences moved past them."""
    subprocess.run([CONTEST, "db", "upgrade"], env=env, check=True, capture_output=True)
    rows, logins = build(datetime.now(UTC).replace(tzinfo=None))
    engine = create_engine(url)
    with engine.begin() as conn:
        for model, table_rows in rows.tables.items():
            # Only the columns this schema has (user.role goes away once roles live in bodies).
            columns = set(model.__table__.c.keys())
            table_rows = [{k: v for k, v in row.items() if k in columns} for row in table_rows]
            for start in range(0, len(table_rows), 5000):
                conn.execute(insert(model.__table__), table_rows[start:start + 5000])
            table = model.__table__.name
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                              f"(SELECT max(id) FROM \"{table}\"))"))
    engine.dispose()
    return logins, {model.__name__: len(table_rows) for model, table_rows in rows.tables.items()}


def start_server(env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([CONTEST, "serve", "--host", "127.0.0.1", "--port", "0", "--no-upgrade"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in process.stdout:
        match = SERVING.search(line)
        if match:
            threading.Thread(target=process.stdout.read, daemon=True).start()
            return process, match.group(1)
    raise RuntimeError("the server did not start")


def logged_in(base: str, username: str) -> requests.Session:
    http = requests.Session()
    token = CSRF.search(http.get(base + "/login", timeout=30).text).group(1)
    answer = http.post(base + "/login", data={"username": username, "password": PASSWORD, "csrf_token": token},
                       allow_redirects=False, timeout=30)
    assert answer.status_code == 302, answer.text[:300]
    return http


def measure(http: requests.Session, url: str, runs: int) -> tuple[float, float, int] | None:
    """(p50 ms, p95 ms, bytes) of ``runs`` requests after two warm-ups; None when the page does not exist."""
    first = http.get(url, timeout=60)
    if first.status_code == 404:
        return None
    first.raise_for_status()
    http.get(url, timeout=60)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        answer = http.get(url, timeout=60)
        times.append((time.perf_counter() - start) * 1000)
        answer.raise_for_status()
    cuts = statistics.quantiles(times, n=100)
    return statistics.median(times), cuts[94], len(first.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--keep", action="store_true", help="keep the schema (and print its URL) afterwards")
    args = parser.parse_args()
    schema = f"bench_bodies_{os.getpid()}"
    admin = create_engine(PG, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{PG}?options=-csearch_path%3D{schema}"
    folder = tempfile.mkdtemp(prefix="bench-bodies-")
    env = {**os.environ, "CONTEST_DATABASE_URL": url, "CONTEST_SECRET_KEY": secrets.token_hex(32),
           "CONTEST_INSTANCE_PATH": folder, "CONTEST_LOGIN_ADDRESS_LIMIT": "100000"}
    server = None
    try:
        started = time.perf_counter()
        logins, counts = load(url, env)
        print(f"Loaded in {time.perf_counter() - started:.1f} s: " + json.dumps(counts))
        server, base = start_server(env)
        city, district = logged_in(base, logins["city"]), logged_in(base, logins["district"])
        public = requests.Session()
        pages = [
            ("organizer home, city organizer", city, "/organizer/"),
            ("organizer home, district organizer", district, "/organizer/"),
            ("pipeline page, city", city, "/organizer/bodies/ha-noi/pipeline"),
            ("pipeline page, district", district, "/organizer/bodies/quan-1/pipeline"),
            ("public portal home", public, "/"),
            ("public portal, one district's contests", public, "/?body=quan-1&year=2024"),
            ("public body page, city", public, "/bodies/ha-noi"),
            ("public body page, district", public, "/bodies/quan-1"),
            ("GET /api/v1/contests", public, "/api/v1/contests"),
            ("GET /api/v1/bodies", public, "/api/v1/bodies"),
        ]
        print(f"{'page':<40} {'p50 ms':>8} {'p95 ms':>8} {'KB':>7}  ({args.runs} requests each, one at a time)")
        for label, http, path in pages:
            result = measure(http, base + path, args.runs)
            if result is None:
                print(f"{label:<40} not available ({path} answers 404)")
                continue
            p50, p95, size = result
            flag = "" if p95 < 200 else "  over 200 ms"
            print(f"{label:<40} {p50:8.1f} {p95:8.1f} {size / 1024:7.0f}{flag}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        if args.keep:
            print(f"Kept: {url}")
        else:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
