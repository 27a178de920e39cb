"""The board's laptop: a plain ``pip install .`` in a new virtual environment, as the README says.

One real venv is built for this module (about 30 s with pip's cache; it needs the package index,
as the README's own install does). The contest must live in the user's data folder, never inside
the venv, so reinstalling keeps it; a database an earlier version left inside the venv is still
used, with a notice saying how to move it. Windows is simulated: ``resource``, ``pwd`` and ``grp``
are made unimportable (``fcntl`` and ``termios`` stay: gevent's Linux build needs them, its Windows
build does not; ``tests/test_unix_only_imports.py`` keeps all five out of our own import time), and
every path has spaces and Vietnamese letters, like ``C:\\Users\\Nguyễn Văn A``; there is no system
time-zone database, and redirected output is in a code page without Vietnamese letters, as on Windows.
"""

import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.conftest import IN_CI
from tests.live_server import LiveServer

REPO = Path(__file__).resolve().parents[1]
OFFLINE = re.compile(r"NewConnectionError|Temporary failure in name resolution|Network is unreachable|"
                     r"Could not find a version that satisfies")
DATA_DIR = Path(".local/share/hoi-thi-dan-van-kheo")  # platformdirs' user data folder under HOME (Linux)
SIMULATED_WINDOWS = '''
import sys

MISSING_ON_WINDOWS = {"resource", "pwd", "grp"}


class MissingOnWindows:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in MISSING_ON_WINDOWS:
            raise ModuleNotFoundError(f"No module named {name!r} (simulated Windows)", name=name)
        return None


sys.meta_path.insert(0, MissingOnWindows())
for name in MISSING_ON_WINDOWS:
    sys.modules.pop(name, None)
'''

pytestmark = [pytest.mark.timeout(900),
              pytest.mark.skipif(sys.platform != "linux", reason="venv layout and data folder as on Linux")]


def pip_install(venv: Path, *options: str) -> None:
    done = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                           *options, str(REPO)], capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0 and not IN_CI and OFFLINE.search(done.stderr):
        pytest.skip("the package index is not reachable (CI reaches it)")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("laptop") / "Chương trình hội thi" / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(root)], check=True, timeout=120)
    pip_install(root)
    return root


