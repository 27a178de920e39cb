"""A past contest for the demo's archive: the 2023 inner-district contest, scored, locked, published.

``contest demo-archive`` loads it beside the 2024 demo so the home page shows an archive with
real official results (simulated judges; see ``demo_scores``). Loading twice changes nothing.
"""

import random

from sqlalchemy import select

from contest.extensions import db
from contest.models import Contest, Entry, User
from contest.services import demo, demo_scores, locks, results

ARCHIVE_SEED = "hanoi-2023.json"


def load_archive() -> tuple[Contest, bool]:
    """(the archived contest, whether it was created now). Commits."""
    seed = demo.read_seed(ARCHIVE_SEED)
    found = db.session.scalar(select(Contest).filter_by(slug=seed["slug"]))
    if found is not None:
        return found, False
    contest = demo.load_demo(seed).contest
    db.session.commit()
    organizer = db.session.scalar(select(User).filter_by(username=seed["organizer"]["username"]))
    score_lock_publish(contest, organizer)
    return contest, True


def score_lock_publish(contest: Contest, organizer: User, rng: random.Random | None = None) -> None:
    """Every round judged (simulated, ``rng`` by default seeded 2024), every team locked, the results
    published. Commits."""
    for rnd in contest.rounds:
        demo_scores.simulate_round(rnd, organizer, rng=rng)
        for entry in db.session.scalars(select(Entry).filter_by(round_id=rnd.id)):
            locks.lock_entry(organizer, entry)
    results.set_published(contest, organizer, True)
    db.session.commit()
