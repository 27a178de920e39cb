def test_contest_list(client, demo_contest):
    body = client.get("/api/v1/contests").get_json()
    assert [c["slug"] for c in body["contests"]] == ["ha-noi-2024"]
    assert body["contests"][0]["organizer_body"] == "Ban Dân vận Thành ủy Hà Nội"


def test_contest_detail_has_rounds_parts_and_clusters_with_teams(client, demo_contest):
    body = client.get("/api/v1/contests/ha-noi-2024").get_json()
    preliminary, final = body["rounds"]
    assert (preliminary["kind"], final["kind"]) == ("preliminary", "final")
    assert [p["code"] for p in preliminary["parts"]] == ["greeting", "knowledge", "situation", "skit"]
    assert preliminary["parts"][0]["max_points"] == "20.00"
    assert preliminary["parts"][0]["step"] == "0.25"
    sizes = [len(c["teams"]) for c in preliminary["clusters"]]
    assert sum(sizes) == 35 and len(sizes) == 6
    names = {t["name"] for c in preliminary["clusters"] for t in c["teams"]}
    for finalist in ("Quận Tây Hồ", "Huyện Đông Anh", "Huyện Phúc Thọ", "Huyện Phú Xuyên", "Quận Đống Đa",
                     "Công an Thành phố Hà Nội"):
        assert finalist in names
    assert body["rules"]["tie_break"] == ["skit", "situation"]


def test_unknown_contest_is_a_json_404(client, demo_contest):
    response = client.get("/api/v1/contests/khong-co")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"
    assert response.get_json()["message"] == "Trang này không tồn tại."
