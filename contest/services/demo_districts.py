"""The demo's grassroots level: three districts of Hà Nội (Tây Hồ, Đông Anh, Phúc Thọ) ran their own
2024 contests of ward and commune teams, scored, locked and published, each feeding the city contest
``ha-noi-2024``; their winners are sent up to the city, which approves them.

Loaded by ``contest demo`` beside the 2023 archive (``--no-archive`` leaves both out: tests count every
score sheet of the database as the city contest's). Loading twice changes nothing.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from contest.extensions import db
from contest.models import Body, Contest, User
from contest.services import archive_demo, demo

DISTRICTS_SEED = "hanoi-districts-2024.json"
# The district whose organizer login `contest demo` prints.
SHOWN_DISTRICT = "tay-ho"

try:  # The nominations service arrives with the pipeline (issue 12, item 3); until then nothing is sent up.
    from contest.services import nominations
except ImportError:  # pragma: no cover - removed once nominations is merged
    nominations = None


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
        archive_demo.score_lock_publish(contest, organizer)
        loaded.append(DistrictContest(contest, True, _send_up(contest, organizer, city_contest)))
    return loaded


def _send_up(contest: Contest, district_organizer: User, city_contest: Contest) -> int:
    """The district's winner nominated to the city and approved there; the number approved. Commits.

    Wired to ``services.nominations`` (``send_up_winners`` then ``approve`` by the city's organizer);
    a build without it sends nothing.
    """
    if nominations is None:
        return 0
    city_organizer = db.session.scalar(select(User).filter_by(username=demo.read_seed()["organizer"]["username"]))
    sent = nominations.send_up_winners(contest, district_organizer)
    for nomination in sent:
        nominations.approve(nomination, city_organizer)
    db.session.commit()
    return len(sent)
