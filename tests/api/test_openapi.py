"""The OpenAPI document of /api/v1: valid OpenAPI 3.1, covering every route, and true of the demo's
real answers (each checked against its schema, whose objects are closed: an undocumented field fails)."""

from collections.abc import Iterator

import pytest
from flask import Flask
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from sqlalchemy import select

from contest.extensions import db
from contest.models import Contest, Round, User
from contest.services import archive_demo, demo, demo_districts
from contest.services import draw as draws
from tests.conftest import make_app

ARCHIVE = "ha-noi-noi-thanh-2023"


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory) -> Iterator[Flask]:
    folder = tmp_path_factory.mktemp("openapi")
    app = make_app(f"sqlite:///{folder / 'c.db'}", str(folder / "instance"))
    with app.app_context():
        db.create_all()
        demo.load_demo()
        db.session.commit()
        archive_demo.load_archive()  # scored and published: feeds with totals and cards, results
        db.session.commit()
        city = db.session.scalar(select(Contest).filter_by(slug="ha-noi-2024"))
        demo_districts.load_district_contests(city)  # contests that feed another: "feeds" is a slug
        organizer = db.session.scalar(select(User).filter_by(username="bantochuc"))
        prelim = db.session.scalar(select(Round).filter_by(slug="so-khao", contest_id=1))
        draws.preview_running_order(organizer, prelim, "27")
        db.session.commit()
    yield app


@pytest.fixture(scope="module")
def spec(demo_app: Flask) -> dict:
    return demo_app.test_client().get("/api/v1/openapi.json").get_json()


def test_the_document_is_valid_openapi_3_1(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.1")


def test_every_api_route_is_described(demo_app, spec):
    routes = {rule.rule.removeprefix("/api/v1").replace("<", "{").replace(">", "}").replace("int:", "")
              for rule in demo_app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")}
    assert routes == set(spec["paths"])


def check(spec: dict, path: str, url: str, client, status: int = 200) -> object:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    answer = spec["paths"][path]["get"]["responses"][str(status)]
    schema = answer["content"]["application/json"]["schema"]
    Draft202012Validator({**schema, "components": spec["components"]}).validate(response.get_json())
    return response.get_json()


def test_real_answers_of_the_demo_match_their_schemas(demo_app, spec):
    client = demo_app.test_client()
    contests = check(spec, "/contests", "/api/v1/contests", client)["contests"]
    for contest in contests:
        slug = contest["slug"]
        detail = check(spec, "/contests/{slug}", f"/api/v1/contests/{slug}", client)
        check(spec, "/contests/{slug}/show", f"/api/v1/contests/{slug}/show", client)
        listed = check(spec, "/contests/{slug}/draws", f"/api/v1/contests/{slug}/draws", client)["draws"]
        for record in listed:
            check(spec, "/contests/{slug}/draws/{draw_id}", f"/api/v1/contests/{slug}/draws/{record['id']}", client)
        for rnd in detail["rounds"]:
            base = f"/api/v1/contests/{slug}/rounds/{rnd['slug']}"
            check(spec, "/contests/{slug}/rounds/{round_slug}/standings", base + "/standings", client)
            check(spec, "/contests/{slug}/rounds/{round_slug}/card", base + "/card", client)
        if contest["published"]:
            results = check(spec, "/contests/{slug}/results", f"/api/v1/contests/{slug}/results", client)
            assert results["rounds"][0]["scopes"][0]["placings"][0]["total"].count(".") == 1
        else:
            error = check(spec, "/contests/{slug}/results", f"/api/v1/contests/{slug}/results", client, 404)
            assert error["error"] == "not_published"
    assert any(c["published"] for c in contests) and any(not c["published"] for c in contests)
    # The archive's feed carries real totals and a performance card: their shapes are checked too.
    feed = client.get(f"/api/v1/contests/{ARCHIVE}/rounds/so-khao/standings").get_json()
    assert feed["t"] and feed["card"] is not None
    check(spec, "/contests/{slug}", "/api/v1/contests/khong-co", client, 404)


def test_the_document_explains_every_field_of_the_compact_feed(spec):
    feed = spec["components"]["schemas"]["StandingsFeed"]["properties"]
    for key in ("v", "now", "r", "m", "h", "i", "t", "k", "c", "s", "cd", "z", "x", "rs", "rc", "ls"):
        assert len(feed[key]["description"]) > 20, key


def test_bodies_answers_match_their_schemas(demo_app, spec):
    client = demo_app.test_client()
    tree = check(spec, "/bodies", "/api/v1/bodies", client)["bodies"]
    assert [b["slug"] for b in tree] == ["ha-noi"]
    nested = [tree[0]]
    while nested:
        node = nested.pop()
        nested.extend(node["children"])
        check(spec, "/bodies/{body_slug}", f"/api/v1/bodies/{node['slug']}", client)
    check(spec, "/bodies/{body_slug}", "/api/v1/bodies/khong-co", client, 404)
    contests = {c["slug"]: c for c in check(spec, "/contests", "/api/v1/contests", client)["contests"]}
    assert contests["tay-ho-2024"]["feeds"] == "ha-noi-2024" and contests["ha-noi-2024"]["feeds"] is None
    assert contests["ha-noi-2024"]["body"] == {"slug": "ha-noi", "name": "Ban Dân vận Thành ủy Hà Nội",
                                               "level": "Thành phố"}
    detail = check(spec, "/contests/{slug}", "/api/v1/contests/tay-ho-2024", client)
    assert detail["body"]["slug"] == "tay-ho" and detail["feeds"] == "ha-noi-2024"
