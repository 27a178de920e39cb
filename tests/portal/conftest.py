"""The Hà Nội body tree of the demo and a few contests in it, made directly (no judging): fast enough
to run every portal test on SQLite and PostgreSQL."""

from dataclasses import dataclass

import pytest
from flask import Flask

from contest.extensions import db
from contest.models import Contest
from contest.services import demo


@dataclass
class Portal:
    bodies: dict[str, int]


def add_contest(slug: str, body_id: int, year: int, *, published: bool = False, feeds: Contest | None = None,
                name: str = "") -> Contest:
    contest = Contest(slug=slug, name=name or f"Hội thi “Dân vận khéo” {slug}", year=year, place="Hà Nội",
                      body_id=body_id, published=published, feeds_contest_id=feeds.id if feeds else None)
    db.session.add(contest)
    db.session.flush()
    return contest


@pytest.fixture
def portal(app: Flask) -> Portal:
    """The city, its 35 units, wards of three districts; the city's 2024 and 2023 contests, Tây Hồ's
    2024 contest feeding the city's, a ward's 2024 contest, Đông Anh's 2023 contest."""
    with app.app_context():
        tree = demo.ensure_body_tree()
        city = add_contest("ha-noi-2024", tree["ha-noi"].id, 2024, name="Hội thi thành phố Hà Nội năm 2024")
        add_contest("ha-noi-2023", tree["ha-noi"].id, 2023, published=True, name="Hội thi thành phố năm 2023")
        add_contest("tay-ho-2024", tree["tay-ho"].id, 2024, published=True, feeds=city,
                    name="Hội thi quận Tây Hồ năm 2024")
        add_contest("quang-an-2024", tree["tay-ho-quang-an"].id, 2024, name="Hội thi phường Quảng An năm 2024")
        add_contest("dong-anh-2023", tree["dong-anh"].id, 2023, published=True, name="Hội thi huyện Đông Anh năm 2023")
        db.session.commit()
        return Portal({slug: body.id for slug, body in tree.items()})
