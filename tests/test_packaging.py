"""Packaging: the licence is declared, gunicorn is gone, and `contest -e file.env` reads its settings."""

import importlib.metadata
import os
import subprocess
from pathlib import Path

from contest._boot import command_name
from tests.live_server import CONTEST_BIN


def test_the_package_declares_its_licence_and_needs_no_gunicorn():
    meta = importlib.metadata.metadata("contest")
    assert meta["License-Expression"] == "MIT"
    assert any(c.startswith("Programming Language :: Python :: 3") for c in meta.get_all("Classifier"))
    assert not [r for r in importlib.metadata.requires("contest") if r.lower().startswith("gunicorn")]
    assert (Path(__file__).resolve().parents[1] / "LICENSE").read_text().startswith("MIT License")


def test_serving_commands_are_found_after_the_env_file_option():
    assert command_name(["contest", "-e", "city.env", "serve", "--workers", "2"]) == "serve"
    assert command_name(["contest", "--env-file", "demo", "backup", "x"]) == "backup"
    assert command_name(["contest", "demo"]) == "demo"
    assert command_name(["contest"]) == ""


def test_contest_reads_its_settings_from_an_env_file(tmp_path):
    instance = tmp_path / "from-env-file"
    env_file = tmp_path / "city.env"
    env_file.write_text(f"CONTEST_INSTANCE_PATH={instance}\nCONTEST_SECRET_KEY=0123456789abcdef0123\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONTEST_")}
    done = subprocess.run([CONTEST_BIN, "-e", str(env_file), "demo", "--no-serve", "--no-archive"], env=env,
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (instance / "contest.db").exists()
