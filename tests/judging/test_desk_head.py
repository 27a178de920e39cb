"""The head judge's desk: completeness, spread, a judge's versions, locks, absences, late sheets, audit log."""

import csv
import io
import re

from contest.extensions import db
from contest.models import Round, User
from contest.models.judging import ScoreSheet
from contest.services import audit, locks
from tests.judging.conftest import audit_actions, desk_post, new_key


def head_url(world, page="head"):
    return f"/desk/{world.slug}/{page}?round={world.round_slug}&cluster={world.clusters['A']}"


def form(world, **values):
    return {"round": world.round_slug, "cluster": world.clusters["A"], **values}


def send(judge, world, entry, part="situation", total="20", captured_at=None, clock=None):  # type: ignore[no-untyped-def]
    scores = world.greeting_scores() if part == "greeting" else {"total": total}
    return judge.post({"key": new_key(), "entry_id": world.entries[entry], "part_code": part,
                       "scores": scores, "captured_at": captured_at, "clock": clock, "clock_age_ms": 0})


def test_the_matrix_shows_received_missing_and_conflict_cells_and_flags_large_gaps(app, world, tablet, staff):
    send(tablet("JA1"), world, "A2", total="10")
    send(tablet("JA2"), world, "A2", total="17")  # 7 points apart on a 30-point part: over 20 %
    send(tablet("JA1"), world, "A3", total="20")
    send(tablet("JA2"), world, "A3", total="21")
    page = staff("head_judge").get(head_url(world)).get_data(as_text=True)
    assert "Đã nhận: 4" in page
    assert "Còn thiếu: 12" in page  # 3 judges × 3 teams × 2 parts, minus 2 conflict cells, minus 4 received
    assert page.count("badge bad flag") == 1
    assert ">7,00<" in page and ">1,00<" in page
    assert "Không chấm" in page  # JA3 comes from team A1


def test_a_judge_sheets_page_lists_every_version(app, world, tablet, staff):
    judge = tablet("JA1")
    send(judge, world, "A2", total="10")
    send(judge, world, "A2", total="12,5")
    page = staff("head_judge").get(f"/desk/{world.slug}/head/judges/{world.judges['JA1']}"
                                   f"?round={world.round_slug}").get_data(as_text=True)
    assert "10,00" in page and "12,50" in page
    assert page.count("Đã nhận") >= 2


def test_locking_a_team_stops_its_sheets_and_tells_the_tablet(app, world, tablet, staff):
    judge = tablet("JA1")
    response = desk_post(staff("head_judge"), f"/desk/{world.slug}/head/entries/{world.entries['A2']}/lock",
                         form(world))
    assert response.status_code == 302
    refused = send(judge, world, "A2")
    assert refused.status_code == 409 and "đã chốt lúc" in refused.get_json()["message"]
    assert send(judge, world, "A3").status_code == 201
    locked = {e["team_name"]: e["locked"] for e in judge.state()["entries"]}
    assert locked == {"Đội A1": False, "Đội A2": True, "Đội A3": False}
    assert "entry.lock" in audit_actions(app)


def test_the_round_does_not_lock_while_sheets_are_missing(app, world, tablet, staff):
    head = staff("head_judge")
    desk_post(head, f"/desk/{world.slug}/head/lock-round", form(world))
    page = head.get(head_url(world)).get_data(as_text=True)
    assert "Chưa thể khóa vòng thi: còn thiếu 24 phiếu chấm" in page
    with app.app_context():
        assert db.session.get(Round, world.round_id).locked_at is None
    assert audit_actions(app)[-1] == "round.lock_refused"


def test_the_round_locks_once_every_gap_is_in_or_marked_absent_with_a_reason(app, world, tablet, staff):
    head = staff("head_judge")
    send(tablet("JA1"), world, "A2")
    desk_post(head, f"/desk/{world.slug}/head/absent",
              form(world, judge_id=world.judges["JA2"], entry_id=world.entries["A2"], part_id=world.parts["situation"],
                   reason=""))
    desk_post(head, f"/desk/{world.slug}/head/absent",
              form(world, judge_id=world.judges["JA2"], entry_id=world.entries["A2"], part_id=world.parts["situation"],
                   reason="Giám khảo ra ngoài"))
    with app.app_context():
        remaining = locks.round_gaps(db.session.get(Round, world.round_id))
        assert len(remaining) == 22
        user = db.session.get(User, world.users["head_judge"])
        for gap in remaining:
            locks.mark_absent(user, gap.judge, gap.entry, gap.part, "Vắng")
        db.session.commit()
    desk_post(head, f"/desk/{world.slug}/head/lock-round", form(world))
    with app.app_context():
        locked_at = db.session.get(Round, world.round_id).locked_at
    assert locked_at is not None
    assert "round.lock" in audit_actions(app) and "sheet.absent" in audit_actions(app)
    assert send(tablet("JA1"), world, "A3").status_code == 409


def test_absence_is_refused_where_a_sheet_came_in(app, world, tablet, staff):
    send(tablet("JA1"), world, "A2")
    head = staff("head_judge")
    desk_post(head, f"/desk/{world.slug}/head/absent",
              form(world, judge_id=world.judges["JA1"], entry_id=world.entries["A2"], part_id=world.parts["situation"],
                   reason="nhầm"))
    assert "Đã nhận phiếu chấm của giám khảo này" in head.get(head_url(world)).get_data(as_text=True)


