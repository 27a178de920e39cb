"""Login cards for a judge panel: which panels there are, new links and PINs, the printed cards.

Printing cards issues every judge of the panel a new one-time link and a new PIN (the
old card stops working) but does not end sessions: reprinting mid-contest logs no one
out. Revoked judges get no card; re-issue them first.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from contest.documents.judge_cards import LoginCard, render_login_cards
from contest.extensions import db
from contest.models import Cluster, Contest, Judge, Round, User
from contest.services import audit, judges


@dataclass
class Panel:
    round: Round
    cluster: Cluster | None
    judges: list[Judge]

    @property
    def key(self) -> tuple[int, int]:
        return self.round.id, self.cluster.id if self.cluster else 0

    @property
    def title(self) -> str:
        return f"{self.round.name} · {self.cluster.name}" if self.cluster else self.round.name


@dataclass
class Card:
    judge: Judge
    token: str
    pin: str


def panels(contest: Contest) -> list[Panel]:
    """The contest's judges grouped by round and cluster, in programme order."""
    rows = db.session.scalars(select(Judge).filter_by(contest_id=contest.id)).all()
    grouped: dict[tuple[int, int], Panel] = {}
    for judge in rows:
        panel = grouped.setdefault((judge.round_id, judge.cluster_id or 0), Panel(judge.round, judge.cluster, []))
        panel.judges.append(judge)
    for panel in grouped.values():
        panel.judges.sort(key=lambda j: (not j.is_head, j.code))
    return sorted(grouped.values(), key=lambda p: (p.round.position, p.cluster.position if p.cluster else -1))


def find_panel(contest: Contest, round_id: int, cluster_id: int) -> Panel | None:
    return next((p for p in panels(contest) if p.key == (round_id, cluster_id)), None)


def issue_cards(panel: Panel, actor: User) -> list[Card]:
    """New link and PIN for each active judge of the panel. Audited; commits."""
    cards = [Card(j, judges.issue_login_token(j), judges.issue_pin(j)) for j in panel.judges if j.revoked_at is None]
    audit.record(actor, "judge.cards_issued", f"panel:{panel.key[0]}:{panel.key[1]}",
                 new={"judges": [card.judge.code for card in cards]}, contest_id=panel.round.contest_id)
    db.session.commit()
    return cards


def render_cards(contest: Contest, panel: Panel, cards: Iterable[Card], base_url: str) -> bytes:
    """The printed cards of ``issue_cards`` (drawn by ``documents.judge_cards``), labels translated here."""
    base_url = base_url.rstrip("/")
    texts = {"code": _("Judge code"), "pin": _("PIN"), "scan": _("Scan once to log in"),
             "hint": _("No camera? Open %(url)s and type the code and PIN.", url=base_url + "/judge/login"),
             "empty": _("No active judges on this panel.")}
    shown = [LoginCard(c.judge.name, c.judge.title or _("Judge"), c.judge.code, c.pin,
                       base_url + judges.login_path(c.token)) for c in cards]
    return render_login_cards(contest.name, panel.title, shown, texts)
