"""The demo's grassroots level: three districts of Hà Nội (Tây Hồ, Đông Anh, Phúc Thọ) ran their own
2024 contests of ward and commune teams, scored, locked and published, each feeding the city contest
``ha-noi-2024``; their winners are sent up to the city, which approves them.

Loaded by ``contest demo`` beside the 2023 archive (``--no-archive`` leaves both out: tests count every
score sheet of the database as the city contest's). Loading twice changes nothing.
"""

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from contest.extensions import db
from contest.models import Body, Contest, User
from contest.models.base import utcnow
from contest.services import archive_demo, demo, nomination_calls, nomination_decisions, nominations

DISTRICTS_SEED = "hanoi-districts-2024.json"
# The district whose organizer login `contest demo` prints.
SHOWN_DISTRICT = "tay-ho"



@dataclass
class DistrictContest:
    contest: Contest
    created: bool
    sent_up: int = 0


def district_seeds() -> list[dict[str, Any]]:
    return demo.read_seed(DISTRICTS_SEED)["contests"]


def ensure_district_organizers() -> tuple[Body, dict[str, str]]:
    """Every district's organizer account (cheap: no contest); returns the one to print. Flushes."""
    tree = demo.ensure_body_tree()
    for seed in district_seeds():
        demo.ensure_organizer(seed["organizer"], tree[seed["body"]])
    shown = next(s for s in district_seeds() if s["body"] == SHOWN_DISTRICT)
    return tree[SHOWN_DISTRICT], shown["organizer"]


def load_district_contests(city_contest: Contest) -> list[DistrictContest]:
    """The three district contests: created, scored and published when missing; winners sent up. Commits."""
    loaded = []
    for seed in district_seeds():
        found = db.session.scalar(select(Contest).filter_by(slug=seed["slug"]))
        if found is not None:
            loaded.append(DistrictContest(found, False))
            continue
        contest = demo.load_demo(seed).contest
        contest.feeds_contest_id = city_contest.id
        db.session.commit()
        organizer = db.session.scalar(select(User).filter_by(username=seed["organizer"]["username"]))
        # Each district's judges score differently (the same seed would crown the first team everywhere).
        archive_demo.score_lock_publish(contest, organizer, random.Random(seed["score_seed"]))
        loaded.append(DistrictContest(contest, True))
    created = [d for d in loaded if d.created]
    if created:
        _send_up(city_contest, created)
    return loaded


def _send_up(city_contest: Contest, districts: list[DistrictContest]) -> None:
    """The city asks each district for one team; each district sends its winner up (nominated and
    submitted by its organizer) and the city's organizer approves it: the unit's team already in the
    city contest ("Quận Tây Hồ") is linked, so the city contest keeps its 35 teams. The call is then
    closed, as it would be after the 2024 deadline. Commits."""
    city_organizer = db.session.scalar(select(User).filter_by(username=demo.read_seed()["organizer"]["username"]))
    children = {b.id for b in nomination_calls.child_bodies(city_contest)}
    districts = [d for d in districts if d.contest.body_id in children]  # an upgraded database: other trees
    if not districts:
        return
    quotas = {d.contest.body_id: 1 for d in districts}
    deadline = utcnow() + timedelta(days=30)
    nomination_calls.open_call(city_contest, city_organizer, is_open=True, deadline=deadline, quotas=quotas)
    db.session.commit()
    for district in districts:
        seed = next(s for s in district_seeds() if s["slug"] == district.contest.slug)
        organizer = db.session.scalar(select(User).filter_by(username=seed["organizer"]["username"]))
        for nomination in nominations.send_up_winners(district.contest, organizer):
            nomination_decisions.approve(nomination, city_organizer)
            district.sent_up += 1
        db.session.commit()
    nomination_calls.open_call(city_contest, city_organizer, is_open=False, deadline=deadline, quotas=quotas)
    db.session.commit()
