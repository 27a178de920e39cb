"""The tablet page hands its script translated words and its stage; nothing to download from elsewhere."""

import json

import pytest


def tablet_config(html: str) -> dict:
    start = html.index('id="tablet-config">') + len('id="tablet-config">')
    return json.loads(html[start:html.index("</script>", start)])


@pytest.mark.parametrize(("lang", "received", "decimal"), [
    pytest.param("vi", "Máy chủ đã nhận (#{id})", ",", id="vietnamese"),
    pytest.param("en", "Received by the server (#{id})", ".", id="english"),
])
def test_tablet_page_passes_translated_words_and_the_judges_stage(client, demo_contest, lang, received, decimal):
    client.get(f"/judge/login/{demo_contest.judge_tokens['GK12']}")
    html = client.get(f"/judge/?lang={lang}").get_data(as_text=True)
    config = tablet_config(html)
    assert config["texts"]["state_received"] == received
    assert config["texts"]["decimal"] == decimal
    assert config["judge"]["code"] == "GK12" and config["judge"]["round"] == "so-khao"
    assert config["judge"]["cluster_id"] is not None
    assert config["urls"] == {"state": "/judge/api/state", "sheets": "/judge/api/sheets",
                              "login": "/judge/login", "socket": "/socket.io"}
    for asset in ("vendor/socket.io-4.8.4.min.js", "js/judge-points.js", "js/judge-outbox.js",
                  "js/judge-tablet.js", "css/judge.css"):
        assert f"/static/{asset}" in html
        assert client.get(f"/static/{asset}").status_code == 200


def test_judge_pages_are_not_cached_and_leak_no_referrer(client, demo_contest):
    response = client.get(f"/judge/login/{demo_contest.judge_tokens['GK12']}")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
