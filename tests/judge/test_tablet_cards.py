"""The organizer prints one PDF page of login cards per panel; Vietnamese names come out intact."""

import io
import re
import unicodedata

from pypdf import PdfReader
from sqlalchemy import select, update

from contest.extensions import db
from contest.models import Cluster, Judge
from tests.conftest import csrf_token_from
from tests.judge.tablet_support import audit_actions, pin_login

CLUSTER_1_JUDGES = ["TS. Phạm Đức Thảo", "Hoàng Minh Mai", "Vũ Phương Lan", "Đặng Thanh Tuấn", "Bùi Thu Sơn"]


def print_cards(app, client, slug: str, cluster_name: str):  # type: ignore[no-untyped-def]
    with app.app_context():
        cluster = db.session.scalar(select(Cluster).filter_by(name=cluster_name))
        path = f"/judge/access/{slug}/cards/{cluster.round_id}/{cluster.id}"
    token = csrf_token_from(client.get(f"/judge/access/{slug}").get_data(as_text=True))
    return client.post(path, data={"csrf_token": token})


def test_cards_pdf_has_one_page_per_panel_with_names_codes_and_pins(app, client, demo_contest, login_organizer):
    login_organizer(client)
    response = print_cards(app, client, demo_contest.slug, "Cụm 1")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for name in CLUSTER_1_JUDGES:
        assert name in text
    assert "Vòng sơ khảo · Cụm 1" in text and "Mã giám khảo" in text
    assert len(reader.pages[0].images) == 5  # one QR code per card
    # The PIN printed on a card logs that judge in.
    pins = {code: a + b for code, a, b in re.findall(r"(GK1\d)\s*Mã PIN\s*(\d{3}) ?(\d{3})", text)}
    assert sorted(pins) == ["GK11", "GK12", "GK13", "GK14", "GK15"]
    assert pin_login(app.test_client(), "GK13", pins["GK13"], demo_contest.contest_id).status_code == 302
    assert any(action == "judge.cards_issued" for action, _ in audit_actions(app))


def test_printing_cards_replaces_the_old_qr_links(app, client, demo_contest, login_organizer):
    login_organizer(client)
    print_cards(app, client, demo_contest.slug, "Cụm 1")
    assert app.test_client().get(f"/judge/login/{demo_contest.judge_tokens['GK12']}").status_code == 410
    # Other panels keep their cards.
    assert app.test_client().get(f"/judge/login/{demo_contest.judge_tokens['GK22']}").status_code == 302


def test_decomposed_names_print_composed(app, client, demo_contest, login_organizer):
    """A name pasted from Excel in NFD must not come out with tone marks beside the letters."""
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    with app.app_context():
        db.session.execute(update(Judge).filter_by(code="GK15").values(name=decomposed))
        db.session.commit()
    login_organizer(client)
    text = PdfReader(io.BytesIO(print_cards(app, client, demo_contest.slug, "Cụm 1").data)).pages[0].extract_text()
    assert "Nguyễn Thị Ánh Tuyết" in text
    assert decomposed not in text


def test_judges_and_visitors_cannot_print_cards(app, client, demo_contest):
    client.get(f"/judge/login/{demo_contest.judge_tokens['GK12']}")
    assert client.get(f"/judge/access/{demo_contest.slug}").status_code == 403
    anonymous = app.test_client().get(f"/judge/access/{demo_contest.slug}")
    assert anonymous.status_code == 302
