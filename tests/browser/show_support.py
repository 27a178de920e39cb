"""Show-day helpers for browser tests: a final seeded with a chosen panel size and the demo's
longest team names, an organizer logged in through the form, and a check that no text is cut."""

import json
import subprocess
import sys

from playwright.sync_api import Page

from tests.standings.live_judges import SCORE_FINAL, SLUG

# Run in a separate process against the live server's database (the server keeps running).
SEED_FINAL = SCORE_FINAL + """
import json, sys
from sqlalchemy import delete, func, select
from contest.app import create_app
from contest.extensions import db
from contest.models import Entry, Judge, Round, Team
from contest.models.judging import QuizMark, ScoreSheet, StageState
from contest.models.show_state import BoardState
from contest.services import standings_feed
judges_wanted, last_name = int(sys.argv[1]), sys.argv[2]
app = create_app()
with app.app_context():
    final = db.session.scalar(select(Round).filter_by(slug="chung-khao"))
    old = [e.id for e in db.session.scalars(select(Entry).filter_by(round_id=final.id))]
    db.session.execute(delete(StageState).where(StageState.round_id == final.id))
    db.session.execute(delete(ScoreSheet).where(ScoreSheet.entry_id.in_(old)))
    db.session.execute(delete(QuizMark).where(QuizMark.entry_id.in_(old)))
    db.session.execute(delete(Entry).where(Entry.id.in_(old)))
    db.session.execute(delete(BoardState).where(BoardState.round_id == final.id))
    judges = db.session.scalars(select(Judge).filter_by(round_id=final.id).order_by(Judge.code)).all()
    for judge in judges[judges_wanted:]:
        db.session.delete(judge)
    for seat in range(len(judges), judges_wanted):
        db.session.add(Judge(contest_id=final.contest_id, round_id=final.id, name=f"Giám khảo {seat + 1}",
                             code=f"GKX{seat + 1}"))
    db.session.flush()
    judges = db.session.scalars(select(Judge).filter_by(round_id=final.id).order_by(Judge.code)).all()
    longest = db.session.scalars(select(Team).filter_by(contest_id=final.contest_id)
                                 .order_by(func.length(Team.name).desc(), Team.id).limit(6)).all()
    teams = sorted(longest, key=lambda t: t.name == last_name)  # the card shows the team scored last
    score_final(final, teams, judges)
    standings_feed.publish(final.id)  # pages opened from now on load this board
    db.session.commit()
    print(json.dumps([t.name for t in teams]))
"""

SCORE_CLUSTER = """
import sys
from sqlalchemy import select
from contest.app import create_app
from contest.extensions import db
from contest.models import Round, User
from contest.services import demo_scores, standings_feed
app = create_app()
with app.app_context():
    prelim = db.session.scalar(select(Round).filter_by(slug="so-khao"))
    organizer = db.session.scalar(select(User).filter_by(username="bantochuc"))
    demo_scores.simulate_round(prelim, organizer, clusters=sys.argv[1:])
    standings_feed.publish(prelim.id)
    db.session.commit()
"""


def score_clusters(env: dict[str, str], *clusters: str) -> None:
    """Every sheet and quiz mark of the named preliminary clusters, through the judging service."""
    subprocess.run([sys.executable, "-c", SCORE_CLUSTER, *clusters], env=env, check=True, capture_output=True,
                   timeout=300)


LONGEST_NAME = "Đảng bộ Khối các trường đại học, cao đẳng Hà Nội"


def seed_final(env: dict[str, str], judges: int = 7, last: str = LONGEST_NAME) -> list[str]:
    """The six teams with the longest names in the final, every sheet of ``judges`` judges stored;
    ``last`` is scored last. Replaces whatever the final held. Returns the names in running order."""
    done = subprocess.run([sys.executable, "-c", SEED_FINAL, str(judges), last], env=env, check=True,
                          capture_output=True, text=True, timeout=120)
    return json.loads(done.stdout.strip().splitlines()[-1])


def log_in(page: Page, base: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Tên đăng nhập").fill("bantochuc")
    page.get_by_label("Mật khẩu").fill("danvankheo2024")
    page.get_by_role("button", name="Đăng nhập").click()


def console(page: Page, base: str) -> None:
    page.goto(f"{base}/show/{SLUG}?round=chung-khao")


CLIPPED = """(selector) => {
  const within = (box, outer) => box.left >= outer.left - 0.5 && box.right <= outer.right + 0.5
                              && box.top >= outer.top - 0.5 && box.bottom <= outer.bottom + 0.5;
  const cut = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!el.getClientRects().length) continue;  // not displayed
    const box = el.getBoundingClientRect();
    let clip = el.parentElement;
    while (clip !== document.body && getComputedStyle(clip).overflow === "visible") clip = clip.parentElement;
    if (el.scrollWidth > el.clientWidth || !within(box, el.parentElement.getBoundingClientRect())
        || !within(box, clip.getBoundingClientRect())) {
      cut.push(el.textContent.trim());
    }
  }
  return cut;
}"""


def clipped_texts(page: Page, selector: str) -> list[str]:
    """Texts of the displayed elements matching ``selector`` wider than their own box, or outside
    their parent's box or the nearest ancestor that clips (an ``overflow`` other than visible)."""
    return page.evaluate(CLIPPED, selector)
