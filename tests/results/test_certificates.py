"""Certificates as the organizer adjusts and prints them, read back with pypdf."""

import io
import unicodedata

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import func, select

from contest.extensions import db
from contest.models import AuditEvent, Member
from contest.models.results import CertificateTemplate
from tests.conftest import csrf_token_from
from tests.results.conftest import pdf_text

BASE = "/results/ha-noi-2024/certificates"


def save_template(client, kind: str, **changes: object):  # type: ignore[no-untyped-def]
    page = client.get(f"{BASE}/{kind}")
    data = {"csrf_token": csrf_token_from(page.get_data(as_text=True)), "title": "Giấy khen",
            "body": "Đã đạt {prize}\ntại {contest}", "issuer": "Ban Dân vận Thành ủy Hà Nội", "city": "Hà Nội",
            "issued_on": "2024-09-21", "signer_prefix": "TM. Ban Tổ chức", "signer_title": "Trưởng ban",
            "signer_name": "Nguyễn Văn Phong", "number_prefix": "GK-BTC", **changes}
    return client.post(f"{BASE}/{kind}", data=data, content_type="multipart/form-data")


def test_team_certificates_one_per_prize(organizer, scored_demo):
    response = organizer.get(f"{BASE}/team.pdf?source=prizes")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages, text = pdf_text(response.data)
    assert pages == 6  # clusters 1 and 2: Nhất, Nhì, Ba each
    assert text.count("GIẤY KHEN") == 6 and text.count("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM") == 6
    for prize in ("Đã đạt Giải Nhất cụm", "Đã đạt Giải Nhì cụm", "Đã đạt Giải Ba cụm"):
        assert text.count(prize) == 2
    assert "Hội thi “Dân vận khéo” thành phố Hà Nội năm 2024" in text
    assert "Hà Nội, ngày 21 tháng 9 năm 2024" in text and "Số: 006/GK-BTC" in text
    first = [n for n in scored_demo.teams["Cụm 1"] if n in text]
    assert len(first) == 3


def test_prize_filter_prints_only_the_chosen_prize(organizer, scored_demo):
    pages, text = pdf_text(organizer.get(f"{BASE}/team.pdf?source=prizes&prizes=Giải Nhất cụm").data)
    assert pages == 2 and "Giải Nhì cụm" not in text


def test_adjusted_template_is_used_and_audited(app, organizer, scored_demo):
    response = save_template(organizer, "team", title="Bằng khen", body="Tặng {team}\nđạt {prize} — {unknown}",
                             signer_name="Trần Thị Thu Hằng", issued_on="2024-01-05", city="Sóc Sơn")
    assert response.status_code == 302
    page = organizer.get(response.headers["Location"]).get_data(as_text=True)
    assert "{unknown}" in page  # the typo is pointed out, not silently dropped
    _, text = pdf_text(organizer.get(f"{BASE}/team.pdf?source=prizes&sample=1").data)
    assert "BẰNG KHEN" in text and "Trần Thị Thu Hằng" in text and "{unknown}" in text
    assert "Sóc Sơn, ngày 05 tháng 01 năm 2024" in text  # Decree 30/2020: leading zeros below 10 and for Jan/Feb
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="certificate.template"))
        assert event.new["title"] == "Bằng khen" and event.new["signer_name"] == "Trần Thị Thu Hằng"


def test_members_of_every_team_or_of_prize_teams(app, organizer, scored_demo):
    with app.app_context():
        official = db.session.scalar(select(func.count()).select_from(Member).filter_by(role="official"))
    pages, text = pdf_text(organizer.get(f"{BASE}/individual.pdf?source=members&roles=official").data)
    assert pages == official and text.count("GIẤY CHỨNG NHẬN") == official
    assert "Thành viên đội thi Quận Ba Đình" in text and "Nguyễn Thị Hà" in text
    prize_pages, _ = pdf_text(organizer.get(f"{BASE}/individual.pdf?source=members&prize_teams_only=y").data)
    assert prize_pages == 6 * 8  # six prize-winning teams, eight members each in the demo


def upload(client, data: bytes, name: str):  # type: ignore[no-untyped-def]
    page = client.get(f"{BASE}/individual")
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post(f"{BASE}/individual/import", data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", follow_redirects=True)


def test_imported_list_is_normalised_and_printed(organizer, scored_demo):
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    rows = ["Họ và tên;Đơn vị;Giải", f"{nfd};Phường Phúc Xá;", "Lê Văn Đức;Phường Trúc Bạch;Giải Nhất",
            f"{nfd};Phường Phúc Xá;", ";;"]
    page = upload(organizer, ("\ufeff" + "\r\n".join(rows)).encode(), "danh-sach.csv").get_data(as_text=True)
    assert "Đã nhập 2 người." in page
    pages, text = pdf_text(organizer.get(f"{BASE}/individual.pdf?source=imported").data)
    assert pages == 2 and "Nguyễn Thị Ánh Tuyết" in text and "Lê Văn Đức" in text
    assert "Thành viên đội thi Phường Phúc Xá" in text


@pytest.mark.parametrize(("content", "name", "message"), [
    ("Họ và tên\nLê\u202eVăn\n".encode(), "a.csv", "Có ký tự điều khiển ẩn"),
    (b"Ten\nA\n", "a.csv", "Tệp cần có cột “Họ và tên”."),
    (b"%PDF-1.4", "a.pdf", "Hãy tải lên tệp .xlsx hoặc .csv."),
], ids=["control-char", "no-name-column", "wrong-type"])
def test_bad_lists_import_nothing(app, organizer, scored_demo, content, name, message):
    page = upload(organizer, content, name).get_data(as_text=True)
    assert message in page
    with app.app_context():
        assert db.session.scalar(select(CertificateTemplate).filter_by(kind="individual")) is None


def png(color: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (297, 210), color).save(out, format="PNG")
    return out.getvalue()


def test_background_image_replaces_the_drawn_frame(organizer, scored_demo):
    response = save_template(organizer, "team", background=(io.BytesIO(png((250, 240, 215))), "khung.png"))
    assert response.status_code == 302
    data = organizer.get(f"{BASE}/team.pdf?source=prizes").data
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 6 and all(len(p.images) == 1 for p in reader.pages)
    assert "GIẤY KHEN" in reader.pages[0].extract_text()
    refused = save_template(organizer, "team", background=(io.BytesIO(b"GIF89a..."), "khung.gif"))
    assert "Ảnh nền phải là ảnh PNG hoặc JPEG." in refused.get_data(as_text=True)


def test_no_recipient_gives_a_one_page_notice(organizer, demo_contest):
    pages, text = pdf_text(organizer.get(f"{BASE}/team.pdf?source=prizes").data)
    assert pages == 1 and "Chưa có người nhận nào." in text
