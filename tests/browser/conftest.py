"""Browser tests: Debian's Chromium driven by Playwright against the real server process."""

import os
import shutil
from collections.abc import Iterator

import pytest

from tests.conftest import IN_CI
from tests.live_server import LiveServer, make_live_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not os.path.exists(CHROMIUM):
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real gevent server with the demo loaded; one per test module."""
    server = make_live_server(tmp_path_factory.mktemp("live-instance"))
    server.load_demo()
    server.start()
    yield server
    server.stop()
    shutil.rmtree(server.instance_path, ignore_errors=True)


@pytest.fixture
def live_url(live_server: LiveServer) -> str:
    """The server's address (pytest-playwright's own `base_url` is session-wide)."""
    return live_server.url
