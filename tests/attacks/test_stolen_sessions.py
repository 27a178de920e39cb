"""Replays against the real server: a session cookie sniffed on the hall's Wi-Fi is worthless once
its owner logs out, logs out everywhere else or changes the password, and it changes nothing when
replayed (issue 10, item 2)."""

import uuid

import pytest

from tests.attacks.auth_support import SLUG, Hall, csrf_of, hall, judge, organizer, stolen  # noqa: F401

pytestmark = pytest.mark.timeout(240)


def test_an_organizer_cookie_replayed_after_logout_is_refused_and_changes_nothing(hall: Hall):  # noqa: F811
    desk = organizer(hall)
    thief = stolen(desk)
    assert thief.get(f"{hall.url}/organizer/", timeout=10, allow_redirects=False).status_code == 200
    token = csrf_of(thief, f"{hall.url}/organizer/contests/{SLUG}/registrations")  # taken before the logout
    desk.post(f"{hall.url}/logout", data={"csrf_token": csrf_of(desk, f"{hall.url}/organizer/")}, timeout=10)

    page = thief.get(f"{hall.url}/organizer/", timeout=10, allow_redirects=False)
    assert page.status_code == 302 and "/login" in page.headers["Location"]
    before = hall.count("SELECT count(*) FROM registration")
    write = thief.post(f"{hall.url}/organizer/contests/{SLUG}/registrations/invite",
                       data={"unit_name": "Đơn vị giả mạo", "unit_type": "district", "csrf_token": token},
                       timeout=10, allow_redirects=False)
    # Refused as logged out (to the login page) or as a stale form (its CSRF session is gone).
    assert (write.status_code, write.headers.get("Location", "/login")[:6]) in ((302, "/login"), (400, "/login"))
    assert hall.count("SELECT count(*) FROM registration") == before


def test_a_judge_cookie_replayed_after_logout_is_refused_and_stores_no_sheet(hall: Hall):  # noqa: F811
    tablet = judge(hall, "GK12")
    thief = stolen(tablet)
    state = thief.get(f"{hall.url}/judge/api/state", timeout=10)
    assert state.status_code == 200
    token = csrf_of(tablet, f"{hall.url}/judge/")
    tablet.post(f"{hall.url}/judge/logout", data={"csrf_token": token}, timeout=10)

    assert thief.get(f"{hall.url}/judge/api/state", timeout=10).status_code == 401
    entry = next(e for e in state.json()["entries"] if not e["conflict"])
    before = hall.count("SELECT count(*) FROM score_sheet")
    sheet = thief.post(f"{hall.url}/judge/api/sheets", headers={"X-CSRFToken": token}, timeout=10, json={
        "key": f"stolen-{uuid.uuid4().hex}", "entry_id": entry["entry_id"], "part_code": "greeting",
        "scores": {"total": "10"}})
    assert sheet.status_code == 401 and sheet.json()["error"] == "login_required"
    assert hall.count("SELECT count(*) FROM score_sheet") == before


def test_log_out_everywhere_else_ends_a_stolen_copy_and_the_owner_stays_in(hall: Hall):  # noqa: F811
    laptop, phone = organizer(hall), organizer(hall)
    thief = stolen(laptop)
    ended = laptop.post(f"{hall.url}/account/sessions/end-others",
                        data={"csrf_token": csrf_of(laptop, f"{hall.url}/account")}, timeout=10)
    assert ended.status_code == 200 and "phiên khác của tài khoản này" in ended.text
    assert laptop.get(f"{hall.url}/organizer/", timeout=10, allow_redirects=False).status_code == 200
    for other in (phone, thief):
        assert other.get(f"{hall.url}/organizer/", timeout=10, allow_redirects=False).status_code == 302
