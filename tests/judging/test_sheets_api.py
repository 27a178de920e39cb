"""POST /judge/api/sheets and GET /judge/api/state: every server-side rule of judging."""

import hashlib
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import Judge, Round
from contest.models.base import utcnow
from contest.models.judging import ScoreSheet
from contest.services.judging import SheetBody, body_hash
from tests.judging.conftest import audit_actions, new_key, sheet_count


def greeting_body(world, key=None, entry="A2", scores=None, captured_at="2024-08-20T09:12:30.123Z"):
    return {"key": key or new_key(), "entry_id": world.entries[entry], "part_code": "greeting",
            "scores": scores or world.greeting_scores(), "captured_at": captured_at}


def stored_sheets(app):
    with app.app_context():
        return [(s.judge_id, s.entry_id, s.version, s.total, s.values, s.status)
                for s in db.session.scalars(select(ScoreSheet).order_by(ScoreSheet.id))]


def test_a_new_sheet_is_stored_in_centipoints_with_a_receipt(app, world, tablet):
    body = greeting_body(world)
    response = tablet("JA1").post(body)
    assert response.status_code == 201
    receipt = response.get_json()
    assert receipt["key"] == body["key"] and receipt["version"] == 1
    assert receipt["status"] == "received" and receipt["total"] == "15.75"
    assert receipt["received_at"].endswith("Z")
    values = {str(world.criteria[0]): 950, str(world.criteria[1]): 625}
    assert stored_sheets(app) == [(world.judges["JA1"], world.entries["A2"], 1, 1575, values, "received")]
    assert audit_actions(app)[-1] == "sheet.received"


def test_a_part_without_criteria_takes_a_total(app, world, tablet):
    body = {"key": new_key(), "entry_id": world.entries["A2"], "part_code": "situation",
            "scores": {"total": "28,25"}, "captured_at": None}
    response = tablet("JA1").post(body)
    assert response.status_code == 201 and response.get_json()["total"] == "28.25"


def test_the_same_key_and_body_returns_the_original_receipt_and_stores_nothing(app, world, tablet):
    judge = tablet("JA1")
    body = greeting_body(world)
    first = judge.post(body).get_json()
    events = audit_actions(app)
    again = judge.post(body)
    assert again.status_code == 200
    assert again.get_json() == first
    assert sheet_count(app) == 1 and audit_actions(app) == events


def test_the_same_key_with_another_body_is_refused(app, world, tablet):
    judge = tablet("JA1")
    body = greeting_body(world)
    judge.post(body)
    response = judge.post({**body, "scores": world.greeting_scores("10")})
    assert response.status_code == 422
    payload = response.get_json()
    assert payload["error"] == "key_reused" and "key" in payload["fields"]
    assert sheet_count(app) == 1


def test_keys_belong_to_one_judge(app, world, tablet):
    """Two tablets may make the same key: each judge's sheets are their own."""
    body = greeting_body(world)
    assert tablet("JA1").post(body).status_code == 201
    assert tablet("JA2").post(body).status_code == 201
    assert sheet_count(app) == 2


def test_a_correction_is_a_new_version_never_an_overwrite(app, world, tablet):
    judge = tablet("JA1")
    judge.post(greeting_body(world))
    response = judge.post(greeting_body(world, scores=world.greeting_scores("11", "7")))
    assert response.status_code == 201 and response.get_json()["version"] == 2
    assert [(s[2], s[3]) for s in stored_sheets(app)] == [(1, 1575), (2, 1800)]
    versions = [s["version"] for s in judge.state()["sheets"]]
    assert versions == [1, 2]


BAD_VALUES = [
    pytest.param("-1", "Phải từ 0 đến 12,00", id="negative"),
    pytest.param('"12,25"', "Phải từ 0 đến 12,00", id="above-max"),
    pytest.param('"9,1"', "Phải là bội số của 0,25", id="off-step"),
    pytest.param("NaN", "Không phải là số", id="nan"),
    pytest.param("Infinity", "Không phải là số", id="infinity"),
    pytest.param("-Infinity", "Không phải là số", id="minus-infinity"),
    pytest.param("1e999", "Không phải là số", id="1e999"),
    pytest.param("true", "Không phải là số", id="true"),
    pytest.param("false", "Không phải là số", id="false"),
    pytest.param('""', "Không phải là số", id="empty-string"),
    pytest.param("null", "Không phải là số", id="null"),
    pytest.param('"chín"', "Không phải là số", id="word"),
    pytest.param('"9,125"', "Tối đa hai chữ số thập phân", id="too-fine"),
    pytest.param("[9]", "Không phải là số", id="list"),
    pytest.param('"\u0669"', "chữ số 0-9", id="arabic-indic-nine"),
    pytest.param('"\uff19"', "chữ số 0-9", id="full-width-nine"),
    pytest.param('"\u0669,\u0665"', "chữ số 0-9", id="arabic-indic-nine-and-a-half"),
]


