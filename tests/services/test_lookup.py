"""``scoped``: a row of the contest a URL names, never another contest's, else a domain NotFound."""

import pytest
from flask import Flask

from contest.domain.errors import DomainError, NotFound
from contest.extensions import db
from contest.models import Cluster, Contest, Part, Round, Team
from contest.services import bodies
from contest.services.lookup import scoped


def _contest(slug: str) -> Contest:
    contest = Contest(slug=slug, name=slug, year=2026, body_id=bodies.home_body().id)
    rnd = Round(slug="so-khao", name="Sơ khảo", kind="preliminary", position=0)
    rnd.parts.append(Part(code="chao", name="Chào hỏi", position=0, max_points=2000, step=25))
    rnd.clusters.append(Cluster(name="Cụm A", position=0))
    contest.rounds.append(rnd)
    db.session.add(contest)
    db.session.flush()
    db.session.add(Team(contest_id=contest.id, name=f"Đội {slug}", name_key=f"doi {slug}", unit_type="commune"))
    db.session.flush()
    return contest


def test_rows_are_found_only_in_their_own_contest(app: Flask) -> None:
    with app.app_context():
        mine, other = _contest("cua-toi"), _contest("cua-nguoi-khac")
        assert scoped(Contest, "cua-toi") is mine
        assert scoped(Round, "so-khao", contest=mine) is mine.rounds[0]
        assert scoped(Part, mine.rounds[0].parts[0].id, contest=mine).code == "chao"
        team = db.session.scalar(db.select(Team).filter_by(contest_id=other.id))
        # Another contest's team, part (through its round) and cluster are not found from this one.
        for model, key in ((Team, team.id), (Part, other.rounds[0].parts[0].id),
                           (Cluster, other.rounds[0].clusters[0].id), (Round, 10**6), (Contest, "khong-co")):
            with pytest.raises(NotFound) as caught:
                scoped(model, key, contest=mine if model is not Contest else None)
            # A view's `except DomainError` (a refusal on the form) must not turn it into a message.
            assert not isinstance(caught.value, DomainError)


@pytest.mark.parametrize("key", [0, -1, 2**63, 3888559362783068775346339840], ids=["zero", "negative", "2**63", "huge"])
def test_an_id_no_row_can_have_is_not_found_not_a_crash(app: Flask, key: int) -> None:
    # schemathesis sent /api/v1/contests/<slug>/draws/3888559362783068775346339840: SQLite overflowed (500).
    with app.app_context():
        contest = _contest("cua-toi")
        with pytest.raises(NotFound):
            scoped(Team, key, contest=contest)
