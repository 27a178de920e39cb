"""Is the server able to do its job: the database answers, Redis (when configured) answers."""

from dataclasses import dataclass

from sqlalchemy import text

from contest.extensions import db

REDIS_TIMEOUT_S = 1.0


@dataclass(frozen=True)
class Check:
    status: str  # "ok", "down" or "not_configured"
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status != "down"


def database() -> Check:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # any driver error means "down"; the reason is shown to the operator
        db.session.rollback()
        return Check("down", type(error).__name__)
    db.session.rollback()
    return Check("ok", db.engine.dialect.name)


def redis_urls(config: dict) -> list[str]:
    """Every Redis the app was configured to use (message queue, rate-limit counters)."""
    urls = [config.get("SOCKETIO_MESSAGE_QUEUE"), config.get("RATELIMIT_STORAGE_URI")]
    return sorted({u for u in urls if isinstance(u, str) and u.startswith(("redis://", "rediss://"))})


def redis(urls: list[str]) -> Check:
    if not urls:
        return Check("not_configured")
    import redis as redis_client  # the [redis] extra: only needed when Redis is configured

    for url in urls:
        client = redis_client.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT_S,
                                             socket_connect_timeout=REDIS_TIMEOUT_S)
        try:
            client.ping()
        except Exception as error:  # connection refused, timeout, auth...: all mean "down"
            return Check("down", type(error).__name__)
        finally:
            client.close()
    return Check("ok")