def late_sheet(app, world, tablet, staff):
    judge = tablet("JA1")
    clock = judge.state()["clock"]  # heard before the lock: the sheet was confirmed offline, then sent
    desk_post(staff("head_judge"), f"/desk/{world.slug}/head/entries/{world.entries['A2']}/lock", form(world))
    response = send(judge, world, "A2", total="25", captured_at="2020-01-01T08:00:00Z", clock=clock)
    assert response.status_code == 201 and response.get_json()["status"] == "pending_review"
    return judge, response.get_json()["sheet_id"]


def test_a_late_sheet_counts_only_once_accepted(app, world, tablet, staff):
    judge, sheet_id = late_sheet(app, world, tablet, staff)
    head = staff("head_judge")
    assert "Chờ duyệt" in head.get(head_url(world)).get_data(as_text=True)
    queue = head.get(f"/desk/{world.slug}/review").get_data(as_text=True)
    assert "Đội A2" in queue and "25,00" in queue
    assert "Xác nhận lúc (theo đồng hồ máy chủ)" in queue
    with app.app_context():
        sheet = db.session.get(ScoreSheet, sheet_id)
        assert sheet.confirmed_at is not None and sheet.confirmed_at < sheet.received_at
    desk_post(head, f"/desk/{world.slug}/review/{sheet_id}", {"decision": "accept", "note": "Mạng chập chờn"})
    with app.app_context():
        sheet = db.session.get(ScoreSheet, sheet_id)
        assert (sheet.status, sheet.review_note) == ("accepted", "Mạng chập chờn")
    assert "Đã nhận: 1" in head.get(head_url(world)).get_data(as_text=True)
    assert judge.state()["sheets"][0]["status"] == "received"
    assert audit_actions(app)[-1] == "sheet.accept"


def test_a_rejected_late_sheet_never_counts(app, world, tablet, staff):
    judge, sheet_id = late_sheet(app, world, tablet, staff)
    head = staff("head_judge")
    desk_post(head, f"/desk/{world.slug}/review/{sheet_id}", {"decision": "reject", "note": ""})
    assert "Đã nhận: 0" in head.get(head_url(world)).get_data(as_text=True)
    assert judge.state()["sheets"][0]["status"] == "rejected"
    desk_post(head, f"/desk/{world.slug}/review/{sheet_id}", {"decision": "accept", "note": ""})
    with app.app_context():
        assert db.session.get(ScoreSheet, sheet_id).status == "rejected"
    assert audit_actions(app).count("sheet.reject") == 1 and "sheet.accept" not in audit_actions(app)


def test_the_part_score_is_the_domain_mean_over_the_counted_sheets(app, world, tablet, staff):
    send(tablet("JA2"), world, "A1", total="20")
    send(tablet("JA1"), world, "A1", total="25,5")
    page = staff("head_judge").get(head_url(world)).get_data(as_text=True)
    # JA3 has a conflict with A1: the mean of JA1 and JA2.
    assert "<strong>22,75</strong>" in page


def test_the_audit_log_can_be_browsed_filtered_exported_and_verified(app, world, tablet, staff):
    send(tablet("JB1"), world, "A2")  # denied, audited
    send(tablet("JA1"), world, "A2")
    organizer = staff("organizer")
    page = organizer.get(f"/desk/{world.slug}/audit?action=sheet.denied").get_data(as_text=True)
    assert "sheet.denied" in page and "sheet.received" not in page.split("<tbody>")[1]
    assert "Chuỗi nhật ký nguyên vẹn" in organizer.get(f"/desk/{world.slug}/audit?verify=1").get_data(as_text=True)
    response = organizer.get(f"/desk/{world.slug}/audit.csv")
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="audit-thu-nghiem-\d{8}-\d{6}\.csv"', disposition)
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["id", "at_utc", "actor", "action", "subject", "old", "new", "prev_hash", "hash"]
    assert {"sheet.denied", "sheet.received"} <= {r[3] for r in rows[1:]}


def test_an_altered_audit_row_is_named_on_the_page(app, world, tablet, staff):
    send(tablet("JA1"), world, "A2")
    with app.app_context():
        event = audit.record("system", "probe", "x", new={"n": 1}, contest_id=world.contest_id)
        db.session.commit()
        db.session.execute(db.text("UPDATE audit_event SET new = :v WHERE id = :id"), {"v": '{"n": 2}', "id": event.id})
        db.session.commit()
        broken_id = event.id
    page = staff("organizer").get(f"/desk/{world.slug}/audit?verify=1").get_data(as_text=True)
    assert f"Chuỗi nhật ký bị đứt tại sự kiện #{broken_id}" in page


def test_desk_writes_refuse_rows_of_another_stage(app, world, staff):
    head = staff("head_judge")
    assert desk_post(head, f"/desk/{world.slug}/head/entries/999999/lock", form(world)).status_code == 404
    response = desk_post(head, f"/desk/{world.slug}/head/absent",
                         form(world, judge_id=world.judges["JB1"], entry_id=world.entries["A2"],
                              part_id=world.parts["situation"], reason="x"))
    assert response.status_code == 302
    assert "Giám khảo này không chấm đội này." in head.get(head_url(world)).get_data(as_text=True)
