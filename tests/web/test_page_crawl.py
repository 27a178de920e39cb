"""Every page an organizer can reach for the demo contest opens without an error."""

SKIP = {"auth.logout", "judge.logout", "static"}
# Refusals that are the right answer for an organizer on an unpublished contest.
EXPECTED = {
    "/c/ha-noi-2024/results": 404,  # not published yet
    "/c/ha-noi-2024/results/print": 404,
    "/c/ha-noi-2024/rounds/so-khao/movement.svg": 404,  # no team scored yet: no picture
    "/api/v1/contests/ha-noi-2024/results": 404,  # not published yet
    "/api/v1/contests/ha-noi-2024/results.csv": 404,
    "/judge/": 403,  # an organizer is not a judge
    "/judge/api/state": 403,
    "/results/ha-noi-2024/so-khao/bien-ban.pdf": 404,  # needs ?cluster=<id>|all
    "/results/ha-noi-2024/so-khao/phieu-cham.pdf": 404,
}
VALUES = {"slug": "ha-noi-2024", "round_slug": "so-khao", "kind": "team", "ext": "csv", "body_slug": "ha-noi"}

def crawlable(app) -> list[str]:
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint in SKIP or "GET" not in rule.methods or not set(rule.arguments) <= set(VALUES):
                continue
            urls.append(rule.build({k: VALUES[k] for k in rule.arguments})[1])
    return sorted(urls)

def test_every_parameter_free_page_opens_for_the_organizer(app, client, login_organizer):
    login_organizer(client)
    failures = {}
    urls = crawlable(app)
    assert len(urls) > 30
    for url in urls:
        response = client.get(url)
        if response.status_code >= 400:
            failures[url] = response.status_code
    assert failures == EXPECTED
