"""Configuration: safe defaults, overridden by ``CONTEST_*`` environment variables."""

import os
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy.engine import URL

from contest import _boot
from contest.domain.upload_limits import UploadLimits
from contest.instance import DATABASE_FILE

INSECURE_KEY = "insecure-demo-key-change-me"


class ConfigError(RuntimeError):
    """The app refuses to start with this configuration."""


def _env(name: str, default: Any = None) -> Any:
    return os.environ.get(f"CONTEST_{name}", default)


def _number(name: str, default: float) -> float:
    raw = _env(name)
    try:
        value = float(raw) if raw not in (None, "") else default
    except ValueError:
        raise ConfigError(f"CONTEST_{name} must be a number (got {raw!r}).") from None
    if value < 0:
        raise ConfigError(f"CONTEST_{name} must not be negative (got {raw!r}).")
    return value


def build_config(instance_path: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the config mapping for one app instance."""
    overrides = overrides or {}
    # Built, not formatted: a folder name with "%" or "?" (allowed on Windows and Linux) stays intact.
    db_url = _env("DATABASE_URL") or URL.create("sqlite", database=os.path.join(instance_path, DATABASE_FILE)
                                                ).render_as_string()
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
        # The serving command's --host (set by `contest demo/serve/run`): links use the LAN address
        # only when the hall can reach this server (see contest.network).
        "LISTEN_HOST": None,
        "UPLOAD_LIMITS": upload_limits(),
        # Addresses of the reverse proxies whose X-Forwarded-For is believed (contest.proxies).
        "TRUSTED_PROXIES": _env("TRUSTED_PROXIES", ""),
        "METRICS_TOKEN": _env("METRICS_TOKEN"),
        "ACCESS_LOG_JSON": _env("ACCESS_LOG_JSON") == "1",
        # Backups from the results desk and every N minutes (0: only the button), keeping the newest K.
        "BACKUP_DIR": _env("BACKUP_DIR"),
        "BACKUP_EVERY_MINUTES": int(_env("BACKUP_EVERY_MINUTES", "0") or 0),
        "BACKUP_KEEP": int(_env("BACKUP_KEEP", "10") or 10),
        # Server limits (contest.connections, contest.realtime): seconds a client has to send its
        # request headers; seconds an idle kept-alive connection stays open; public sockets one
        # process accepts (0: its open-file limit minus STAFF_RESERVE descriptors kept for staff).
        "HEADER_TIMEOUT": _number("HEADER_TIMEOUT", 5.0),
        "KEEPALIVE_TIMEOUT": _number("KEEPALIVE_TIMEOUT", 60.0),
        "PUBLIC_SOCKET_LIMIT": int(_number("PUBLIC_SOCKET_LIMIT", 0)),
        "STAFF_RESERVE": int(_number("STAFF_RESERVE", 1000)),
        # The serving process prints every garbage collection that takes this long or longer (ms).
        "GC_PAUSE_LOG_MS": _number("GC_PAUSE_LOG_MS", 50.0),
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


DEFAULT_UPLOAD_LIMITS = UploadLimits()

# CONTEST_UPLOAD_* variable -> field of UploadLimits (README, "Security" -> "Uploads").
UPLOAD_SETTINGS = {
    "UPLOAD_MAX_MB": "unpacked_mb",
    "UPLOAD_MAX_RATIO": "ratio",
    "UPLOAD_MAX_ROWS": "rows",
    "UPLOAD_MAX_COLUMNS": "columns",
    "UPLOAD_MAX_CELL_CHARS": "cell_chars",
    "UPLOAD_MAX_IMAGE_MEGAPIXELS": "image_megapixels",
    "UPLOAD_SECONDS": "seconds",
}


def upload_limits() -> UploadLimits:
    """The defaults suit a team list; each can be raised (or lowered) by its variable."""
    return UploadLimits(**{name: _env_int(variable, getattr(DEFAULT_UPLOAD_LIMITS, name))
                           for variable, name in UPLOAD_SETTINGS.items()})


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
