"""Phone pages on slow Wi-Fi: compressed answers, static files under content-hashed URLs cached for a
year, HTML never cached, Socket.IO left alone."""

import re

import brotli


def test_pages_are_compressed_and_never_cached(client, demo_contest):
    page = client.get("/c/ha-noi-2024/live", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert page.status_code == 200
    assert page.headers["Content-Encoding"] == "br"
    assert page.headers["Cache-Control"] == "no-cache"
    assert "Accept-Encoding" in page.headers["Vary"]
    html = brotli.decompress(page.data).decode()
    assert "<h1>" in html and len(page.data) < len(html.encode()) / 2
    gzip_page = client.get("/c/ha-noi-2024/live", headers={"Accept-Encoding": "gzip"})
    assert gzip_page.headers["Content-Encoding"] == "gzip"


def test_static_files_have_hashed_urls_cached_for_a_year(client, demo_contest):
    html = client.get("/c/ha-noi-2024/live").get_data(as_text=True)
    urls = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert urls and all(re.search(r"\?v=[0-9a-f]{12}$", u) for u in urls), urls
    for url in urls:
        response = client.get(url, headers={"Accept-Encoding": "br"})
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable", url
    script = next(u for u in urls if u.endswith(".js") or ".js?" in u)
    assert client.get(script, headers={"Accept-Encoding": "br"}).headers["Content-Encoding"] == "br"
    unversioned = client.get(urls[0].split("?")[0])
    assert unversioned.headers["Cache-Control"] == "no-cache"
    stale = client.get(urls[0].split("?")[0] + "?v=000000000000")
    assert stale.headers["Cache-Control"] == "no-cache"


def test_the_feed_is_compressed_and_still_answers_304(client, demo_contest):
    url = "/api/v1/contests/ha-noi-2024/rounds/so-khao/standings"
    first = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip" and first.headers["Cache-Control"] == "public, max-age=1"
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_socket_io_is_not_compressed(client, demo_contest):
    handshake = client.get("/socket.io/?EIO=4&transport=polling&contest=ha-noi-2024",
                           headers={"Accept-Encoding": "gzip, br"})
    assert handshake.status_code == 200
    assert "Content-Encoding" not in handshake.headers
    assert handshake.data.startswith(b"0{")
