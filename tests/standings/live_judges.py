"""Talking to a real server process the way tablets and the desk do: judges POST sheets over HTTP
with their session and CSRF token; an organizer logs in through the form. Plus a seeder for the
final round, run in a separate process against the server's database."""

import re
import subprocess
import sys
from decimal import Decimal
from itertools import count

import requests

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
SLUG = "ha-noi-2024"
_keys = count(1)


class Judge:
    """A judge logged in through the one-time link, as the tablet is."""

    def __init__(self, code: str, link: str) -> None:
        self.code = code
        self.http = requests.Session()
        page = self.http.get(link, timeout=10)
        page.raise_for_status()
        self.http.headers["X-CSRFToken"] = CSRF.search(page.text).group(1)
        self.base = link.split("/judge/")[0]
        self.state = self.http.get(f"{self.base}/judge/api/state", timeout=10).json()

    def entry(self, team_name: str) -> int:
        return next(e["entry_id"] for e in self.state["entries"] if e["team_name"] == team_name)

    def submit(self, team_name: str, part: str, total: str) -> requests.Response:
        """A sheet for a part without criteria, or every criterion of a rubric part scored ``total`` split."""
        criteria = next(p["criteria"] for p in self.state["parts"] if p["code"] == part)
        scores = {"total": total} if not criteria else _split(total, criteria)
        body = {"key": f"live-{self.code}-{next(_keys):06d}-{part}", "entry_id": self.entry(team_name),
                "part_code": part, "scores": scores}
        response = self.http.post(f"{self.base}/judge/api/sheets", json=body, timeout=10)
        assert response.status_code in (200, 201), response.text
        return response


def _split(total: str, criteria: list[dict]) -> dict[str, str]:
    """Give every criterion its maximum except the last, which takes the rest (tests keep it in range)."""
    rest = Decimal(total.replace(",", "."))
    scores = {}
    for criterion in criteria[:-1]:
        value = min(Decimal(criterion["max"]), rest)
        scores[str(criterion["id"])] = str(value)
        rest -= value
    scores[str(criteria[-1]["id"])] = str(rest)
    return scores


def panel(links: dict[str, str], cluster: int) -> list[Judge]:
    return [Judge(f"GK{cluster}{seat}", links[f"GK{cluster}{seat}"]) for seat in range(1, 6)]


def organizer(base: str) -> requests.Session:
    http = requests.Session()
    token = CSRF.search(http.get(f"{base}/login", timeout=10).text).group(1)
    response = http.post(f"{base}/login", data={"username": "bantochuc", "password": "danvankheo2024",
                                                 "csrf_token": token}, timeout=10, allow_redirects=False)
    assert response.status_code == 302
    http.headers["X-CSRFToken"] = CSRF.search(http.get(f"{base}/show/{SLUG}", timeout=10).text).group(1)
    return http


def post_form(http: requests.Session, url: str, **data: str) -> requests.Response:
    data["csrf_token"] = http.headers["X-CSRFToken"]
    response = http.post(url, data=data, timeout=10, allow_redirects=False)
    assert response.status_code == 302, response.text[:500]
    return response


# Shared by the seeding scripts below and in tests/browser/show_support.py (they run in a subprocess):
# every panel sheet and quiz mark of ``teams`` in the final, reproducible (one seeded generator).
SCORE_FINAL = """
import random
from contest.extensions import db
from contest.models import Entry
from contest.models.judging import QuizMark, ScoreSheet
def score_final(final, teams, judges):
    rng = random.Random(11)
    for order, team in enumerate(teams, 1):
        entry = Entry(round_id=final.id, team_id=team.id, running_order=order)
        db.session.add(entry)
        db.session.flush()
        for part in final.parts:
            if part.scoring_mode != "panel":
                db.session.add_all(QuizMark(entry_id=entry.id, part_id=part.id, question=q, correct=q <= 4 + order,
                                            marked_by="secretary") for q in range(1, 11))
                continue
            for judge in judges:
                total = rng.randrange(part.max_points // 2, part.max_points + 1, part.step)
                db.session.add(ScoreSheet(contest_id=final.contest_id, judge_id=judge.id, entry_id=entry.id,
                                          part_id=part.id, version=1, idem_key=f"seed-{judge.id}-{entry.id}-{part.id}",
                                          body_hash="-", values={"total": total}, total=total))
    db.session.commit()
"""

SEED_FINAL = SCORE_FINAL + """
from sqlalchemy import select
from contest.app import create_app
from contest.models import Judge, Round, Team
app = create_app()
with app.app_context():
    final = db.session.scalar(select(Round).filter_by(slug="chung-khao"))
    teams = db.session.scalars(select(Team).order_by(Team.id).limit(6)).all()
    judges = db.session.scalars(select(Judge).filter_by(round_id=final.id)).all()
    score_final(final, teams, judges)
"""


def seed_final(env: dict[str, str]) -> None:
    """Six teams in the final with every sheet and quiz mark stored (a finished final)."""
    subprocess.run([sys.executable, "-c", SEED_FINAL], env=env, check=True, capture_output=True, timeout=120)
