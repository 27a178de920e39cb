"""What browsers keep, and what travels compressed, so phones on the hall's Wi-Fi load fast.

* Static files are linked under content-hashed URLs (``/static/css/app.css?v=<hash>``, made by
  ``url_for('static', ...)`` everywhere): such a URL never changes content, so it is cached for a
  year, ``immutable`` (a second visit makes no request for it). A static URL without the current
  hash is answered ``no-cache`` (an old page asking for a file that has since changed).
* HTML is never cached (``no-cache``): a page always shows the current state.
* The public screens carry their favicon inside the page (a data: URL): Chromium asks for a
  linked favicon again on every visit, whatever its cache headers say.
* Responses are compressed (brotli or gzip, Flask-Compress) by the app itself: a hall laptop serves
  without nginx. Socket.IO traffic does not go through Flask's responses and is left alone.
"""

import hashlib
import os
from urllib.parse import quote

from flask import Flask, Response, current_app, request
from flask_compress import Compress

YEAR = 365 * 24 * 3600
IMMUTABLE = f"public, max-age={YEAR}, immutable"
compress = Compress()

COMPRESS_CONFIG = {
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_ALGORITHM_STREAMING": ["br", "deflate"],
    "COMPRESS_MIMETYPES": ["text/html", "text/css", "text/plain", "text/csv", "text/javascript",
                           "application/javascript", "application/json", "image/svg+xml"],
    "COMPRESS_BR_LEVEL": 5,
}


def file_hash(app: Flask, filename: str) -> str | None:
    """First 12 hex digits of the file's SHA-256, remembered per (file, modification time)."""
    path = os.path.join(app.static_folder or "", filename)
    try:
        mtime = os.stat(path).st_mtime_ns
    except OSError:
        return None
    known: dict[str, tuple[int, str]] = app.extensions.setdefault("static_hashes", {})
    cached = known.get(filename)
    if cached is None or cached[0] != mtime:
        with open(path, "rb") as handle:
            cached = (mtime, hashlib.sha256(handle.read()).hexdigest()[:12])
        known[filename] = cached
    return cached[1]


def inline_static(filename: str, mimetype: str) -> str:
    """A small static file as a ``data:`` URL (read once per process)."""
    known: dict[str, str] = current_app.extensions.setdefault("inline_static", {})
    if filename not in known:
        with open(os.path.join(current_app.static_folder or "", filename), encoding="utf-8") as handle:
            known[filename] = f"data:{mimetype},{quote(handle.read().strip())}"
    return known[filename]


def _hashed_static_url(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values and "v" not in values:
        digest = file_hash(current_app, values["filename"])
        if digest:
            values["v"] = digest


def _cache_headers(response: Response) -> Response:
    if request.endpoint == "static":
        filename = (request.view_args or {}).get("filename", "")
        fresh = response.status_code == 200 and request.args.get("v") == file_hash(current_app, filename)
        response.headers["Cache-Control"] = IMMUTABLE if fresh else "no-cache"
    elif response.mimetype == "text/html":
        # A page that chose stricter (no-store: judges' tablets) keeps its own.
        response.headers.setdefault("Cache-Control", "no-cache")
    return response


def init_app(app: Flask) -> None:
    for key, value in COMPRESS_CONFIG.items():
        app.config.setdefault(key, value)
    app.url_defaults(_hashed_static_url)
    app.jinja_env.globals["inline_static"] = inline_static
    app.after_request(_cache_headers)
    compress.init_app(app)
