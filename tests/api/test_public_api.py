"""The public API as integrators meet it: CORS on public GETs only, one error shape (500 included),
readable published results and their CSV, and a schemathesis run finding no server error."""

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from contest.extensions import db
from contest.services import archive_demo
from tests.conftest import make_app
from tests.live_server import make_live_server

ARCHIVE = "ha-noi-noi-thanh-2023"


@pytest.fixture
def archived(app, demo_contest):
    with app.app_context():
        archive_demo.load_archive()
        db.session.commit()
    return ARCHIVE


def test_public_gets_allow_any_origin(client, archived):
    for url in ("/api/v1/contests", f"/api/v1/contests/{ARCHIVE}/results", "/api/v1/openapi.json",
                f"/api/v1/contests/{ARCHIVE}/rounds/so-khao/standings", "/api/v1/contests/khong-co"):
        assert client.get(url, headers={"Origin": "https://cong-thong-tin.hanoi.gov.vn"}) \
            .headers["Access-Control-Allow-Origin"] == "*", url


def test_staff_judge_and_desk_routes_never_allow_other_origins(client, login_organizer, archived):
    login_organizer(client)
    origin = {"Origin": "https://evil.example"}
    for url in ("/judge/api/state", "/results/ha-noi-2024/", "/organizer/", "/desk/ha-noi-2024/",
                "/show/ha-noi-2024", "/login", "/metrics", "/results/ha-noi-2024/so-khao/xep-hang.csv"):
        response = client.get(url, headers=origin)
        assert "Access-Control-Allow-Origin" not in response.headers, url
    assert "Access-Control-Allow-Origin" not in client.post("/judge/api/sheets", json={}, headers=origin).headers


def test_published_results_are_readable_with_decimal_points(client, archived):
    body = client.get(f"/api/v1/contests/{ARCHIVE}/results").get_json()
    assert body["contest"]["slug"] == ARCHIVE
    scope = body["rounds"][0]["scopes"][0]
    first = scope["placings"][0]
    assert first["rank"] == 1 and first["team"] and first["prizes"]
    assert set(first["parts"]) == {p["code"] for p in body["rounds"][0]["parts"]}
    assert all(isinstance(v, str) and v.count(".") == 1 and len(v.split(".")[1]) == 2
               for v in [*first["parts"].values(), first["total"], first["penalty"]])


def test_results_csv_has_the_same_figures(client, archived):
    body = client.get(f"/api/v1/contests/{ARCHIVE}/results").get_json()
    response = client.get(f"/api/v1/contests/{ARCHIVE}/results.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Vòng thi", "Cụm thi", "Hạng", "Đội thi"]
    first = body["rounds"][0]["scopes"][0]["placings"][0]
    line = next(r for r in rows[1:] if r[3] == first["team"])
    assert line[2] == "1" and first["total"] in line


def test_unpublished_results_are_a_not_published_error(client, demo_contest):
    for url in ("/api/v1/contests/ha-noi-2024/results", "/api/v1/contests/ha-noi-2024/results.csv"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.get_json() == {"error": "not_published",
                                       "message": "Kết quả của hội thi này chưa được công bố."}
    english = client.get("/api/v1/contests/ha-noi-2024/results?lang=en").get_json()
    assert english["message"] == "The results of this contest are not published yet."


def test_errors_have_one_shape_including_the_500(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'c.db'}", str(tmp_path / "instance"), PROPAGATE_EXCEPTIONS=False)

    @app.get("/api/v1/_boom")
    def boom():  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug")

    @app.get("/_boom")
    def boom_page():  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug")

    client = app.test_client()
    answer = client.get("/api/v1/_boom")
    assert answer.status_code == 500
    assert answer.get_json() == {"error": "internal_error", "message": answer.get_json()["message"]}
    assert "Máy chủ" in answer.get_json()["message"] and "a bug" not in answer.get_data(as_text=True)
    for url, code in (("/api/v1/nothing-here", "not_found"), ("/api/v1/contests", None)):
        if code:
            assert client.get(url).get_json()["error"] == code
    assert client.post("/api/v1/contests").get_json()["error"] == "method_not_allowed"
    page = client.get("/_boom")
    assert page.status_code == 500 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert 'lang="vi"' in html and "Máy chủ gặp sự cố" in html and "a bug" not in html


def test_schemathesis_finds_no_server_error(tmp_path):
    """Schemathesis' own command line, as CI would run it, against the real server with the demo."""
    live = make_live_server(tmp_path / "instance")
    live.load_demo()
    live.start()
    try:
        run = subprocess.run(
            [str(Path(sys.executable).with_name("schemathesis")), "run", live.url + "/api/v1/openapi.json",
             "--url", live.url + "/api/v1", "--checks", "not_a_server_error", "--max-examples", "6",
             "--phases", "examples,coverage,fuzzing", "--workers", "1"],
            capture_output=True, text=True, timeout=240, env={**live.env, "NO_COLOR": "1"})
    finally:
        live.stop()
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "Tested: 11" in run.stdout  # every operation, the bodies included