@pytest.mark.parametrize(("raw", "message"), BAD_VALUES)
def test_a_bad_value_is_refused_per_field_and_changes_nothing(app, world, tablet, raw, message):
    judge = tablet("JA1")
    events = audit_actions(app)
    first, second = world.criteria
    text = (f'{{"key": "{new_key()}", "entry_id": {world.entries["A2"]}, "part_code": "greeting", '
            f'"scores": {{"{first}": {raw}, "{second}": "6"}}, "captured_at": null}}')
    response = judge.post(text)
    assert response.status_code == 422
    payload = response.get_json()
    assert payload["error"] == "invalid"
    assert list(payload["fields"]) == [str(first)]
    assert message in payload["fields"][str(first)]
    assert sheet_count(app) == 0 and audit_actions(app) == events


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "1e999", "true", '""', "null", '"30,1"', '"7,3"'],
                         ids=["nan", "infinity", "1e999", "true", "empty", "null", "above-max", "off-step"])
def test_a_bad_total_is_refused(app, world, tablet, raw):
    text = (f'{{"key": "{new_key()}", "entry_id": {world.entries["A2"]}, "part_code": "situation", '
            f'"scores": {{"total": {raw}}}}}')
    response = tablet("JA1").post(text)
    assert response.status_code == 422 and list(response.get_json()["fields"]) == ["total"]
    assert sheet_count(app) == 0


@pytest.mark.parametrize(("change", "field"), [
    pytest.param({"key": "short"}, "key", id="short-key"),
    pytest.param({"key": "bad key with spaces!!"}, "key", id="key-chars"),
    pytest.param({"key": "abcdefghijklmnop\n"}, "key", id="key-trailing-newline"),
    pytest.param({"entry_id": 999999}, "entry_id", id="unknown-entry"),
    pytest.param({"entry_id": "12"}, "entry_id", id="entry-as-string"),
    pytest.param({"entry_id": True}, "entry_id", id="entry-as-bool"),
    pytest.param({"part_code": "knowledge"}, "part_code", id="secretary-part"),
    pytest.param({"part_code": "dance"}, "part_code", id="unknown-part"),
    pytest.param({"scores": [1, 2]}, "scores", id="scores-not-object"),
    pytest.param({"captured_at": "yesterday"}, "captured_at", id="bad-time"),
], )
def test_malformed_sheets_are_refused_per_field(app, world, tablet, change, field):
    response = tablet("JA1").post({**greeting_body(world), **change})
    assert response.status_code == 422
    assert field in response.get_json()["fields"]
    assert sheet_count(app) == 0


def test_missing_and_unknown_criteria_are_named(app, world, tablet):
    first, second = world.criteria
    response = tablet("JA1").post(greeting_body(world, scores={str(first): "9", "777": "1"}))
    fields = response.get_json()["fields"]
    assert response.status_code == 422 and set(fields) == {str(second), "777"}


def test_a_judge_from_another_cluster_gets_403_and_an_audit_entry(app, world, tablet):
    response = tablet("JB1").post(greeting_body(world, entry="A2"))
    assert response.status_code == 403
    assert response.get_json()["error"] == "forbidden"
    assert sheet_count(app) == 0
    assert audit_actions(app)[-1] == "sheet.denied"


def test_a_judge_with_a_conflict_of_interest_cannot_score_that_team(app, world, tablet):
    judge = tablet("JA3")
    response = judge.post(greeting_body(world, entry="A1"))
    assert response.status_code == 403
    assert "xung đột lợi ích" in response.get_json()["message"]
    assert audit_actions(app)[-1] == "sheet.denied"
    assert judge.post(greeting_body(world, entry="A2")).status_code == 201


