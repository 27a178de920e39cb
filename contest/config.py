"""Configuration: safe defaults, overridden by ``CONTEST_*`` environment variables."""

import os
import secrets
from datetime import timedelta
from typing import Any

from contest import _boot

INSECURE_KEY = "insecure-demo-key-change-me"


class ConfigError(RuntimeError):
    """The app refuses to start with this configuration."""


def _env(name: str, default: Any = None) -> Any:
    return os.environ.get(f"CONTEST_{name}", default)


def build_config(instance_path: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the config mapping for one app instance."""
    overrides = overrides or {}
    db_url = _env("DATABASE_URL") or f"sqlite:///{os.path.join(instance_path, 'contest.db')}"
    config: dict[str, Any] = {
        "SECRET_KEY": _env("SECRET_KEY"),
        "DEMO": _env("DEMO") == "1",
        "SQLALCHEMY_DATABASE_URI": db_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SOCKETIO_MESSAGE_QUEUE": _env("SOCKETIO_MESSAGE_QUEUE"),
        "SOCKETIO_ASYNC_MODE": _env("ASYNC_MODE") or ("gevent" if _boot.GEVENT_PATCHED else "threading"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # The hall network is plain HTTP: a Secure cookie would silently lose the session.
        "SESSION_COOKIE_SECURE": _env("HTTPS") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "LANGUAGES": ["vi", "en"],
        "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
        "RATELIMIT_STORAGE_URI": _env("RATELIMIT_STORAGE_URI", "memory://"),
        "PUBLIC_BASE_URL": _env("PUBLIC_BASE_URL"),
        **_login_settings(),
    }
    config.update(overrides)
    if config["DEMO"] and not config["SECRET_KEY"]:
        config["SECRET_KEY"] = _instance_secret(instance_path)
    check_secret_key(config)
    return config


def _env_int(name: str, default: int) -> int:
    raw = _env(name)
    if raw is None:
        return default
    if not raw.strip().isdigit() or int(raw) < 1:
        raise ConfigError(f"CONTEST_{name} must be a whole number of at least 1, not {raw!r}.")
    return int(raw)


def _login_settings() -> dict[str, Any]:
    """How long login sessions last and how fast logins may be tried (README: Sessions and logins)."""
    judge_hours = _env_int("JUDGE_SESSION_HOURS", 24)
    return {
        "SESSION_IDLE_MINUTES": _env_int("SESSION_IDLE_MINUTES", 120),
        "SESSION_MAX_HOURS": _env_int("SESSION_MAX_HOURS", 16),
        "JUDGE_SESSION_HOURS": judge_hours,
        # A judge's cookie is permanent (the tablet's browser may close between performances): it
        # expires with the judge's session instead of Flask's default 31 days.
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=judge_hours),
        "LOGIN_ADDRESS_LIMIT": _env("LOGIN_ADDRESS_LIMIT", "60 per minute"),
    }


def _instance_secret(instance_path: str) -> str:
    """Demo mode keeps a random key in the instance folder so sessions survive a restart."""
    path = os.path.join(instance_path, "secret_key")
    if not os.path.exists(path):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    with open(path, encoding="ascii") as handle:
        return handle.read().strip()


def check_secret_key(config: dict[str, Any]) -> None:
    """Outside demo and test mode a real secret key is mandatory."""
    relaxed = config.get("DEMO") or config.get("TESTING") or config.get("CLI_TOOL")
    if relaxed and not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = INSECURE_KEY
        return
    key = config.get("SECRET_KEY") or ""
    if not relaxed and (len(key) < 16 or key == INSECURE_KEY):
        raise ConfigError(
            "CONTEST_SECRET_KEY must be set to a random value of at least 16 characters "
            "(for example: python -c 'import secrets; print(secrets.token_hex(32))')."
        )
