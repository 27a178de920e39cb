"""Replays against the real server: judge codes and usernames cannot be listed from the login
answers, a flood of unknown codes is cut per address and leaves no audit rows, and one person
typing wrong passwords does not lock a colleague out (issue 10, item 5)."""

import secrets
import subprocess

import pytest
import requests

from tests.attacks.auth_support import ORGANIZER, Hall, answer, csrf_of, hall, organizer  # noqa: F401
from tests.live_server import CONTEST_BIN

pytestmark = pytest.mark.timeout(240)
ADDRESS_LIMIT = 30
# Per hour: the window (opened by the first login of the module) cannot end in the middle of the flood.
SERVER_ENV = {"CONTEST_LOGIN_ADDRESS_LIMIT": f"{ADDRESS_LIMIT} per hour"}


def contest_id(target: Hall) -> int:
    return target.count("SELECT id FROM contest WHERE slug = 'ha-noi-2024'")


def judge_login(target: Hall, http: requests.Session, code: str, pin: str) -> requests.Response:
    token = csrf_of(http, f"{target.url}/judge/login")
    return http.post(f"{target.url}/judge/login", data={"contest": contest_id(target), "code": code, "pin": pin,
                                                      "csrf_token": token}, timeout=10, allow_redirects=False)


def organizer_login(target: Hall, http: requests.Session, username: str, password: str) -> requests.Response:
    token = csrf_of(http, f"{target.url}/login")
    return http.post(f"{target.url}/login", data={"username": username, "password": password, "csrf_token": token},
                     timeout=10, allow_redirects=False)


def test_a_known_and_an_unknown_judge_code_answer_alike(hall: Hall):  # noqa: F811
    http = requests.Session()
    known = [answer(judge_login(hall, http, "GK21", "000000")) for _ in range(4)]
    unknown = [answer(judge_login(hall, http, "GK99", "000000")) for _ in range(4)]
    assert unknown == known
    assert [status for status, _ in known] == [401, 401, 429, 429]
    assert "session" not in http.cookies or http.get(f"{hall.url}/judge/api/state", timeout=10).status_code == 401


def test_a_known_and_an_unknown_username_answer_alike(hall: Hall):  # noqa: F811
    http = requests.Session()
    subprocess.run([CONTEST_BIN, "create-organizer", "thuky", "--password", "mat-khau-thu-ky", "--role",
                    "secretary"], env=hall.server.env, check=True, capture_output=True, timeout=60)
    known = [answer(organizer_login(hall, http, "thuky", "sai-mat-khau")) for _ in range(4)]
    unknown = [answer(organizer_login(hall, http, "khong-co-ai", "sai-mat-khau")) for _ in range(4)]
    assert unknown == known
    assert [status for status, _ in known] == [401, 401, 429, 429]
    # The secretary is slowed down; the organizer at the same desk (same address) is not.
    organizer(hall, *ORGANIZER)


def test_an_unknown_code_flood_is_cut_per_address_and_writes_no_audit_row(hall: Hall):  # noqa: F811
    audit_before = hall.count("SELECT count(*) FROM audit_event")
    http = requests.Session()
    statuses = [judge_login(hall, http, f"Z{secrets.token_hex(3)}", "123456").status_code
                for _ in range(ADDRESS_LIMIT + 5)]
    assert statuses[:ADDRESS_LIMIT - 8] == [401] * (ADDRESS_LIMIT - 8)  # earlier tests used up to 8
    assert statuses[-5:] == [429] * 5
    assert hall.count("SELECT count(*) FROM audit_event") == audit_before
    assert hall.count("SELECT count(*) FROM login_throttle WHERE key LIKE 'judge%\\:Z%'") == statuses.count(401)
