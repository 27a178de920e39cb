"""Error pages in the user's language, JSON errors for the API; a domain ``NotFound`` is a 404."""

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import NotFound as HTTPNotFound

from contest.domain.errors import NotFound


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    # The services' not-found (``services.lookup.scoped``) is the one way a missing row becomes a 404.
    app.register_error_handler(NotFound, lambda _error: _http_error(HTTPNotFound()))


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.is_json


def _csrf_error(error: CSRFError):  # type: ignore[no-untyped-def]
    message = _("Your session has expired or the form is out of date. Please reload the page and try again.")
    if _wants_json():
        return jsonify(error="csrf", message=message), 400
    return render_template("error.html", code=400, message=message), 400


def _http_error(error: HTTPException):  # type: ignore[no-untyped-def]
    messages = {
        403: _("You are not allowed to do this."),
        404: _("This page does not exist."),
        405: _("This action is not allowed here."),
        413: _("The file is larger than %(max)s MB, the most the server accepts.",
               max=current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)),
        429: _("Too many attempts. Please wait a moment and try again."),
    }
    message = messages.get(error.code or 500, error.description)
    if _wants_json():
        return jsonify(error=error.name, message=message), error.code
    return render_template("error.html", code=error.code, message=message), error.code
