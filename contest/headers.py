"""Security headers on every response: what a page may load, who may frame it, what it may leak.

The Content-Security-Policy allows only the app's own files: no inline script or style, no
other origin. Page data travels in ``<script type="application/json">`` blocks, which are not
executed, so they need no exception. Sockets go back to the host the page came from.
"""

import re

from flask import Flask, Response, request

STATIC_POLICY = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    # The TV overlay is a browser source in the streaming software, never a frame.
    "frame-ancestors 'none'",
)


# A host name, an IPv4 or bracketed IPv6 address, and a port: nothing that could end a directive.
_PLAIN_HOST = re.compile(r"[A-Za-z0-9.\-\[\]:]{1,260}")


def content_security_policy(host: str) -> str:
    # 'self' covers ws:// and wss:// to the same host only in CSP level 3 browsers: name them.
    connect = "connect-src 'self'"
    if _PLAIN_HOST.fullmatch(host):
        connect += f" ws://{host} wss://{host}"
    return "; ".join((*STATIC_POLICY, connect))


def init_app(app: Flask) -> None:
    app.after_request(_add_headers)


def _add_headers(response: Response) -> Response:
    headers = response.headers
    if response.mimetype == "text/html":
        # Pages only: a policy on a PDF can stop the browser's own viewer from showing it inline.
        headers.setdefault("Content-Security-Policy", content_security_policy(request.host))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # Blueprints may be stricter (the judge pages send no Referer at all).
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")  # frame-ancestors for browsers older than CSP 2
    return response
