"""The contest workbook and the standings CSV, read back as a spreadsheet program would."""

import csv
import io

from flask import Flask
from openpyxl import load_workbook
from sqlalchemy import func, select

from contest.domain.names import name_key
from contest.domain.paperwork import vn_points
from contest.extensions import db
from contest.models import AuditEvent, Contest, Member, Team
from contest.models.judging import Penalty, QuizMark, ScoreSheet
from contest.services import demo, exports
from tests.results.conftest import score_clusters

FORMULA_NAME = '=HYPERLINK("http://example.invalid/x","Bấm vào đây")'
SHEETS = ["Đội thi", "Thành viên", "Cụm và thứ tự thi", "Bốc thăm", "Phiếu chấm (mọi lần gửi)", "Điểm từng tiêu chí",
          "Phần thi kiến thức", "Điểm trừ", "Xếp hạng", "Giải thưởng", "Nhật ký"]


def rename_team(app: Flask, old: str, new: str) -> None:
    with app.app_context():
        team = db.session.scalar(select(Team).filter_by(name=old))
        team.name, team.name_key = new, name_key(new)
        db.session.commit()


def rows_of(book, title: str) -> list[dict]:  # type: ignore[no-untyped-def]
    sheet = book[title]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def stored_sheets(app: Flask) -> tuple[set, set]:
    with app.app_context():
        sheets = db.session.scalars(select(ScoreSheet)).all()
        versions = {(s.id, s.version, round(s.total / 100, 2)) for s in sheets}
        values = {(s.id, round(int(v) / 100, 2)) for s in sheets for v in s.values.values()}
    return versions, values


def test_workbook_holds_every_stored_score_and_keeps_formulas_as_text(app, organizer, scored_demo):
    rename_team(app, "Quận Tây Hồ", FORMULA_NAME)
    response = organizer.get("/results/ha-noi-2024/ket-qua.xlsx")
    assert response.status_code == 200 and response.headers["Content-Disposition"].endswith(".xlsx")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == SHEETS
    versions, values = stored_sheets(app)
    assert len(versions) == scored_demo.sheets
    sheet_rows = rows_of(book, "Phiếu chấm (mọi lần gửi)")
    assert {(r["Mã phiếu"], r["Lần gửi"], float(r["Tổng điểm phiếu"])) for r in sheet_rows} == versions
    value_rows = rows_of(book, "Điểm từng tiêu chí")
    assert {(r["Mã phiếu"], float(r["Điểm"])) for r in value_rows} == values
    # The formula-like name is text everywhere it appears, exactly as typed; no cell is a formula.
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    named = [c for c in cells if c.value == FORMULA_NAME]
    assert len(named) >= 3 and all(c.data_type == "s" and c.quotePrefix for c in named)
    assert not [c.coordinate for c in cells if c.data_type == "f"]


def test_workbook_counts_match_the_database(app, organizer, scored_demo):
    book = load_workbook(io.BytesIO(organizer.get("/results/ha-noi-2024/ket-qua.xlsx").data))
    with app.app_context():
        count = {m: db.session.scalar(select(func.count()).select_from(m))
                 for m in (Team, Member, QuizMark, Penalty, AuditEvent)}
    assert len(rows_of(book, "Đội thi")) == count[Team] == 35
    assert len(rows_of(book, "Thành viên")) == count[Member]
    assert len(rows_of(book, "Phần thi kiến thức")) == count[QuizMark] == 12 * 10
    penalties = rows_of(book, "Điểm trừ")
    assert len(penalties) == count[Penalty] == 1 and penalties[0]["Lý do"] == "Vượt thời gian 40 giây"
    audit = rows_of(book, "Nhật ký")
    assert len(audit) == count[AuditEvent] and audit[-1]["Mã băm trước"] == audit[-2]["Mã băm"]
    prizes = rows_of(book, "Giải thưởng")
    assert {(r["Cụm thi"], r["Giải"]) for r in prizes} >= {("Cụm 1", "Giải Nhất cụm"), ("Cụm 2", "Giải Ba cụm")}
    standings = [r for r in rows_of(book, "Xếp hạng") if r["Cụm thi"] == "Cụm 1"]
    assert [r["Hạng"] for r in standings] == [1, 2, 3, 4, 5, 6]


def test_standings_csv_escapes_formulas_and_opens_in_excel(app, organizer, scored_demo):
    rename_team(app, "Quận Ba Đình", "+SUM(1,2)")
    response = organizer.get("/results/ha-noi-2024/so-khao/xep-hang.csv")
    assert response.status_code == 200 and response.data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert list(rows[0])[:4] == ["Vòng thi", "Cụm thi", "Hạng", "Đội thi"]
    assert "'+SUM(1,2)" in {r["Đội thi"] for r in rows}
    cluster_1 = [r for r in rows if r["Cụm thi"] == "Cụm 1"]
    assert len(cluster_1) == 6 and cluster_1[0]["Hạng"] == "1" and cluster_1[0]["Giải"] == "Giải Nhất cụm"
    assert len(rows) == 35 and {r["Hạng"] for r in rows if r["Cụm thi"] == "Cụm 6"} == {""}


def test_workbook_on_postgresql(pg_app):
    """The same export from PostgreSQL: JSON columns, timestamps and exact points come back alike."""
    with pg_app.app_context():
        loaded = demo.load_demo()
        db.session.commit()
        score_clusters(db.session.get(Contest, loaded.contest.id), names=("Cụm 1",))
        contest = db.session.get(Contest, loaded.contest.id)
        data = exports.contest_workbook(contest)
        stored = {(s.id, s.version) for s in db.session.scalars(select(ScoreSheet))}
        top = db.session.scalar(select(ScoreSheet).order_by(ScoreSheet.total.desc()).limit(1))
    book = load_workbook(io.BytesIO(data))
    sheet_rows = rows_of(book, "Phiếu chấm (mọi lần gửi)")
    assert {(r["Mã phiếu"], r["Lần gửi"]) for r in sheet_rows} == stored and len(stored) == 5 * 6 * 3 + 1
    assert vn_points(top.total) == f"{max(r['Tổng điểm phiếu'] for r in sheet_rows):.2f}".replace(".", ",")


def test_workbook_needs_a_staff_login(client, demo_contest):
    response = client.get("/results/ha-noi-2024/ket-qua.xlsx")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
