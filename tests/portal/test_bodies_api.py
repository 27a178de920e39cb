"""The public API of organizing bodies: the tree, one body, and each contest's body and next level."""

import pytest


def test_the_tree_nests_every_body_under_its_parent_in_order(client, portal):
    tree = client.get("/api/v1/bodies").get_json()["bodies"]
    assert [b["slug"] for b in tree] == ["ha-noi"]
    city = tree[0]
    assert (city["name"], city["level"]) == ("Ban Dân vận Thành ủy Hà Nội", "Thành phố")
    units = city["children"]
    assert len(units) == 35  # 12 quận, 17 huyện, thị xã Sơn Tây, 5 city-level units
    levels = [u["level"] for u in units]
    assert (levels.count("Quận"), levels.count("Huyện"), levels.count("Thị xã")) == (12, 17, 1)
    assert units[0]["name"] == "Quận Ba Đình" and units[-1]["level"] == "Đơn vị trực thuộc Thành phố"
    tay_ho = next(u for u in units if u["slug"] == "tay-ho")
    assert [w["name"] for w in tay_ho["children"]][:2] == ["Phường Bưởi", "Phường Thụy Khuê"]
    assert all(w["children"] == [] for w in tay_ho["children"])


def test_a_body_has_its_parent_children_and_own_contests_newest_first(client, portal):
    body = client.get("/api/v1/bodies/tay-ho").get_json()
    assert body["name"] == "Quận Tây Hồ" and body["level"] == "Quận"
    assert body["parent"] == {"slug": "ha-noi", "name": "Ban Dân vận Thành ủy Hà Nội", "level": "Thành phố"}
    assert len(body["children"]) == 8 and body["children"][5]["slug"] == "tay-ho-quang-an"
    # Its own contests only: the ward's contest belongs to the ward.
    assert [c["slug"] for c in body["contests"]] == ["tay-ho-2024"]
    assert body["contests"][0]["feeds"] == "ha-noi-2024"
    city = client.get("/api/v1/bodies/ha-noi").get_json()
    assert city["parent"] is None and [c["slug"] for c in city["contests"]] == ["ha-noi-2024", "ha-noi-2023"]


def test_an_unknown_body_is_a_json_404(client, portal):
    response = client.get("/api/v1/bodies/khong-co")
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_every_contest_carries_its_body_and_the_contest_it_feeds(client, portal):
    contests = {c["slug"]: c for c in client.get("/api/v1/contests").get_json()["contests"]}
    assert contests["tay-ho-2024"]["body"] == {"slug": "tay-ho", "name": "Quận Tây Hồ", "level": "Quận"}
    assert contests["tay-ho-2024"]["feeds"] == "ha-noi-2024"
    assert contests["ha-noi-2024"]["feeds"] is None
    detail = client.get("/api/v1/contests/tay-ho-2024").get_json()
    assert detail["body"]["slug"] == "tay-ho" and detail["feeds"] == "ha-noi-2024"


# Newest year first, then by name: "Hội thi phường…" < "Hội thi quận…" < "Hội thi thành phố…".
EVERY = ["quang-an-2024", "tay-ho-2024", "ha-noi-2024", "dong-anh-2023", "ha-noi-2023"]


@pytest.mark.parametrize(("query", "slugs"), [
    pytest.param("", EVERY, id="all"),
    pytest.param("body=tay-ho", ["quang-an-2024", "tay-ho-2024"], id="body-and-below"),
    pytest.param("body=ha-noi&year=2023", ["dong-anh-2023", "ha-noi-2023"], id="body-and-year"),
    pytest.param("level=Quận", ["tay-ho-2024"], id="level"),
    pytest.param("level=Huyện&year=2024", [], id="level-and-year-none"),
    pytest.param("year=20x4", EVERY, id="year-not-a-number-ignored"),
    pytest.param("body=khong-co", [], id="unknown-body"),
])
def test_contests_filtered_by_body_level_and_year(client, portal, query, slugs):
    answer = client.get(f"/api/v1/contests?{query}")
    assert answer.status_code == 200
    assert [c["slug"] for c in answer.get_json()["contests"]] == slugs
