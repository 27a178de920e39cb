"""Every response carries the security headers, and no page needs an exception to the CSP: no inline
script or style, no inline event handler (issue 10, item 8). Chromium checks the same in
tests/browser/test_csp.py."""

import re

import pytest

from tests.web.test_page_crawl import crawlable

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"=\s*\"javascript:", re.IGNORECASE)


def policy(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    directives = (part.strip().split(None, 1) for part in response.headers["Content-Security-Policy"].split(";"))
    return {name: value for name, value in directives}


def test_pages_forbid_foreign_scripts_styles_and_framing(client, demo_contest):
    response = client.get("/", headers={"Host": "10.0.0.5:8000"})
    csp = policy(response)
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert csp["connect-src"] == "'self' ws://10.0.0.5:8000 wss://10.0.0.5:8000"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_a_strange_host_header_cannot_add_directives(client, demo_contest):
    csp = policy(client.get("/", headers={"Host": "x;script-src *"}))
    assert csp["script-src"] == "'self'" and csp["connect-src"] == "'self'"


@pytest.mark.parametrize("path", ["/judge/login", "/c/ha-noi-2024/overlay", "/login", "/organizer/"])
def test_every_page_has_the_headers(client, demo_contest, path):
    response = client.get(path)
    assert response.status_code in (200, 302)
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # The judge pages keep their stricter policy: login links never leak through the Referer.
    assert response.headers["Referrer-Policy"] == ("no-referrer" if path.startswith("/judge") else "same-origin")


@pytest.mark.parametrize("path", ["/static/js/page.js", "/api/v1/contests", "/c/ha-noi-2024/draw-screen/state"])
def test_files_and_json_are_never_sniffed_nor_framed(client, demo_contest, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_no_page_needs_inline_script_or_style(app, client, login_organizer):
    login_organizer(client)
    offending = {}
    for url in crawlable(app):
        response = client.get(url)
        if response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        found = [pattern.pattern for pattern in (INLINE_SCRIPT, INLINE_STYLE, INLINE_HANDLER, JAVASCRIPT_URL)
                 if pattern.search(html)]
        if found:
            offending[url] = found
    assert offending == {}
