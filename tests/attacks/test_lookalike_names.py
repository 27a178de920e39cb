"""Names that look alike, replayed against the live server: a zero-width joiner, a line separator or a
Cyrillic letter inside an existing team's name never makes a second team."""

import pytest
import requests

from tests.live_server import LiveServer
from tests.standings.live_judges import CSRF, SLUG, organizer

pytestmark = pytest.mark.timeout(240)
NEW_TEAM = f"/organizer/contests/{SLUG}/teams/new"
TEAM = {"unit_type": "urban_district", "home_cluster": "", "leader": "Dương Hồng Quyên",
        "official": "Dương Hồng Quyên", "reserve": "", "supporting": "", "contact_name": "Trịnh Xuân Khải",
        "contact_phone": "0225 3841 137", "contact_email": "", "model_title": "Dân vận khéo"}


def team_names(hall: LiveServer) -> list[str]:
    """Every team entered in a round (a new team enters the preliminary, without a cluster)."""
    contest = requests.get(f"{hall.url}/api/v1/contests/{SLUG}", timeout=10).json()
    return sorted({entry["name"] for rnd in contest["rounds"]
                   for entry in [*rnd["unassigned_teams"], *(t for c in rnd["clusters"] for t in c["teams"])]})


def register(desk: requests.Session, hall: LiveServer, name: str) -> requests.Response:
    token = CSRF.search(desk.get(hall.url + NEW_TEAM, timeout=10).text).group(1)
    return desk.post(hall.url + NEW_TEAM, data={**TEAM, "name": name, "csrf_token": token}, timeout=10,
                     allow_redirects=False)


@pytest.mark.parametrize(("name", "message"), [
    ("Quận Đống\u200dĐa", "Có ký tự điều khiển ẩn (U+200D)"),
    ("Quận Đống\u2028Đa", "Có dấu cách lạ hoặc ký tự xuống dòng (U+2028)"),
    ("Quận Đống Đ\u0430", "Đội này đã được đăng ký với tên “Quận Đống Đa”."),
], ids=["zero-width-joiner", "line-separator", "cyrillic-a"])
def test_a_name_that_looks_like_an_existing_team_is_refused(hall, name, message):
    desk = organizer(hall.url)
    before = team_names(hall)
    response = register(desk, hall, name)
    assert response.status_code == 200 and message in response.text
    assert team_names(hall) == before


def test_a_name_differing_only_by_a_vietnamese_mark_is_a_new_team(hall):
    response = register(organizer(hall.url), hall, "Quận Đông Đa")
    assert response.status_code == 302
    assert "Quận Đông Đa" in team_names(hall) and "Quận Đống Đa" in team_names(hall)