def user_env(home: Path, **extra: str) -> dict[str, str]:
    """A user's shell: nothing of this test run's configuration, HOME in a Vietnamese folder."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CONTEST_", "XDG_", "PYTHON", "VIRTUAL_ENV", "FLASK_"))}
    home.mkdir(parents=True, exist_ok=True)
    env.update(HOME=str(home), **extra)
    return env


def contest(venv: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(venv / "bin" / "contest"), *args], env=env, cwd=env["HOME"], capture_output=True,
                          text=True, timeout=300, check=False)


def files_of(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_mtime_ns)
            for p in folder.rglob("*") if not p.is_dir()}


def test_fresh_install_keeps_the_contest_outside_the_venv_and_a_reinstall_keeps_it(venv, tmp_path):
    env = user_env(tmp_path / "Nguyễn Văn A")
    database = Path(env["HOME"]) / DATA_DIR / "contest.db"
    before = files_of(venv)
    demo = contest(venv, env, "demo", "--no-serve", "--no-archive")
    assert demo.returncode == 0, demo.stderr
    assert f"Database: {database}\n" in demo.stdout and database.is_file()
    assert "old place" not in demo.stderr
    after = files_of(venv)
    assert after == before, sorted(set(after.items()) ^ set(before.items()))[:20]

    made = contest(venv, env, "create-organizer", "thuky", "--password", "thu-ky-mat-khau", "--role", "secretary")
    assert made.returncode == 0, made.stderr
    pip_install(venv, "--force-reinstall", "--no-deps")
    again = contest(venv, env, "create-organizer", "thuky", "--password", "thu-ky-mat-khau")
    assert again.returncode != 0 and "taken" in again.stderr  # the account made before the reinstall is there
    reloaded = contest(venv, env, "demo", "--no-serve", "--no-archive")
    assert "Found demo contest" in reloaded.stdout and f"Database: {database}\n" in reloaded.stdout
    assert contest(venv, env, "audit", "verify").stdout.strip() == "Audit chain OK."


def test_a_database_left_inside_the_venv_is_used_and_the_command_says_how_to_move_it(venv, tmp_path):
    old = venv / "var" / "contest.app-instance"  # where Flask put it for `pip install .` before 2026-12
    env = user_env(tmp_path / "Trần Thị Bích")
    new = Path(env["HOME"]) / DATA_DIR / "contest.db"
    try:
        earlier = contest(venv, {**env, "CONTEST_INSTANCE_PATH": str(old)}, "demo", "--no-serve", "--no-archive")
        assert earlier.returncode == 0, earlier.stderr
        found = contest(venv, env, "demo", "--no-serve", "--no-archive")
        assert found.returncode == 0, found.stderr
        assert "Found demo contest" in found.stdout and f"Database: {old / 'contest.db'}\n" in found.stdout
        assert f"old place, inside the program's folder: {old / 'contest.db'}" in found.stderr
        move = f'contest backup "{new}"'
        assert move in found.stderr and not new.exists()
        moved = contest(venv, env, "backup", str(new))
        assert moved.returncode == 0, moved.stderr
        after = contest(venv, env, "demo", "--no-serve", "--no-archive")
        assert "Found demo contest" in after.stdout and f"Database: {new}\n" in after.stdout
        assert "old place" not in after.stderr
    finally:
        shutil.rmtree(venv / "var", ignore_errors=True)


def test_demo_serve_backup_and_restore_run_without_unix_only_modules_from_a_vietnamese_home(venv, tmp_path):
    simulation = tmp_path / "giả lập Windows"
    simulation.mkdir()
    (simulation / "sitecustomize.py").write_text(SIMULATED_WINDOWS, encoding="utf-8")
    # Windows has no time-zone files either (zoneinfo finds none in PYTHONTZPATH and uses the tzdata
    # package), and writes redirected output in its ANSI code page, which has no Vietnamese letters.
    env = user_env(tmp_path / "Users" / "Nguyễn Văn A", PYTHONPATH=str(simulation), PYTHONTZPATH=str(simulation),
                   PYTHONIOENCODING="cp1252")
    for check in ("import pwd", "import resource", "import grp"):
        probe = subprocess.run([str(venv / "bin" / "python"), "-c", check], env=env, capture_output=True,
                               text=True, timeout=60, check=False)
        assert probe.returncode != 0 and "simulated Windows" in probe.stderr  # the simulation is in force

    demo = contest(venv, env, "demo", "--no-serve", "--no-archive")
    assert demo.returncode == 0, demo.stderr
    database = Path(env["HOME"]) / DATA_DIR / "contest.db"
    assert f"Database: {database}\n" in demo.stdout and "/judge/login/" in demo.stdout

    server = LiveServer(instance_path=database.parent, env={**env, "CONTEST_SECRET_KEY": secrets.token_hex(32)},
                        binary=str(venv / "bin" / "contest"))
    try:
        base = server.start(60)
        page = requests.get(f"{base}/c/ha-noi-2024", timeout=10)
        assert page.status_code == 200 and "Hà Nội" in page.text
        tablet = requests.Session()
        link = next(iter(server.judge_links().values()))
        assert tablet.get(link, allow_redirects=False, timeout=10).status_code == 302
        assert tablet.get(f"{base}/judge/api/state", timeout=10).json()["entries"]
    finally:
        server.stop()

    stick = tmp_path / "USB của Ban tổ chức"
    stick.mkdir()
    saved = contest(venv, env, "backup", str(stick))
    assert saved.returncode == 0, saved.stderr
    (copy,) = stick.iterdir()
    restored = contest(venv, env, "restore", str(copy), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "chain OK" in restored.stdout and str(database.parent) in restored.stdout  # the safety copy beside it