def test_identity_comes_from_the_session_never_from_the_body(app, world, tablet):
    body = {**greeting_body(world), "judge_id": world.judges["JA2"], "judge": "JA2"}
    assert tablet("JA1").post(body).status_code == 201
    assert stored_sheets(app)[0][0] == world.judges["JA1"]


def lock_round(app, world, when=None):
    with app.app_context():
        rnd = db.session.get(Round, world.round_id)
        rnd.locked_at = when or utcnow()
        db.session.commit()
        return rnd.locked_at


def test_a_locked_round_refuses_with_the_lock_time(app, world, tablet):
    judge = tablet("JA1")
    locked_at = lock_round(app, world)
    response = judge.post(greeting_body(world, captured_at=None))
    assert response.status_code == 409
    payload = response.get_json()
    assert payload["error"] == "locked"
    assert payload["locked_at"].startswith(locked_at.isoformat(timespec="seconds"))
    # Shown in Hà Nội time (UTC+7) in the message.
    local = (locked_at.hour + 7) % 24
    assert re.search(rf"{local:02d}:{locked_at.minute:02d}:{locked_at.second:02d}", payload["message"])
    assert sheet_count(app) == 0
    assert audit_actions(app)[-1] == "sheet.refused_locked"


def test_a_sheet_confirmed_before_the_lock_waits_for_review_whatever_the_tablet_clock(app, world, tablet):
    """The tablet heard the server before the lock (its signed clock); its own clock says 2031."""
    judge = tablet("JA1")
    clock = judge.state()["clock"]
    lock_round(app, world)
    response = judge.post({**greeting_body(world, captured_at="2031-01-01T00:00:00Z"), "clock": clock,
                           "clock_age_ms": 0})
    assert response.status_code == 201
    assert response.get_json()["status"] == "pending_review"
    assert stored_sheets(app)[0][5] == "pending_review"
    assert audit_actions(app)[-1] == "sheet.pending_review"


def test_a_tablet_capture_time_alone_never_turns_a_lock_into_a_review(app, world, tablet):
    judge = tablet("JA1")
    lock_round(app, world)
    response = judge.post(greeting_body(world, captured_at="1970-01-01T00:00:00Z"))
    assert response.status_code == 409 and response.get_json()["error"] == "locked"
    assert sheet_count(app) == 0 and audit_actions(app)[-1] == "sheet.refused_locked"


@pytest.mark.parametrize("which", ["after-the-lock", "another-judge", "forged", "tampered"])
def test_only_a_clock_this_server_gave_this_judge_before_the_lock_counts(app, world, tablet, which):
    judge = tablet("JA1")
    mine, other = judge.state()["clock"], tablet("JA2").state()["clock"]
    lock_round(app, world)
    judge_id, micros, signature = mine.split(".")
    clock = {
        "after-the-lock": judge.state()["clock"],
        "another-judge": other,
        "forged": f"{judge_id}.1.forgedsignature",
        "tampered": f"{judge_id}.{int(micros) - 3_600_000_000}.{signature}",  # one hour earlier
    }[which]
    response = judge.post({**greeting_body(world, captured_at="1970-01-01T00:00:00Z"), "clock": clock,
                           "clock_age_ms": 0})
    assert response.status_code == 409 and response.get_json()["error"] == "locked"
    assert sheet_count(app) == 0


def test_an_offline_tablet_confirming_after_the_lock_is_refused_though_its_clock_predates_it(app, world, tablet):
    """The tablet heard the server, went offline, the team was locked a minute later, then the judge confirmed."""
    judge = tablet("JA1")
    clock = judge.state()["clock"]
    lock_round(app, world, when=utcnow() + timedelta(seconds=60))
    body = {**greeting_body(world, captured_at="1970-01-01T00:00:00Z"), "clock": clock}
    assert judge.post({**body, "clock_age_ms": 90_000}).status_code == 409
    assert judge.post({**body, "key": new_key(), "clock_age_ms": 30_000}).status_code == 201
    assert [s[5] for s in stored_sheets(app)] == ["pending_review"]


