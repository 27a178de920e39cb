"""A bare Flask-SocketIO broadcast server, the baseline for bench_viewers.py.

Same stack and settings as the app's server (gevent, no compression, same ping timing), none of
the app (nor its one-descriptor handler, collector or limits): a socket joins one room on connect;
``POST /score?v=N`` emits a standings-sized update to that room from inside the request (the
straightforward way) and answers. Prints its address as the app's server does.

Run: python bench/bare_server.py [PORT]
"""

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

from flask import Flask, jsonify, request  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402
from gevent.pywsgi import WSGIServer  # noqa: E402

app = Flask(__name__)
socketio = SocketIO(app, async_mode="gevent", cors_allowed_origins=None, http_compression=False,
                    ping_interval=10, ping_timeout=20)
TEAMS = list(range(1, 36))
wsgi_app = app.wsgi_app


def without_compression(environ, start_response):  # type: ignore[no-untyped-def]
    """simple-websocket accepts any permessage-deflate offer: remove it, as the app does."""
    environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
    return wsgi_app(environ, start_response)


app.wsgi_app = without_compression


@socketio.on("connect")
def connect(auth=None):  # type: ignore[no-untyped-def]
    join_room("public")
    return True


@app.post("/score")
def score():  # type: ignore[no-untyped-def]
    version = int(request.args["v"])
    update = {"v": version, "now": int(time.time() * 1000), "r": 1, "m": "live", "h": "00000000",
              "i": TEAMS, "t": [9000 - 37 * i + version for i in TEAMS], "k": {}, "c": {}, "s": [], "cd": ""}
    socketio.emit("standings", update, to="public")
    return jsonify(ok=True, size=len(json.dumps(update)))


if __name__ == "__main__":
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    server = WSGIServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0), app, log=None)
    server.start()
    print(f"Serving on http://127.0.0.1:{server.server_port} (bare gevent)", flush=True)
    server.serve_forever()
