"""For the people running the server: ``/healthz``, ``/metrics``, request timing, JSON access log."""

import hmac
import ipaddress
import json
import logging
import sys
import time
from datetime import UTC, datetime

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from flask_babel import gettext as _

from contest import metrics
from contest.services import health

bp = Blueprint("operations", __name__)
access_log = logging.getLogger("contest.access")


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """200 when every dependency answers, 503 otherwise; load balancers and monitors poll it."""
    database = health.database()
    redis = health.redis(health.redis_urls(current_app.config))
    ok = database.ok and redis.ok
    body = {"status": "ok" if ok else "down",
            "database": {"status": database.status, "detail": database.detail},
            "redis": {"status": redis.status, "detail": redis.detail}}
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if ok else 503


@bp.get("/metrics")
def metrics_view() -> Response | tuple[Response, int]:
    if not _may_read_metrics():
        return jsonify(error="forbidden", message=_("You are not allowed to do this.")), 403
    body, content_type = metrics.exposition()
    return Response(body, content_type=content_type, headers={"Cache-Control": "no-store"})


def _may_read_metrics() -> bool:
    """From the machine itself (a local Prometheus or curl), or with ``Authorization: Bearer <token>``."""
    token = current_app.config.get("METRICS_TOKEN") or ""
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and hmac.compare_digest(given.encode(), token.encode()):
        return True
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


def _start_timer() -> None:
    g.request_started = time.perf_counter()


def _observe(response: Response) -> Response:
    started = g.pop("request_started", None)
    if started is None:
        return response
    seconds = time.perf_counter() - started
    metrics.http_request(request.endpoint, request.method, response.status_code, seconds)
    if current_app.config.get("ACCESS_LOG_JSON"):
        access_log.info(json.dumps({
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "remote_addr": request.remote_addr, "method": request.method, "path": request.path,
            "query": request.query_string.decode("latin-1"), "status": response.status_code,
            "bytes": response.calculate_content_length(), "duration_ms": round(seconds * 1000, 2),
            "endpoint": request.endpoint, "user_agent": request.user_agent.string,
        }, ensure_ascii=False))
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    # First of the before-request functions, so the time includes the others (limits, CSRF, login).
    app.before_request_funcs.setdefault(None, []).insert(0, _start_timer)
    app.after_request(_observe)
    if app.config.get("ACCESS_LOG_JSON"):
        enable_json_access_log()


def enable_json_access_log() -> None:
    """One JSON object per line on standard output (journald, Loki, ... read it as is)."""
    if not access_log.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(message)s"))
        access_log.addHandler(handler)
        access_log.setLevel(logging.INFO)
        access_log.propagate = False
