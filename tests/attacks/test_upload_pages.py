"""Every upload page refuses a bomb with a Vietnamese message naming the limit, and keeps nothing:
the team import (nothing staged), the certificate people list and the certificate background."""

import io
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from contest.app import create_app
from contest.config import ConfigError
from contest.domain.errors import DomainError
from contest.domain.upload_limits import UploadLimits
from contest.error_messages import message_for
from contest.extensions import db
from contest.models import Team
from contest.models.results import CertificateTemplate
from contest.services import uploads
from tests.attacks.test_upload_reading import png
from tests.attacks.xlsx_files import dimension_bomb, shared_string_bomb, sheet, xlsx
from tests.conftest import csrf_token_from

CONTEST = "/organizer/contests/ha-noi-2024"
CERTIFICATES = "/results/ha-noi-2024/certificates"


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """Uploads are read the same way on either database, so these page tests run on SQLite (the database
    where a transaction left open while a request waits would stall the others)."""
    return f"sqlite:///{tmp_path / 'contest.db'}"


@pytest.fixture
def organizer(client, login_organizer):  # type: ignore[no-untyped-def]
    return login_organizer(client)


def post_file(client, page: str, url: str, field: str, name: str, data: bytes, **fields: str):  # type: ignore[no-untyped-def]
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, field: (io.BytesIO(data), name), **fields},
                       content_type="multipart/form-data", follow_redirects=True)


def teams(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Team))


def staged(app) -> list[str]:  # type: ignore[no-untyped-def]
    folder = Path(app.instance_path) / "imports"
    return [p.name for p in folder.iterdir()] if folder.exists() else []


def templates(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(CertificateTemplate))


@pytest.mark.parametrize(("make", "message"), [
    (shared_string_bomb, "Tệp chứa hơn 20 MB dữ liệu khi giải nén"),
    (dimension_bomb, "Trang tính có hơn 50 cột. Hãy xóa các cột không dùng"),
], ids=["shared-string", "declared-range"])
def test_team_import_refuses_and_stages_nothing(app, organizer, make, message):
    before = teams(app)
    page = post_file(organizer, f"{CONTEST}/teams/import", f"{CONTEST}/teams/import", "file", "doi.xlsx", make())
    assert page.status_code == 200 and message in page.get_data(as_text=True)
    assert teams(app) == before and staged(app) == []


def test_team_import_within_smaller_configured_limits(app, organizer):
    app.config["UPLOAD_LIMITS"] = UploadLimits(rows=2)
    rows = [["Tên đơn vị", "Loại đơn vị"]] + [[f"Quận Thử {n}", "Quận"] for n in range(3)]
    page = post_file(organizer, f"{CONTEST}/teams/import", f"{CONTEST}/teams/import", "file", "doi.xlsx",
                     xlsx(sheet(rows)))
    assert "Trang tính có hơn 2 dòng dưới dòng tiêu đề." in page.get_data(as_text=True) and staged(app) == []
    page = post_file(organizer, f"{CONTEST}/teams/import", f"{CONTEST}/teams/import", "file", "doi.xlsx",
                     xlsx(sheet(rows[:3])))
    assert "Quận Thử 1" in page.get_data(as_text=True) and len(staged(app)) == 1  # the preview


def test_certificate_people_list_refuses_a_bomb(app, organizer):
    page = post_file(organizer, f"{CERTIFICATES}/individual", f"{CERTIFICATES}/individual/import", "file",
                     "nguoi.xlsx", dimension_bomb())
    assert "Trang tính có hơn 50 cột." in page.get_data(as_text=True)
    assert templates(app) == 0


def test_certificate_background_refuses_a_pixel_bomb_and_saves_nothing(app, organizer):
    page = post_file(organizer, f"{CERTIFICATES}/team", f"{CERTIFICATES}/team", "background", "khung.png",
                     png(20_000, 20_000), title="Giấy khen mới", body="Đã đạt {prize}")
    assert "Ảnh có hơn 16 megapixel. Hãy thu nhỏ ảnh" in page.get_data(as_text=True)
    assert templates(app) == 0


def test_limits_come_from_the_environment_and_nonsense_refuses_to_start(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTEST_UPLOAD_MAX_ROWS", "800")
    monkeypatch.setenv("CONTEST_UPLOAD_MAX_IMAGE_MEGAPIXELS", "40")
    config = {"SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    limits = create_app(config, instance_path=str(tmp_path / "a")).config["UPLOAD_LIMITS"]
    assert (limits.rows, limits.image_megapixels, limits.columns) == (800, 40, 50)
    monkeypatch.setenv("CONTEST_UPLOAD_MAX_MB", "20MB")
    with pytest.raises(ConfigError, match="CONTEST_UPLOAD_MAX_MB"):
        create_app(config, instance_path=str(tmp_path / "b"))


def test_a_request_beyond_the_size_limit_names_it(app, organizer):
    page = post_file(organizer, f"{CONTEST}/teams/import", f"{CONTEST}/teams/import", "file", "doi.csv",
                     b"x" * (9 * 1024 * 1024))
    assert page.status_code == 413 and "Tệp lớn hơn 8 MB, mức tối đa máy chủ nhận." in page.get_data(as_text=True)


def test_reading_beyond_the_time_limit_is_refused_with_the_limit(app):
    app.config["UPLOAD_LIMITS"] = UploadLimits(seconds=1)
    with app.test_request_context("/?lang=vi"), pytest.raises(DomainError) as caught:
        uploads.off_loop(time.sleep, 3)
    with app.test_request_context("/?lang=vi"):
        assert message_for(caught.value) == "Việc đọc tệp mất hơn 1 giây nên đã bị dừng. Hãy tải lên một tệp nhỏ hơn."
