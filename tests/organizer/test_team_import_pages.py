"""Bulk import through the pages: upload -> preview listing every bad row -> confirm, all or none.

Each refused file leaves the database exactly as it was, even when "confirm" is forced."""

import csv
import io
import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from contest.domain.upload_limits import UploadLimits
from contest.extensions import db
from contest.models import AuditEvent, Entry, Member, Team
from contest.services.uploads import read_csv, read_xlsx
from tests.conftest import csrf_token_from
from tests.organizer.setup_support import audit_actions, count, team_names

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FRESH = "/organizer/contests/hai-phong-2025"
HANOI = "/organizer/contests/ha-noi-2024"
HEADER = ["STT", "Tên đơn vị", "Loại đơn vị", "Cụm thi địa bàn", "Trưởng đoàn", "Thành viên chính thức",
          "Thành viên dự bị", "Diễn viên hỗ trợ", "Người liên hệ", "Số điện thoại", "Email", "Tên mô hình"]


def body(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def unit(name: str, kind: str = "Quận", cluster: str = "", official: str = "Nguyễn Thị Hà; Trần Văn Sơn") -> list[str]:
    return ["", name, kind, cluster, "Nguyễn Thị Hà", official, "Lê Thu Giang", "", "Đỗ Thanh Hùng",
            "0912 345 678", "", "Dân vận khéo trong xây dựng nông thôn mới"]


def csv_bytes(rows: list[list[str]], delimiter: str = ",", bom: bool = True, header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows([header, *rows])
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    book = Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def error_row(row: int, column: str, message: str) -> str:
    """How the preview shows one problem: row number, column, reason."""
    return f'<td class="num"><strong>{row}</strong></td><td>{column}</td><td>{message}'


def snapshot(app) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    """What an import would change: teams, members, entries, audit events."""
    return (count(app, Team), count(app, Member), count(app, Entry), count(app, AuditEvent))


@pytest.fixture
def upload(desk, submit):  # type: ignore[no-untyped-def]
    """upload(contest_url, filename, data) -> the preview page (after the redirect), or the upload page."""

    def send(base: str, filename: str, data: bytes):  # type: ignore[no-untyped-def]
        response = submit(f"{base}/teams/import", {"file": (io.BytesIO(data), filename)},
                          content_type="multipart/form-data")
        if response.status_code == 302:
            return desk.get(response.headers["Location"])
        return response

    return send


def confirm(desk, preview):  # type: ignore[no-untyped-def]
    """Press "confirm" on a preview page, even when the page offers no button."""
    url = preview.request.path
    return desk.post(url, data={"csrf_token": csrf_token_from(body(preview))})


@pytest.mark.parametrize("filename", ["sample-teams.csv", "sample-teams.xlsx"])
def test_the_sample_files_import_cleanly_into_a_fresh_contest(app, desk, fresh_contest, upload, filename):
    preview = upload(FRESH, filename, (SEEDS / filename).read_bytes())
    html = body(preview)
    assert "Tất cả các dòng đều hợp lệ" in html and "Đăng ký 17 đội này" in html
    assert "Công an thành phố Hải Phòng" in html
    done = confirm(desk, preview)
    assert done.status_code == 302 and "Đã nhập 17 đội thi." in body(desk.get(done.headers["Location"]))
    names = team_names(app, fresh_contest)
    assert len(names) == 17 and "Đảng bộ Khối các cơ quan thành phố" in names
    with app.app_context():
        team = db.session.scalar(select(Team).filter_by(name="Quận Hồng Bàng"))
        assert (team.unit_type, team.home_cluster, len(team.members)) == ("urban_district", "Cụm 1", 9)
        event = db.session.scalar(select(AuditEvent).filter_by(action="team.import"))
        assert event.new["count"] == 17 and event.new["source"] == filename


def test_the_two_sample_files_hold_the_same_rows():
    from_csv = read_csv((SEEDS / "sample-teams.csv").read_bytes(), UploadLimits())
    from_xlsx = read_xlsx((SEEDS / "sample-teams.xlsx").read_bytes(), UploadLimits())
    assert from_csv.header == from_xlsx.header == HEADER
    assert [cells for _n, cells in from_csv.rows] == [cells for _n, cells in from_xlsx.rows]
    text = (SEEDS / "sample-teams.csv").read_text(encoding="utf-8-sig")
    assert unicodedata.is_normalized("NFC", text) and "Thủy Nguyên" in text


@pytest.mark.parametrize(("delimiter", "bom"), [(",", True), (",", False), (";", True), (";", False)],
                         ids=["comma-bom", "comma", "semicolon-bom", "semicolon"])
def test_csv_with_or_without_bom_and_either_delimiter(app, desk, fresh_contest, upload, delimiter, bom):
    data = csv_bytes([unit("Quận Hồng Bàng"), unit("Huyện An Lão", "Huyện")], delimiter, bom)
    preview = upload(FRESH, "doi-thi.csv", data)
    assert "Đăng ký 2 đội này" in body(preview)
    assert confirm(desk, preview).status_code == 302
    assert team_names(app, fresh_contest) == ["Huyện An Lão", "Quận Hồng Bàng"]
    with app.app_context():
        members = db.session.scalars(select(Member.full_name).join(Team).filter(Team.name == "Quận Hồng Bàng"))
        assert sorted(members) == ["Lê Thu Giang", "Nguyễn Thị Hà", "Trần Văn Sơn"]


def test_a_bom_does_not_hide_the_first_column(app, fresh_contest, upload):
    html = body(upload(FRESH, "doi-thi.csv", csv_bytes([unit("Quận Hồng Bàng")], bom=True, header=HEADER[1:])
                       .replace(b"\r\n,Qu", b"\r\nQu")))
    assert "Thiếu cột" not in html and "Đăng ký 1 đội này" in html


def assert_refused_and_unchanged(app, desk, preview, before, *messages: str) -> None:  # type: ignore[no-untyped-def]
    html = body(preview)
    for message in messages:
        assert message in html
    assert "đội này</button>" not in html  # no confirm button is offered
    forced = confirm(desk, preview)
    assert "Chưa lưu gì: tệp còn lỗi." in body(forced)
    assert snapshot(app) == before


def test_a_missing_required_column_is_reported_and_nothing_saved(app, desk, fresh_contest, upload):
    before = snapshot(app)
    header = [h for h in HEADER if h != "Loại đơn vị"]
    data = csv_bytes([[c for i, c in enumerate(unit("Quận Hồng Bàng")) if i != 2]], header=header)
    preview = upload(FRESH, "thieu-cot.csv", data)
    assert_refused_and_unchanged(app, desk, preview, before, "Không thể nhập tệp này",
                                 "Thiếu cột bắt buộc: Loại đơn vị. Các cột có trong tệp: STT, Tên đơn vị")


def test_duplicate_rows_within_the_file_and_against_the_database(app, desk, demo_contest, upload):
    before = snapshot(app)
    data = csv_bytes([unit("Bộ Chỉ huy Quân sự Thủ đô", "Đơn vị trực thuộc Thành phố"),
                      unit("Quận Tây Hồ"),
                      unit("bộ chỉ huy  quân sự thủ đô", "Đơn vị trực thuộc Thành phố")])
    preview = upload(HANOI, "trung.csv", data)
    html = body(preview)
    assert error_row(3, "Tên đơn vị", "Đội này đã được đăng ký với tên “Quận Tây Hồ”.") in html
    assert error_row(4, "Tên đơn vị", "“bộ chỉ huy  quân sự thủ đô” đã có ở dòng 2 của tệp này.") in html
    assert_refused_and_unchanged(app, desk, preview, before, "Các dòng cần sửa")


def test_nfd_names_are_stored_nfc_and_an_nfd_duplicate_is_caught(app, desk, demo_contest, upload):
    decomposed = unicodedata.normalize("NFD", "Thành đoàn Hà Nội")
    preview = upload(HANOI, "nfd.csv", csv_bytes([unit(decomposed, "Đơn vị trực thuộc Thành phố",
                                                       official=unicodedata.normalize("NFD", "Nguyễn Thị Huyền"))]))
    assert confirm(desk, preview).status_code == 302
    with app.app_context():
        team = db.session.scalar(select(Team).filter_by(name="Thành đoàn Hà Nội"))
        assert team is not None and unicodedata.is_normalized("NFC", team.name)
        assert team.members[0].full_name == "Nguyễn Thị Huyền"
    before = snapshot(app)
    again = upload(HANOI, "nfd-lan-2.csv", csv_bytes([unit(unicodedata.normalize("NFD", "Quận Đống Đa"))]))
    assert_refused_and_unchanged(app, desk, again, before, "Đội này đã được đăng ký với tên “Quận Đống Đa”.")


# What an old Excel "CSV (Comma delimited)" gives on a Vietnamese Windows: code page 1258, tones combining.
WINDOWS_1258 = unicodedata.normalize("NFD", "Tên đơn vị,Loại đơn vị\r\nQuận Tây Hồ,Quận\r\n").encode(
    "cp1258", errors="replace")


def rows_2000(bad_at: int | None = None) -> list[list[str]]:
    rows = [unit(f"Đơn vị thử nghiệm số {n:04d}", ("Quận", "Huyện", "Thị xã")[n % 3]) for n in range(1, 2001)]
    if bad_at is not None:
        rows[bad_at - 2][2] = "Phường"  # row numbers count the header as row 1
    return rows


def test_a_2000_row_file_with_one_bad_row_saves_nothing(app, desk, fresh_contest, upload):
    before = snapshot(app)
    preview = upload(FRESH, "2000.xlsx", xlsx_bytes(rows_2000(bad_at=1501)))
    html = body(preview)
    assert error_row(1501, "Loại đơn vị", "Loại đơn vị “Phường” không hợp lệ.") in html
    assert '<span class="stat-value">1999</span>' in html
    assert_refused_and_unchanged(app, desk, preview, before)


def test_a_clean_2000_row_file_is_saved_whole(app, desk, fresh_contest, upload):
    preview = upload(FRESH, "2000.csv", csv_bytes(rows_2000(), delimiter=";"))
    assert "Đăng ký 2000 đội này" in body(preview)
    assert confirm(desk, preview).status_code == 302
    assert count(app, Team) == 2000
    assert audit_actions(app)[-1] == "team.import"


@pytest.mark.parametrize(("filename", "data", "message"), [
    ("rong.csv", b"", "Tệp không có dữ liệu."),
    ("chi-bom.csv", b"\xef\xbb\xbf\r\n", "Tệp không có dữ liệu."),
    ("chi-tieu-de.csv", csv_bytes([]), "Tệp chỉ có dòng tiêu đề, không có dòng đội thi nào."),
], ids=["empty", "bom-only", "header-only"])
def test_an_empty_file_is_refused(app, desk, fresh_contest, upload, filename, data, message):
    before = snapshot(app)
    assert_refused_and_unchanged(app, desk, upload(FRESH, filename, data), before, message)


@pytest.mark.parametrize(("filename", "data", "message"), [
    ("windows-1258.csv", WINDOWS_1258,
     "Tệp không ở bảng mã UTF-8."),
    ("utf16.csv", "Tên đơn vị,Loại đơn vị\r\nQuận Tây Hồ,Quận\r\n".encode("utf-16"), "Tệp không ở bảng mã UTF-8."),
    ("doi-thi.xls", b"\xd0\xcf\x11\xe0 old excel", "Hãy tải lên tệp .xlsx hoặc .csv."),
    ("hong.xlsx", b"PK\x03\x04 not really a workbook", "Không đọc được tệp .xlsx này."),
], ids=["windows-1258", "utf-16", "old-xls", "broken-xlsx"])
def test_an_unreadable_file_is_refused_on_the_upload_page(app, desk, fresh_contest, upload, filename, data, message):
    before = snapshot(app)
    response = upload(FRESH, filename, data)
    assert response.status_code == 200 and message in body(response)
    assert snapshot(app) == before


def test_an_upload_is_confirmed_once(app, desk, fresh_contest, upload):
    preview = upload(FRESH, "doi-thi.csv", csv_bytes([unit("Quận Hồng Bàng")]))
    assert confirm(desk, preview).status_code == 302
    again = confirm(desk, preview)
    assert again.status_code == 302 and "/teams/import" in again.headers["Location"]
    assert "Lượt tải lên này đã hết hạn hoặc đã được dùng." in body(desk.get(again.headers["Location"]))
    assert count(app, Team, name="Quận Hồng Bàng") == 1
    forged = desk.get(f"{FRESH}/teams/import/not-a-real-token-at-all-000")
    assert forged.status_code == 302
