"""Fixtures for results and paperwork: the Hà Nội 2024 demo with real scores in it.

``scored_demo`` scores clusters 1 and 2 of the preliminary through the judging service itself
(every judge, every team, every panel part; quiz marks by the secretary; one over-time penalty;
one corrected sheet), so the papers print what the tablets would have stored. Scores are drawn
from a seeded generator on each part's step, so every run stores the same figures.

Storing 180 sheets one acknowledged commit at a time takes seconds (SQLite, synchronous=FULL)
to ten seconds (PostgreSQL). The papers only read through services that their own tests run on
both databases, so tests here run on SQLite (``database_url`` below narrows the root fixture),
and the scored database is built once per session and copied into each test's database with
SQLite's backup API. Tests that must run on PostgreSQL (backup and restore, the workbook) build
their app with ``pg_app`` on the root ``pg_url`` fixture: they skip off CI and fail in CI.
"""

import io
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from pypdf import PdfReader
from sqlalchemy import func, select, text

from contest.extensions import db
from contest.models import Contest, Entry, Judge, Round, User
from contest.models.judging import ScoreSheet
from contest.models.logins import LoginSession
from contest.services import backup, demo, demo_scores, judging, secretary
from tests.conftest import make_app

SCORED_CLUSTERS = ("Cụm 1", "Cụm 2")


@dataclass
class Scored:
    slug: str
    contest_id: int
    round_id: int
    clusters: dict[str, int]
    sheets: int = 0
    corrected: tuple[str, str] = ("", "")  # (team, part name) of the corrected sheet
    teams: dict[str, list[str]] = field(default_factory=dict)  # cluster name -> team names


def score_clusters(contest: Contest, names: tuple[str, ...] = SCORED_CLUSTERS, seed: int = 2024) -> Scored:
    rng = random.Random(seed)
    rnd = next(r for r in contest.rounds if r.kind == "preliminary")
    clusters = {c.name: c for c in rnd.clusters if c.name in names}
    secretary_user = db.session.scalar(select(User).filter_by(username="bantochuc"))
    scored = Scored(contest.slug, contest.id, rnd.id, {n: c.id for n, c in clusters.items()})
    scored.teams = demo_scores.simulate_round(rnd, secretary_user, names, rng)
    _penalty_and_correction(rng, rnd, clusters[names[0]], secretary_user, scored)
    scored.sheets = db.session.scalar(select(func.count()).select_from(ScoreSheet))
    return scored


def _penalty_and_correction(rng: random.Random, rnd: Round, cluster, actor: User,  # type: ignore[no-untyped-def]
                            scored: Scored) -> None:
    entry = db.session.scalar(select(Entry).filter_by(round_id=rnd.id, cluster_id=cluster.id).order_by(Entry.id))
    skit = next(p for p in rnd.parts if p.code == "skit")
    secretary.add_penalty(actor, entry, skit, 25, "Vượt thời gian 40 giây")
    db.session.commit()
    judge = db.session.scalar(select(Judge).filter_by(round_id=rnd.id, cluster_id=cluster.id).order_by(Judge.code))
    judging.submit_sheet(judge, {"key": f"results-fixture-{judge.id}-{entry.id}-{skit.id}-2", "entry_id": entry.id,
                                 "part_code": skit.code, "scores": demo_scores.sheet_scores(rng, skit)})
    scored.corrected = (entry.team.name, skit.name)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only in this folder (see the module docstring); overrides the root fixture."""
    return f"sqlite:///{tmp_path / 'contest.db'}"


def _template(folder: Path, scored: bool) -> tuple[Path, Scored | None]:
    app = make_app(f"sqlite:///{folder / 'template.db'}", str(folder / "instance"))
    with app.app_context():
        db.create_all()
        result = demo.load_demo()
        db.session.commit()
        scores = score_clusters(db.session.get(Contest, result.contest.id)) if scored else None
        db.session.remove()
        db.engine.dispose()
    return folder / "template.db", scores


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory.mktemp("demo"), scored=False)[0]


@pytest.fixture(scope="session")
def scored_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Scored | None]:
    return _template(tmp_path_factory.mktemp("scored"), scored=True)


def _copy_into(app: Flask, template: Path) -> None:
    """Replace the test's database by a template; whoever logged in before stays logged in."""
    with app.app_context():
        logins = [(s.key, s.user_id, s.judge_id, s.created_at) for s in db.session.scalars(select(LoginSession))]
        db.session.remove()
        db.engine.dispose()
        backup.restore_sqlite_file(template, Path(db.engine.url.database))
        db.session.add_all(LoginSession(key=key, user_id=user_id, judge_id=judge_id, created_at=created_at)
                           for key, user_id, judge_id, created_at in logins)
        db.session.commit()


@pytest.fixture
def demo_contest(app: Flask, demo_template: Path) -> SimpleNamespace:
    """The demo as the root fixture loads it, copied from a session template (overrides the root)."""
    _copy_into(app, demo_template)
    with app.app_context():
        contest = db.session.scalar(select(Contest).filter_by(slug="ha-noi-2024"))
        return SimpleNamespace(slug=contest.slug, contest_id=contest.id, judge_tokens={})


@pytest.fixture
def scored_demo(app: Flask, demo_contest: SimpleNamespace, scored_template: tuple[Path, Scored]) -> Scored:
    """The demo with clusters 1 and 2 scored, in this test's database."""
    template, scored = scored_template
    _copy_into(app, template)
    return scored


@pytest.fixture
def pg_app(pg_url: str, tmp_path: Path) -> Iterator[Flask]:
    """An app on the PostgreSQL test schema (the root ``app`` fixture is narrowed to SQLite here)."""
    app = make_app(pg_url, str(tmp_path / "instance-pg"))
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        with db.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


def pdf_text(data: bytes) -> tuple[int, str]:
    """(page count, all text) of a PDF, as a reader would extract it."""
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def organizer(client, login_organizer):  # type: ignore[no-untyped-def]
    return login_organizer(client)

