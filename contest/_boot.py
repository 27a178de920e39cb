"""Process start-up that must happen before anything else is imported.

The production server runs on gevent; gevent must patch the standard library before
Flask, SQLAlchemy or socket-using modules are imported, so the console script's
serving commands patch here, from the package's first import line.
"""

import os
import sys

SERVING_COMMANDS = {"demo", "serve"}


def _is_contest_command() -> bool:
    # Windows launchers may name the script ``contest.exe``.
    script = os.path.splitext(os.path.basename(sys.argv[0]))[0] if sys.argv else ""
    return script == "contest"


def _is_serving_command() -> bool:
    if os.environ.get("CONTEST_ASYNC_MODE") == "threading":
        return False
    return _is_contest_command() and len(sys.argv) > 1 and sys.argv[1] in SERVING_COMMANDS


def _write_utf8() -> None:
    """Windows writes redirected output (a log file, a pipe) in its ANSI code page (cp1252, cp1258),
    which has no "ộ" or "ễ": the first Vietnamese name or path printed would stop the command."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure") and stream.encoding.lower() != "utf-8":
            stream.reconfigure(encoding="utf-8")


if _is_contest_command():
    _write_utf8()

GEVENT_PATCHED = False
if _is_serving_command():
    from gevent import monkey

    monkey.patch_all()
    GEVENT_PATCHED = True
