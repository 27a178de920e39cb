"""/healthz and /metrics on the app, and the real client address behind a trusted proxy."""

import re

import pytest

from tests.conftest import make_app
from tests.operations.redis_server import OwnRedis


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus' text format (0 when absent)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        match = re.match(r"^(\w+)(?:\{(.*)\})? (\S+)$", line)
        if match and match.group(1) == name:
            found = ",".join(sorted((match.group(2) or "").split(","))) if match.group(2) else ""
            if found == wanted:
                return float(match.group(3))
    return 0.0


def test_healthz_reports_the_database_and_no_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["database"]["status"] == "ok"
    assert response.json["redis"]["status"] == "not_configured"
    assert response.headers["Cache-Control"] == "no-store"


def test_healthz_answers_503_once_redis_stops(tmp_path):
    redis = OwnRedis(tmp_path)
    try:
        app = make_app(f"sqlite:///{tmp_path / 'c.db'}", str(tmp_path / "instance"),
                       RATELIMIT_STORAGE_URI=redis.url)
        with app.app_context():
            from contest.extensions import db
            db.create_all()
        client = app.test_client()
        up = client.get("/healthz")
        assert up.status_code == 200 and up.json["redis"]["status"] == "ok"
        redis.stop()
        down = client.get("/healthz")
        assert down.status_code == 503
        assert down.json["status"] == "down"
        assert down.json["redis"]["status"] == "down"
        assert down.json["database"]["status"] == "ok"
    finally:
        redis.stop()


def test_metrics_from_the_machine_itself_with_http_latency_by_endpoint(client):
    client.get("/api/v1/contests")
    text = client.get("/metrics").get_data(as_text=True)
    assert metric(text, "contest_http_request_duration_seconds_count",
                  endpoint="api.contest_list", method="GET", status="200") >= 1
    assert "contest_viewers_connected" in text and "contest_sheets_total" in text


def test_metrics_are_refused_from_elsewhere_without_the_token(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'c.db'}", str(tmp_path / "instance"), METRICS_TOKEN="s3cret-token")
    client = app.test_client()
    outside = {"REMOTE_ADDR": "192.0.2.7"}
    refused = client.get("/metrics", environ_base=outside)
    assert refused.status_code == 403 and refused.json["error"] == "forbidden"
    wrong = client.get("/metrics", environ_base=outside, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    allowed = client.get("/metrics", environ_base=outside, headers={"Authorization": "Bearer s3cret-token"})
    assert allowed.status_code == 200 and b"contest_pushes_total" in allowed.data


@pytest.mark.parametrize(("remote", "forwarded", "seen"), [
    ("127.0.0.1", "203.0.113.9", "203.0.113.9"),              # from the proxy: the client it names
    ("127.0.0.1", "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # a client's own forged hop stays left of it
    ("127.0.0.1", "not-an-ip", "127.0.0.1"),                  # garbage: the proxy's own address
    ("192.0.2.50", "203.0.113.9", "192.0.2.50"),              # a direct client cannot forge an address
])
def test_the_limiter_and_logs_see_the_client_a_trusted_proxy_names(tmp_path, remote, forwarded, seen):
    app = make_app(f"sqlite:///{tmp_path / 'c.db'}", str(tmp_path / "instance"), TRUSTED_PROXIES="127.0.0.1, ::1")

    @app.get("/_whoami")
    def whoami():  # type: ignore[no-untyped-def]
        from flask import request
        return {"addr": request.remote_addr, "scheme": request.scheme}

    client = app.test_client()
    answer = client.get("/_whoami", environ_base={"REMOTE_ADDR": remote},
                        headers={"X-Forwarded-For": forwarded, "X-Forwarded-Proto": "https"})
    assert answer.json["addr"] == seen
    assert answer.json["scheme"] == ("https" if remote == "127.0.0.1" else "http")


def test_no_proxy_is_trusted_by_default(client, app):
    @app.get("/_whoami")
    def whoami():  # type: ignore[no-untyped-def]
        from flask import request
        return {"addr": request.remote_addr}

    answer = client.get("/_whoami", headers={"X-Forwarded-For": "203.0.113.9"})
    assert answer.json["addr"] == "127.0.0.1"
