"""A small movement for nomination tests: a city body with district children, the city contest,
district contests scored by a real judge through the judging service and published.

``build_world`` returns plain ids and names (ORM rows expire when the app context ends).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from contest.domain.teams import MemberSpec, TeamSpec
from contest.extensions import db
from contest.models import Body, BodyRole, Contest, Entry, Judge, Part, PrizeTier, Round, User
from contest.models.base import utcnow
from contest.services import judging, nomination_calls, teams

PASSWORD = "matkhau-2024"
WARDS = ("Phường Phú Thượng", "Phường Nhật Tân", "Phường Quảng An", "Phường Xuân La", "Phường Bưởi",
         "Phường Thụy Khuê", "Phường Yên Phụ", "Phường Tứ Liên")


@dataclass
class World:
    city_body: int
    city_contest: str
    districts: dict[str, int] = field(default_factory=dict)  # body slug -> id
    district_contests: dict[str, str] = field(default_factory=dict)  # body slug -> contest slug
    winners: dict[str, str] = field(default_factory=dict)  # contest slug -> first-placed team name


def body(slug: str, name: str, parent: Body | None = None, level: str = "") -> Body:
    row = Body(slug=slug, name=name, level=level, parent_id=parent.id if parent else None)
    db.session.add(row)
    db.session.flush()
    return row


def staff(username: str, body_row: Body, role: str = "organizer") -> User:
    user = User(username=username, display_name=username, password_hash=generate_password_hash(PASSWORD))
    user.body_roles.append(BodyRole(body_id=body_row.id, role=role))
    db.session.add(user)
    db.session.flush()
    return user


def contest(slug: str, name: str, body_row: Body, year: int = 2024) -> Contest:
    row = Contest(slug=slug, name=name, organizer_body=body_row.name, year=year, body_id=body_row.id,
                  aggregation="mean")
    rnd = Round(slug="chung-khao", name="Chung khảo", kind="final", position=0)
    rnd.parts.append(Part(code="skit", name="Tiểu phẩm", position=0, max_points=10000, step=25))
    row.rounds.append(rnd)
    row.prize_tiers.append(PrizeTier(code="nhat", name="Giải Nhất", kind="rank", count=1, round_kind="final",
                                     position=0))
    row.prize_tiers.append(PrizeTier(code="nhi", name="Giải Nhì", kind="rank", count=1, round_kind="final",
                                     position=1))
    db.session.add(row)
    db.session.flush()
    return row


def team_spec(name: str, i: int) -> TeamSpec:
    return TeamSpec(name=name, unit_type="urban_district", leader=f"Nguyễn Văn Trưởng {i}",
                    contact_name=f"Trần Thị Liên Hệ {i}", contact_phone=f"0912 000 {i:03d}",
                    model_title=f"Mô hình “Dân vận khéo” số {i}: vận động hiến đất mở đường",
                    members=(MemberSpec(f"Lê Văn An {i}", "official"), MemberSpec(f"Phạm Thị Bình {i}", "official"),
                             MemberSpec(f"Đỗ Văn Cường {i}", "reserve")))


def score_and_publish(row: Contest, count: int) -> str:
    """``count`` ward teams, one judge's sheet each (first team best), published; the winner's name."""
    for i, name in enumerate(WARDS[:count], start=1):
        teams.create_team(row, team_spec(name, i), "system")
    rnd = row.rounds[0]
    judge = Judge(contest_id=row.id, round_id=rnd.id, name="Giám khảo 1", code="GK1")
    db.session.add(judge)
    db.session.commit()
    entries = db.session.scalars(select(Entry).filter_by(round_id=rnd.id).order_by(Entry.id)).all()
    for order, entry in enumerate(entries):
        points = 9500 - order * 200
        judging.submit_sheet(judge, {"key": f"world-sheet-{row.id:04d}-{entry.id:05d}", "entry_id": entry.id,
                                     "part_code": "skit", "scores": {"total": f"{points // 100},{points % 100:02d}"}})
    row = db.session.get(Contest, row.id)
    row.published = True
    db.session.commit()
    return WARDS[0]


def build_world(districts: int = 2, scored: int = 2, teams_each: int = 4, open_call: bool = True) -> World:
    city = body("ha-noi", "Ban Dân vận Thành ủy Hà Nội", level="Thành phố")
    city_contest = contest("ha-noi-2024", "Hội thi Dân vận khéo Thành phố Hà Nội 2024", city)
    city_user = staff("thanhpho", city)
    world = World(city.id, city_contest.slug)
    names = ["Quận Tây Hồ", "Huyện Đông Anh", "Huyện Phúc Thọ"] + [f"Quận số {i}" for i in range(4, districts + 1)]
    for i, name in enumerate(names[:districts]):
        slug = f"quan-{i + 1}"
        district = body(slug, name, city, level="Quận/huyện")
        world.districts[slug] = district.id
        staff(f"quan{i + 1}", district)
        if i < scored:
            row = contest(f"{slug}-2024", f"Hội thi Dân vận khéo {name} 2024", district)
            world.district_contests[slug] = row.slug
            db.session.commit()
            world.winners[row.slug] = score_and_publish(row, teams_each)
    if open_call:
        parent = db.session.scalar(select(Contest).filter_by(slug=city_contest.slug))
        nomination_calls.open_call(parent, city_user, is_open=True, deadline=utcnow() + timedelta(days=7),
                              quotas={})
    db.session.commit()
    return world


def user(username: str) -> User:
    return db.session.scalar(select(User).filter_by(username=username))


def contest_by_slug(slug: str) -> Contest:
    return db.session.scalar(select(Contest).filter_by(slug=slug))
