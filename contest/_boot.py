"""Process start-up that must happen before anything else is imported.

The production server runs on gevent; gevent must patch the standard library before
Flask, SQLAlchemy or socket-using modules are imported, so the console script's
serving commands patch here, from the package's first import line.
"""

import os
import sys

SERVING_COMMANDS = {"demo", "serve"}
# Options of the `contest` group that take a value (``contest -e city.env serve``).
GROUP_OPTIONS_WITH_VALUE = {"-e", "--env-file", "-A", "--app"}


def command_name(argv: list[str]) -> str:
    """The sub-command, after the group's own options."""
    args = iter(argv[1:])
    for arg in args:
        if arg in GROUP_OPTIONS_WITH_VALUE:
            next(args, None)
        elif not arg.startswith("-"):
            return arg
    return ""


def _is_contest_command() -> bool:
    # Windows launchers may name the script ``contest.exe``.
    script = os.path.splitext(os.path.basename(sys.argv[0]))[0] if sys.argv else ""
    return script == "contest"


def _is_serving_command() -> bool:
    if os.environ.get("CONTEST_ASYNC_MODE") == "threading":
        return False
    return _is_contest_command() and command_name(sys.argv) in SERVING_COMMANDS


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
