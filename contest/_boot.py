"""Process start-up that must happen before anything else is imported.

The production server runs on gevent; gevent must patch the standard library before
Flask, SQLAlchemy or socket-using modules are imported, so the console script's
serving commands patch here, from the package's first import line.
"""

import os
import sys

SERVING_COMMANDS = {"demo", "serve"}


def _is_serving_command() -> bool:
    if os.environ.get("CONTEST_ASYNC_MODE") == "threading":
        return False
    # Windows launchers may name the script ``contest.exe``.
    script = os.path.splitext(os.path.basename(sys.argv[0]))[0] if sys.argv else ""
    return script == "contest" and len(sys.argv) > 1 and sys.argv[1] in SERVING_COMMANDS


GEVENT_PATCHED = False
if _is_serving_command():
    from gevent import monkey

    monkey.patch_all()
    GEVENT_PATCHED = True
