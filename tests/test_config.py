import pytest

from contest.app import create_app
from contest.config import ConfigError
from contest.realtime import set_public_socket_limit


@pytest.mark.parametrize("key", [None, "short", "insecure-demo-key-change-me"], ids=["missing", "short", "demo-key"])
def test_refuses_to_start_without_a_real_secret_key(tmp_path, monkeypatch, key):
    monkeypatch.delenv("CONTEST_DEMO", raising=False)
    monkeypatch.delenv("CONTEST_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="CONTEST_SECRET_KEY"):
        create_app({"SECRET_KEY": key, "SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(tmp_path))


def test_starts_with_a_real_key_and_demo_mode_keeps_its_key(tmp_path, monkeypatch):
    app = create_app({"SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(tmp_path))
    assert app.config["SESSION_COOKIE_HTTPONLY"] and not app.config["SESSION_COOKIE_SECURE"]
    monkeypatch.setenv("CONTEST_DEMO", "1")
    first = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(tmp_path / "d"))
    second = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(tmp_path / "d"))
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] and len(first.config["SECRET_KEY"]) == 64


@pytest.mark.parametrize("value", ["five", "-1"], ids=["not-a-number", "negative"])
def test_refuses_a_server_limit_that_is_not_a_sane_number(tmp_path, monkeypatch, value):
    monkeypatch.setenv("CONTEST_HEADER_TIMEOUT", value)
    with pytest.raises(ConfigError, match="CONTEST_HEADER_TIMEOUT"):
        create_app({"SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(tmp_path))


def test_the_public_socket_cap_keeps_the_staff_reserve_below_the_open_file_limit(tmp_path):
    app = create_app({"SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(tmp_path))
    assert set_public_socket_limit(app, 20_000) == 19_000  # automatic: the limit minus 1,000 for staff
    app.config["PUBLIC_SOCKET_LIMIT"] = 50_000
    assert set_public_socket_limit(app, 20_000) == 19_000  # asked for more than the descriptors allow
    app.config["PUBLIC_SOCKET_LIMIT"] = 3_000
    assert set_public_socket_limit(app, 20_000) == 3_000
    app.config["PUBLIC_SOCKET_LIMIT"] = 0
    assert set_public_socket_limit(app, 1_024) == 768  # a small limit: a quarter kept for staff, still a cap
    app.config["PUBLIC_SOCKET_LIMIT"] = 0
    assert set_public_socket_limit(app, None) == 0  # Windows: no descriptor limit, no cap unless configured


def test_session_settings_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTEST_SESSION_IDLE_MINUTES", "30")
    monkeypatch.setenv("CONTEST_JUDGE_SESSION_HOURS", "12")
    app = create_app({"SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(tmp_path))
    assert app.config["SESSION_IDLE_MINUTES"] == 30 and app.config["SESSION_MAX_HOURS"] == 16
    assert app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() == 12 * 3600  # a judge's cookie, not 31 days


@pytest.mark.parametrize("value", ["two hours", "0", "-5", ""], ids=["words", "zero", "negative", "empty"])
def test_a_bad_session_setting_is_refused_by_name(tmp_path, monkeypatch, value):
    monkeypatch.setenv("CONTEST_SESSION_MAX_HOURS", value)
    with pytest.raises(ConfigError, match="CONTEST_SESSION_MAX_HOURS must be a whole number"):
        create_app({"SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(tmp_path))
