"""The public portal: contests by body, level and year; a page per organizing body; the tree."""

import re

from sqlalchemy import select

from contest.extensions import db
from contest.models import Body, Contest


def cards(html: str) -> list[str]:
    """Contest titles in page order."""
    return re.findall(r'class="card-title" href="[^"]+">([^<]+)</a>', html)


def test_home_lists_contests_with_their_body_and_vietnamese_filters(client, portal):
    home = client.get("/").get_data(as_text=True)
    assert 'name="body"' in home and 'name="level"' in home and 'name="year"' in home
    assert "Đơn vị tổ chức" in home and "Tất cả các cấp" in home and "Tất cả các năm" in home
    assert '<option value="Phường">Phường</option>' in home
    assert 'href="/bodies/tay-ho">Quận Tây Hồ</a> · Quận' in home
    assert "Cử đội tiêu biểu dự:" in home  # Tây Hồ's contest sends its best team to the city's
    assert len(cards(home)) == 5


def test_filters_narrow_the_list_and_say_how_many(client, portal):
    page = client.get("/?body=tay-ho").get_data(as_text=True)
    assert cards(page) == ["Hội thi phường Quảng An năm 2024", "Hội thi quận Tây Hồ năm 2024"]
    assert "Tìm thấy 2 hội thi" in page and "Bỏ lọc" in page
    assert '<option value="tay-ho" selected>' in page
    page = client.get("/?level=Huyện&year=2023").get_data(as_text=True)
    assert cards(page) == ["Hội thi huyện Đông Anh năm 2023"]
    empty = client.get("/?year=2019").get_data(as_text=True)
    assert cards(empty) == [] and "Không có hội thi nào phù hợp với bộ lọc." in empty


def test_a_body_page_shows_its_parent_children_and_contests_by_year(client, portal):
    page = client.get("/bodies/tay-ho").get_data(as_text=True)
    assert "<h1>Quận Tây Hồ</h1>" in page and "Trực thuộc" in page
    assert 'href="/bodies/ha-noi">Ban Dân vận Thành ủy Hà Nội</a>' in page
    assert cards(page) == ["Hội thi quận Tây Hồ năm 2024"]
    assert "Các đơn vị trực thuộc" in page and page.count('href="/bodies/tay-ho-') == 8
    assert "Phường · 1 hội thi" in page  # Quảng An runs its own contest
    city = client.get("/bodies/ha-noi").get_data(as_text=True)
    assert cards(city) == ["Hội thi thành phố Hà Nội năm 2024", "Hội thi thành phố năm 2023"]
    assert city.index("<h3>2024</h3>") < city.index("<h3>2023</h3>")
    ward = client.get("/bodies/phuc-tho-hat-mon").get_data(as_text=True)
    assert "Đơn vị này chưa tổ chức hội thi nào." in ward and "Các đơn vị trực thuộc" not in ward


def test_the_tree_page_nests_every_body(client, portal):
    page = client.get("/bodies").get_data(as_text=True)
    assert page.count('href="/bodies/') == 61
    assert page.index("Ban Dân vận Thành ủy Hà Nội") < page.index("Quận Tây Hồ") < page.index("Phường Bưởi")


def test_an_unknown_body_is_a_404_page(client, portal):
    response = client.get("/bodies/khong-co")
    assert response.status_code == 404 and "Trang này không tồn tại." in response.get_data(as_text=True)


def test_body_names_are_escaped(app, client, portal):
    with app.app_context():
        db.session.get(Body, portal.bodies["tay-ho"]).name = "<script>alert(1)</script>"
        db.session.commit()
    for url in ("/", "/bodies", "/bodies/tay-ho", "/bodies/tay-ho-buoi"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page, url


def test_english_on_request(client, portal):
    page = client.get("/bodies/tay-ho?lang=en").get_data(as_text=True)
    assert "Bodies under it" in page and "Its contests" in page


def test_the_body_filter_offers_the_city_and_its_units_and_a_chosen_ward(client, portal):
    home = client.get("/").get_data(as_text=True)
    assert home.count('<option value="') - home.count('<option value="">') == 36 + 8 + 2  # bodies, levels, years
    assert 'value="tay-ho-quang-an"' not in home  # wards are chosen from their district's page
    chosen = client.get("/?body=tay-ho-quang-an").get_data(as_text=True)
    assert '<option value="tay-ho-quang-an" selected>' in chosen
    assert cards(chosen) == ["Hội thi phường Quảng An năm 2024"]


def test_a_long_list_is_paged_and_the_pages_keep_the_filters(client, portal, monkeypatch):
    monkeypatch.setattr("contest.services.portal.PER_PAGE", 2)
    first = client.get("/?body=ha-noi").get_data(as_text=True)
    assert cards(first) == ["Hội thi phường Quảng An năm 2024", "Hội thi quận Tây Hồ năm 2024"]
    assert 'href="/?page=2&amp;body=ha-noi"' in first and 'href="/?page=3&amp;body=ha-noi"' in first
    assert "Tìm thấy 5 hội thi" in first
    last = client.get("/?body=ha-noi&page=99").get_data(as_text=True)
    assert cards(last) == ["Hội thi thành phố năm 2023"] and '<span aria-current="page">3</span>' in last


def test_an_unlisted_contest_is_off_the_portal_s_lists_but_opens_from_its_address(app, client, portal):
    with app.app_context():
        db.session.scalar(select(Contest).filter_by(slug="ha-noi-2024")).listed = False
        db.session.scalar(select(Contest).filter_by(slug="dong-anh-2023")).listed = False  # 2023 keeps the city's
        db.session.commit()
    home = client.get("/").get_data(as_text=True)
    assert "Hội thi thành phố Hà Nội năm 2024" not in cards(home) and len(cards(home)) == 3
    assert "Cử đội tiêu biểu dự:" not in home  # Tây Hồ's card does not name the unlisted city contest
    city = client.get("/bodies/ha-noi").get_data(as_text=True)
    assert cards(city) == ["Hội thi thành phố năm 2023"]
    assert "Quận · 1 hội thi" in city and "Huyện · 1 hội thi" not in city  # Đông Anh's only one is unlisted
    listed = [c["slug"] for c in client.get("/api/v1/contests").get_json()["contests"]]
    assert "ha-noi-2024" not in listed and "dong-anh-2023" not in listed and "tay-ho-2024" in listed
    tay_ho = next(c for c in client.get("/api/v1/contests").get_json()["contests"] if c["slug"] == "tay-ho-2024")
    assert tay_ho["feeds"] is None
    assert client.get("/c/ha-noi-2024").status_code == 200  # its own pages: by address, as before
    assert client.get("/api/v1/contests/ha-noi-2024").status_code == 200
