"""The judge API's edge cases, replayed over HTTP against the live server: each hostile request is
refused with a precise answer (never a 500) and stores nothing; a tablet with a wrong clock still
loses nothing when its team is locked meanwhile."""

import pytest
import requests

from tests.live_server import LiveServer
from tests.standings.live_judges import SLUG, Judge, organizer, post_form

pytestmark = pytest.mark.timeout(240)


def tablet(hall: LiveServer, code: str) -> Judge:
    """The judge's tablet session (login links are one-time: one session per judge and server)."""
    if code not in hall.tablets:
        hall.tablets[code] = Judge(code, hall.links[code])
    return hall.tablets[code]


def sheets(judge: Judge) -> list[dict]:
    return judge.http.get(f"{judge.base}/judge/api/state", timeout=10).json()["sheets"]


def post(judge: Judge, body: object | str) -> requests.Response:
    if isinstance(body, str):
        return judge.http.post(f"{judge.base}/judge/api/sheets", data=body, timeout=30,
                               headers={"Content-Type": "application/json"})
    return judge.http.post(f"{judge.base}/judge/api/sheets", json=body, timeout=30)


def situation(judge: Judge, team: str, total: object, key: str, **extra: object) -> dict:
    return {"key": key, "entry_id": judge.entry(team), "part_code": "situation", "scores": {"total": total}, **extra}


def test_a_key_with_a_trailing_newline_is_refused(hall):
    judge = tablet(hall, "GK11")
    before = sheets(judge)
    response = post(judge, situation(judge, judge.state["entries"][0]["team_name"], "20", "attack-newline-key-01\n"))
    assert response.status_code == 422 and "key" in response.json()["fields"]
    assert sheets(judge) == before


@pytest.mark.parametrize("typed", ["\u0669", "\uff19", "\u0669,\u0665"],
                         ids=["arabic-indic-nine", "full-width-nine", "arabic-indic-nine-and-a-half"])
def test_digits_other_than_0_to_9_are_refused_with_a_precise_message(hall, typed):
    judge = tablet(hall, "GK12")
    before = sheets(judge)
    key = f"attack-digits-{typed.encode().hex()}"
    response = post(judge, situation(judge, judge.state["entries"][0]["team_name"], typed, key))
    assert response.status_code == 422
    assert response.json()["fields"]["total"] == "Chỉ nhập điểm bằng các chữ số 0-9."
    assert sheets(judge) == before


def test_a_body_nested_100000_arrays_deep_is_refused_and_the_server_carries_on(hall):
    judge = tablet(hall, "GK13")
    before = sheets(judge)
    response = post(judge, "[" * 100_000 + "]" * 100_000)
    assert response.status_code in (400, 422) and response.json()["error"] == "invalid"
    assert sheets(judge) == before
    assert judge.submit(judge.state["entries"][0]["team_name"], "situation", "21").status_code == 201


def test_a_made_up_capture_time_never_turns_a_lock_into_a_review(hall):
    judge = tablet(hall, "GK14")
    team = judge.state["entries"][1]["team_name"]
    desk = organizer(hall.url)
    post_form(desk, f"{hall.url}/desk/{SLUG}/head/entries/{judge.entry(team)}/lock?round=so-khao")
    before = sheets(judge)
    response = post(judge, situation(judge, team, "25", "attack-1970-capture-01",
                                     captured_at="1970-01-01T00:00:00Z"))
    assert response.status_code == 409 and response.json()["error"] == "locked"
    forged = post(judge, situation(judge, team, "25", "attack-forged-clock-01", captured_at="1970-01-01T00:00:00Z",
                                   clock=f"{judge.state['judge']['id']}.1.forged", clock_age_ms=0))
    assert forged.status_code == 409
    assert sheets(judge) == before


def test_a_tablet_with_a_wrong_clock_loses_nothing_to_a_lock_it_had_not_heard_of(hall):
    """Confirmed offline before the lock (its clock says 2031), sent after it: kept for the head judge."""
    judge = tablet(hall, "GK15")
    team = judge.state["entries"][2]["team_name"]
    clock = judge.http.get(f"{judge.base}/judge/api/state", timeout=10).json()["clock"]
    post_form(organizer(hall.url), f"{hall.url}/desk/{SLUG}/head/entries/{judge.entry(team)}/lock?round=so-khao")
    response = post(judge, situation(judge, team, "26", "attack-wrong-clock-01", captured_at="2031-01-01T00:00:00Z",
                                     clock=clock, clock_age_ms=0))
    assert response.status_code == 201 and response.json()["status"] == "pending_review"
    assert [s["status"] for s in sheets(judge) if s["key"] == "attack-wrong-clock-01"] == ["pending_review"]
