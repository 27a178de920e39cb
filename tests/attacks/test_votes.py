"""The audience-favourite vote attacked from one machine over HTTP, against the live server.

In the open mode forged cookies still count (the mode is informal, and says so), but the organizer
sees every one of them come from one address. In the codes mode forged cookies, guessed codes and a
code sent twenty times at once give nothing beyond the one vote a printed code is worth.
"""

import io
import re
import secrets
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from pypdf import PdfReader

from tests.live_server import LiveServer
from tests.standings.live_judges import CSRF, SLUG, organizer, post_form

pytestmark = pytest.mark.timeout(240)
PRINTED_CODE = re.compile(r"\b[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}\b")
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


@pytest.fixture(scope="module")
def desk(hall: LiveServer) -> requests.Session:
    http = organizer(hall.url)
    post_form(http, f"{hall.url}/show/{SLUG}/voting", round="so-khao")
    return http


def team_ids(hall: LiveServer) -> list[int]:
    feed = requests.get(f"{hall.url}/api/v1/contests/{SLUG}/rounds/so-khao/standings", timeout=10).json()
    return [team[0] for team in feed["teams"]]


def phone(hall: LiveServer, code: str = "") -> tuple[requests.Session, str]:
    """A phone that opened the live page (from a card's QR link when ``code``): its session and CSRF token."""
    http = requests.Session()
    page = http.get(f"{hall.url}/c/{SLUG}/live" + (f"?code={code}" if code else ""), timeout=10)
    return http, CSRF.search(page.text).group(1)


def vote(http: requests.Session, token: str, hall: LiveServer, team: int, code: str = "") -> requests.Response:
    body = {"team": team, **({"code": code} if code else {})}
    return http.post(f"{hall.url}/c/{SLUG}/vote", json=body, headers={"X-CSRFToken": token}, timeout=30)


def forge_voter(http: requests.Session) -> None:
    """Replace the phone's voter cookie by a made-up one, as a script would."""
    for cookie in [c for c in http.cookies if c.name == "dvk_voter"]:
        http.cookies.clear(cookie.domain, cookie.path, cookie.name)
    http.cookies.set("dvk_voter", secrets.token_hex(16))


def tally(desk: requests.Session, hall: LiveServer) -> dict:
    return desk.get(f"{hall.url}/show/{SLUG}/votes.json", timeout=10).json()


def test_forged_cookies_in_the_open_mode_all_show_up_under_one_address(hall, desk):
    post_form(desk, f"{hall.url}/show/{SLUG}/voting/mode", mode="open")
    team = team_ids(hall)[0]
    http, token = phone(hall)
    before = tally(desk, hall)
    for _ in range(40):  # a script forging a fresh voter cookie for every vote
        forge_voter(http)
        assert vote(http, token, hall, team).status_code == 201
    after = tally(desk, hall)
    assert after["mode"] == "open"
    assert after["votes"][str(team)] == before["votes"].get(str(team), 0) + 40
    assert dict(after["addresses"])["127.0.0.1"] == dict(before["addresses"]).get("127.0.0.1", 0) + 40
    console = desk.get(f"{hall.url}/show/{SLUG}", timeout=10).text
    assert "không chính thức" in console and "127.0.0.1" in console


def test_in_the_codes_mode_forged_cookies_and_guessed_codes_count_nothing(hall, desk):
    post_form(desk, f"{hall.url}/show/{SLUG}/voting/mode", mode="codes")
    team = team_ids(hall)[1]
    before = tally(desk, hall)
    http, token = phone(hall)
    for _ in range(20):
        forge_voter(http)
        refused = vote(http, token, hall, team)
        assert refused.status_code == 403 and "mã QR" in refused.json()["message"]
        guess = "".join(secrets.choice(ALPHABET) for _ in range(8))
        assert vote(http, token, hall, team, guess).status_code == 422
    assert tally(desk, hall) == before


def test_one_printed_code_sent_twenty_times_at_once_is_one_vote(hall, desk):
    post_form(desk, f"{hall.url}/show/{SLUG}/voting/mode", mode="codes")
    post_form(desk, f"{hall.url}/show/{SLUG}/vote-codes", count="4", label="Đoàn Hoàn Kiếm")
    sheet = desk.get(f"{hall.url}/show/{SLUG}/vote-codes.pdf", timeout=30)
    printed = PRINTED_CODE.findall("".join(page.extract_text() for page in PdfReader(io.BytesIO(sheet.content)).pages))
    code = printed[-1]
    team = team_ids(hall)[2]
    before = tally(desk, hall)
    phones = [phone(hall, code) for _ in range(20)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(lambda p: vote(p[0], p[1], hall, team, code).status_code, phones))
    assert sorted(answers) == [201] + [409] * 19
    after = tally(desk, hall)
    assert after["votes"][str(team)] == before["votes"].get(str(team), 0) + 1
    reprint = desk.get(f"{hall.url}/show/{SLUG}/vote-codes.pdf", timeout=30)
    assert code not in "".join(page.extract_text() for page in PdfReader(io.BytesIO(reprint.content)).pages)