@pytest.mark.parametrize("age", ["90", -1, 1.5, True, None], ids=["text", "negative", "float", "bool", "missing"])
def test_a_clock_age_that_is_not_a_count_of_milliseconds_is_refused(app, world, tablet, age):
    judge = tablet("JA1")
    response = judge.post({**greeting_body(world), "clock": judge.state()["clock"], "clock_age_ms": age})
    assert response.status_code == 422 and list(response.get_json()["fields"]) == ["clock_age_ms"]
    assert sheet_count(app) == 0


def test_a_retry_after_the_lock_still_gets_its_receipt(app, world, tablet):
    judge = tablet("JA1")
    body = greeting_body(world)
    first = judge.post(body).get_json()
    lock_round(app, world)
    again = judge.post(body)
    assert again.status_code == 200 and again.get_json() == first


def test_no_session_answers_401_json_never_a_redirect(app, world, client):
    for response in (client.get("/judge/api/state"),
                     client.post("/judge/api/sheets", json=greeting_body(world))):
        assert response.status_code == 401
        assert response.get_json()["error"] == "login_required"
        assert "đăng nhập" in response.get_json()["message"]


def test_a_revoked_judge_is_asked_to_log_in_again(app, world, tablet):
    judge = tablet("JA1")
    with app.app_context():
        db.session.get(Judge, world.judges["JA1"]).session_epoch += 1
        db.session.commit()
    response = judge.post(greeting_body(world))
    assert response.status_code == 401 and sheet_count(app) == 0


def test_a_sheet_without_the_csrf_header_is_refused(app, world, tablet):
    response = tablet("JA1").post(greeting_body(world), csrf=False)
    assert response.status_code == 400
    assert response.get_json()["error"] == "csrf"
    assert sheet_count(app) == 0


def test_desk_staff_cannot_post_sheets(app, world, staff):
    client = staff("organizer")
    response = client.post("/judge/api/sheets", json=greeting_body(world))
    assert response.status_code == 403


def test_the_state_tells_the_tablet_everything_it_draws(app, world, tablet):
    judge = tablet("JA3")
    judge.post(greeting_body(world, entry="A2"))
    state = judge.state()
    assert state["judge"] == {"id": world.judges["JA3"], "name": "Giám khảo JA3", "code": "JA3",
                              "round": "so-khao", "cluster": "Cụm A"}
    assert state["contest"] == {"slug": "thu-nghiem", "name": "Hội thi thử nghiệm"}
    assert state["on_stage"] is None and state["timer"] is None and state["round_locked_at"] is None
    assert [p["code"] for p in state["parts"]] == ["greeting", "situation"]
    greeting = state["parts"][0]
    assert (greeting["max"], greeting["step"]) == ("20.00", "0.25")
    assert [c["max"] for c in greeting["criteria"]] == ["12.00", "8.00"]
    assert [(e["team_name"], e["conflict"], e["locked"]) for e in state["entries"]] == [
        ("Đội A1", True, False), ("Đội A2", False, False), ("Đội A3", False, False)]
    sheet = state["sheets"][0]
    assert set(sheet) == {"key", "sheet_id", "entry_id", "part_code", "version", "total", "status", "received_at"}
    assert (sheet["part_code"], sheet["total"], sheet["status"]) == ("greeting", "15.75", "received")
    json.dumps(state)  # plain JSON all the way down


def test_a_body_nested_too_deeply_is_refused_not_a_crash(app, world, tablet):
    judge = tablet("JA1")
    events = audit_actions(app)
    response = judge.post("[" * 100_000 + "]" * 100_000)
    assert response.status_code in (400, 422)
    assert response.get_json()["error"] == "invalid"
    assert sheet_count(app) == 0 and audit_actions(app) == events



def test_a_sheet_without_a_clock_keeps_the_digest_it_had_before_tablets_sent_one():
    """A tablet's outbox may resend, after an upgrade, a sheet the old server stored: it must replay."""
    body = SheetBody("k-test-key-00000001", 3, "greeting", {"1": "9,5"}, "2024-08-20T09:12:30Z", None, None)
    before = json.dumps({"key": body.key, "entry_id": 3, "part_code": "greeting", "scores": {"1": "9,5"},
                         "captured_at": "2024-08-20T09:12:30Z"}, sort_keys=True, separators=(",", ":"))
    assert body_hash(body) == hashlib.sha256(before.encode()).hexdigest()
