"""The real server as a subprocess (gevent, as `contest serve` runs it in a hall).

A server started in a thread inside pytest stops delivering Socket.IO events once other
tests build new apps, so browser, crash and socket tests talk to a separate process.
"""

import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

SERVING = re.compile(r"Serving on (http://[\d.]+:\d+)")
DEV_SERVING = re.compile(r"Running on (http://[\d.]+:\d+)")  # Werkzeug's line, for `contest run`
JUDGE_LINK = re.compile(r"^\s+(\S+)\s+.*?(http://\S+/judge/login/\S+)$", re.MULTILINE)
CONTEST_BIN = str(Path(sys.executable).with_name("contest"))


@dataclass
class LiveServer:
    instance_path: Path
    env: dict[str, str] = field(default_factory=dict)
    binary: str = CONTEST_BIN  # another installation's `contest` (a fresh venv)
    process: subprocess.Popen | None = None
    url: str = ""

    def command(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([self.binary, *args], env=self.env, capture_output=True, text=True,
                              timeout=120, check=check)

    def load_demo(self) -> dict[str, str]:
        """Load (or find) the demo; returns fresh one-time login links by judge code."""
        port = self.url.rsplit(":", 1)[-1] if self.url else "5000"
        # Without the 2023 archive: tests count every sheet in the database as theirs.
        output = self.command("demo", "--no-serve", "--no-archive", "--port", port).stdout
        return dict(JUDGE_LINK.findall(output))

    def judge_links(self) -> dict[str, str]:
        links = self.load_demo()
        if self.url:
            links = {code: re.sub(r"^http://[\d.]+:\d+", self.url, link) for code, link in links.items()}
        return links

    def start(self, timeout: float = 30, *args: str, command: str = "serve") -> str:
        self.process = subprocess.Popen(
            [self.binary, command, "--host", "127.0.0.1", "--port", "0", *args], env=self.env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        serving = SERVING if command == "serve" else DEV_SERVING
        deadline = time.monotonic() + timeout
        lines = []
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            lines.append(line)
            match = serving.search(line)
            if match:
                self.url = match.group(1)
                threading.Thread(target=self.process.stdout.read, daemon=True).start()  # keep the log drained
                return self.url
        self.stop()
        raise RuntimeError("server did not start:\n" + "".join(lines))

    def kill(self) -> None:
        """SIGKILL: no chance to flush or clean up, as in a power cut."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def make_live_server(instance_path: Path, **extra_env: str) -> LiveServer:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONTEST_")}
    env.update(CONTEST_INSTANCE_PATH=str(instance_path), CONTEST_SECRET_KEY=secrets.token_hex(32), **extra_env)
    return LiveServer(instance_path=instance_path, env=env)
