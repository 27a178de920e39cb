"""Error pages in the user's language; JSON errors of one shape for the API; a domain ``NotFound`` is a 404.

Every JSON error is ``{"error": "<code>", "message": "<sentence in the reader's language>"}``
(a few add fields, e.g. ``fields`` or ``locked_at``): the code is stable for programs, the
message is for people. The 500 included, and its HTML page is in Vietnamese by default.
"""

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.exceptions import NotFound as HTTPNotFound

from contest.domain.errors import NotFound

# HTTP status -> the stable error code of the JSON body.
CODES = {
    400: "bad_request", 401: "login_required", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    406: "not_acceptable", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
    422: "invalid", 429: "rate_limited", 500: "internal_error", 503: "unavailable",
}


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    # Anything unexpected (Flask logs it and hands over a 500): the same shape, never a stack trace.
    app.register_error_handler(InternalServerError, _server_error)
    # The services' not-found (``services.lookup.scoped``) is the one way a missing row becomes a 404.
    app.register_error_handler(NotFound, lambda _error: _http_error(HTTPNotFound()))


def wants_json() -> bool:
    return request.path.startswith(("/api/", "/judge/api/", "/metrics", "/healthz")) or request.is_json


def error_code(status: int) -> str:
    return CODES.get(status, "bad_request" if status < 500 else "internal_error")


def _csrf_error(error: CSRFError):  # type: ignore[no-untyped-def]
    message = _("Your session has expired or the form is out of date. Please reload the page and try again.")
    if wants_json():
        return jsonify(error="csrf", message=message), 400
    return render_template("error.html", code=400, message=message), 400


def _http_error(error: HTTPException):  # type: ignore[no-untyped-def]
    status = error.code or 500
    messages = {
        400: _("The request is not valid."),
        403: _("You are not allowed to do this."),
        404: _("This page does not exist."),
        405: _("This action is not allowed here."),
        413: _("The file is larger than %(max)s MB, the most the server accepts.",
               max=current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)),
        429: _("Too many attempts. Please wait a moment and try again."),
        500: _("The server ran into an error. Please try again in a moment; the organizers have been told."),
    }
    # A refusal that says why (e.g. the staff guard's "view only") wins over the generic sentence.
    message = getattr(error, "refusal", None) or messages.get(status, error.description)
    if wants_json():
        return jsonify(error=error_code(status), message=message), status
    return render_template("error.html", code=status, message=message), status


def _server_error(error: InternalServerError):  # type: ignore[no-untyped-def]
    try:
        return _http_error(error)
    except Exception:  # the error page itself failed (database gone...): a page that needs nothing
        return (_BARE_500, 500, {"Content-Type": "text/html; charset=utf-8"})


_BARE_500 = ("<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>500</title>"
             "<h1>Đã có lỗi xảy ra (500)</h1><p>Máy chủ gặp sự cố. Vui lòng thử lại sau giây lát.</p></html>")
