"""Links and QR codes the hall's tablets and phones can open: the laptop's LAN address when the
server listens on every interface (``--host 0.0.0.0``), never ``http://0.0.0.0``; the configured
``CONTEST_PUBLIC_BASE_URL`` before anything else. Finding the address sends no packet."""

import re
import socket

import pytest

from contest.cli import main
from contest.extensions import db
from contest.models import Judge
from contest.network import lan_address, reachable_base_url
from tests.conftest import csrf_token_from

LINK = re.compile(r"(http://\S+)/judge/login/\S+")


@pytest.fixture
def database_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    """Addresses do not depend on the database: SQLite only (overrides the root fixture)."""
    return f"sqlite:///{tmp_path / 'contest.db'}"


@pytest.fixture
def lan() -> str:
    address = lan_address()
    if address is None:
        pytest.skip("this machine has no network interface besides loopback")
    # It is one of this machine's own addresses (only those can be bound), and not loopback.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as own:
        own.bind((address, 0))
    assert not address.startswith("127.")
    return address


def test_demo_on_every_interface_prints_links_with_the_lan_address(app, runner, lan):
    result = runner.invoke(main, ["demo", "--no-serve", "--no-archive", "--host", "0.0.0.0", "--port", "8080"])
    assert result.exit_code == 0, result.output
    assert "0.0.0.0" not in result.output
    bases = set(LINK.findall(result.output))
    assert bases == {f"http://{lan}:8080"}, bases
    assert f"Tablets and phones open: http://{lan}:8080" in result.output
    assert f"Organizer login: http://{lan}:8080/login" in result.output


def test_the_configured_public_address_wins(app, runner, lan):
    app.config["PUBLIC_BASE_URL"] = "http://hoithi.local:8000/"
    result = runner.invoke(main, ["demo", "--no-serve", "--no-archive", "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    assert set(LINK.findall(result.output)) == {"http://hoithi.local:8000"}


def test_demo_on_loopback_keeps_its_own_address(app, runner):
    result = runner.invoke(main, ["demo", "--no-serve", "--no-archive"])
    assert set(LINK.findall(result.output)) == {"http://127.0.0.1:5000"}
    assert "Tablets and phones open" not in result.output


def desk_on_the_laptop(app, login_organizer, listen_host: str):  # type: ignore[no-untyped-def]
    """The organizer's browser on the laptop itself, at http://127.0.0.1:5000."""
    app.config["LISTEN_HOST"] = listen_host
    app.config["SERVER_NAME"] = "127.0.0.1:5000"  # the test client's host
    return login_organizer(app.test_client())


def reissue(client, slug: str, judge_id: int) -> str:  # type: ignore[no-untyped-def]
    token = csrf_token_from(client.get("/organizer/").get_data(as_text=True))
    page = client.post(f"/judge/access/{slug}/judges/{judge_id}/reissue", data={"csrf_token": token})
    assert page.status_code == 200
    return page.get_data(as_text=True)


def judge_id(app, code: str) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(db.select(Judge.id).filter_by(code=code))


def test_judge_access_on_the_laptop_uses_the_lan_address_when_the_hall_can_reach_it(app, demo_contest,
                                                                                   login_organizer, lan):
    desk = desk_on_the_laptop(app, login_organizer, "0.0.0.0")
    page = desk.get(f"/judge/access/{demo_contest.slug}").get_data(as_text=True)
    assert "flash-warning" not in page  # no "tablets cannot reach" warning
    html = reissue(desk, demo_contest.slug, judge_id(app, "GK11"))
    assert set(LINK.findall(html)) == {f"http://{lan}:5000"}


def test_judge_access_warns_when_the_server_listens_on_loopback_only(app, demo_contest, login_organizer):
    desk = desk_on_the_laptop(app, login_organizer, "127.0.0.1")
    page = desk.get(f"/judge/access/{demo_contest.slug}").get_data(as_text=True)
    assert "flash-warning" in page and "http://127.0.0.1:5000" in page


@pytest.mark.parametrize(("url", "listen", "configured", "expected"), [
    ("http://0.0.0.0:5000", "0.0.0.0", None, "http://{lan}:5000"),
    ("http://127.0.0.1:5000/", "0.0.0.0", None, "http://{lan}:5000"),
    ("http://localhost:5000/", None, None, "http://{lan}:5000"),
    ("http://[::1]:5000/", "::", None, "http://{lan}:5000"),
    ("http://127.0.0.1:5000/", "127.0.0.1", None, "http://127.0.0.1:5000"),
    ("http://192.168.1.10:5000/", "0.0.0.0", None, "http://192.168.1.10:5000"),
    ("http://0.0.0.0:5000", "0.0.0.0", "https://hoithi.example.vn/", "https://hoithi.example.vn"),
], ids=["wildcard", "loopback-desk", "unknown-listener", "ipv6-loopback", "loopback-only", "lan-desk", "configured"])
def test_reachable_base_url(lan, url, listen, configured, expected):
    assert reachable_base_url(url, listen, configured) == expected.format(lan=lan)
