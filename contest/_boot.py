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


def _is_serving_command() -> bool:
    if os.environ.get("CONTEST_ASYNC_MODE") == "threading":
        return False
    script = os.path.basename(sys.argv[0]) if sys.argv else ""
    return script == "contest" and command_name(sys.argv) in SERVING_COMMANDS


GEVENT_PATCHED = False
if _is_serving_command():
    from gevent import monkey

    monkey.patch_all()
    GEVENT_PATCHED = True
