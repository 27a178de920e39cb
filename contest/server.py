"""The production-grade server behind ``contest demo`` and ``contest serve``: gevent.

gevent serves thousands of viewers from one process where one OS thread per socket
cannot; the standard library was already patched by ``contest._boot``.
"""

import resource
import sys

from flask import Flask
from gevent.pywsgi import WSGIServer

from contest.extensions import socketio


def raise_open_file_limit() -> int:
    """Each viewer holds a socket: lift the soft limit to the hard one, not ~1,024."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def serve(app: Flask, host: str, port: int, access_log: bool = False) -> None:
    """Serve until interrupted; prints the real address (port 0 picks a free one)."""
    mode = app.config["SOCKETIO_ASYNC_MODE"]
    limit = raise_open_file_limit()
    if mode == "gevent":
        server = WSGIServer((host, port), app, log=sys.stdout if access_log else None)
        server.start()
        print(f"Serving on http://{host}:{server.server_port} (gevent, open-file limit {limit})", flush=True)
        server.serve_forever()
    else:
        print(f"Serving on http://{host}:{port} ({mode})", flush=True)
        socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True, log_output=access_log)
