"""Socket.IO: server-to-client pushes only.

A socket is authenticated once, on connect, from the Flask session; the server alone
decides its rooms. Public viewers join the public room of the one contest they watch.
Scores never travel over sockets (they are POSTed over HTTP), so authorization stays
in the views.

A logged-in socket remembers the login session it was opened with (and a judge's socket the
judge's session epoch). Revoking a judge closes the sockets of the process that handled the request
at once; every serving process also sweeps its own logged-in sockets every few seconds and closes
those whose session ended since (logout, "log out everywhere else", a new password) or whose judge
was revoked or re-issued, so with several processes no ended session keeps listening.

Sockets only listen: a client that emits anything is not one of our pages, and its connection is
closed. Each process accepts at most ``PUBLIC_SOCKET_LIMIT`` anonymous sockets, so the audience can
never take the descriptors the judges' and staff's requests need; a phone refused one keeps
polling the cached standings feed and asks for a socket again later (``standings-client.js``).

Services never emit: views call ``push`` or ``disconnect_judge`` after their commit, and the
standings fan-out (``broadcast``) emits from its own task.
"""

import contextlib
import os
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request, session
from flask_login import current_user
from flask_socketio import ConnectionRefusedError as SocketRefused
from flask_socketio import join_room
from sqlalchemy import select

from contest import metrics
from contest.domain.access import Access
from contest.extensions import db, socketio
from contest.models import Contest, Judge, User
from contest.models.logins import LoginSession
from contest.security import SESSION_KEY
from contest.services import bodies


def room_public(contest_id: int) -> str:
    return f"contest:{contest_id}:public"


def room_staff(contest_id: int) -> str:
    return f"contest:{contest_id}:staff"


def room_judges(contest_id: int) -> str:
    return f"contest:{contest_id}:judges"


def room_judge(judge_id: int) -> str:
    return f"judge:{judge_id}"


def init_app(app: Flask) -> None:
    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"],
        # Several deployments (or test runs) may share one Redis: each keeps to its own channel.
        channel=app.config.get("SOCKETIO_CHANNEL") or os.environ.get("CONTEST_SOCKETIO_CHANNEL") or "flask-socketio",
        # Only the app's own origin may open a socket: cross-origin pages are refused.
        cors_allowed_origins=None,
        # Per-viewer compression cost 3x the CPU for payloads this small (WebSocket: see NoCompression).
        http_compression=False,
        ping_interval=10,
        ping_timeout=20,
        manage_session=False,
        # A client's events run in its reading loop, not one new task each: the first one closes the
        # connection (on_any_event) before the rest of a flood is even read.
        async_handlers=False,
    )
    app.wsgi_app = NoCompression(app.wsgi_app)


# Where the gevent server puts a WebSocket's own connection in the WSGI environment (contest.connections):
# the key gunicorn uses, which simple-websocket reads.
CONNECTION_SOCKET = "gunicorn.socket"

# What a refused public socket is told: the page falls back to polling the feed and tries later.
PUBLIC_FULL = "public-full"


class NoCompression:
    """WSGI middleware: every WebSocket handshake declines ``permessage-deflate``.

    Browsers always offer it and simple-websocket always accepts an offer (python-engineio has no
    setting to refuse), so each update was deflated once per viewer. Without the offer in the request
    the handshake answers without the extension and the frames travel as encoded once for everyone.
    """

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return self.wsgi_app(environ, start_response)


def set_public_socket_limit(app: Flask, open_files: int | None) -> int:
    """Serve-time: cap this process's public sockets below its open-file limit, keeping
    ``STAFF_RESERVE`` descriptors for judges, staff and the database; returns the cap (0: none).

    Windows has no open-file limit (``open_files`` None): only a configured cap applies there."""
    if open_files is None:
        return app.config["PUBLIC_SOCKET_LIMIT"]
    # A small limit (1,024 on some laptops) keeps a quarter for staff rather than leaving no cap at all.
    ceiling = open_files - min(app.config["STAFF_RESERVE"], open_files // 4)
    wanted = app.config["PUBLIC_SOCKET_LIMIT"]
    app.config["PUBLIC_SOCKET_LIMIT"] = min(wanted, ceiling) if wanted else ceiling
    return app.config["PUBLIC_SOCKET_LIMIT"]


@socketio.on("connect")
def on_connect(auth: dict[str, Any] | None = None) -> bool:
    slug = auth.get("contest") if isinstance(auth, dict) else None
    slug = slug if isinstance(slug, str) else request.args.get("contest")
    contest_id = _contest_id(slug) if slug else None
    if contest_id is None:
        return False
    join_room(room_public(contest_id))
    metrics.socket_opened(request.sid, slug[:80])
    user = current_user._get_current_object() if current_user.is_authenticated else None
    if isinstance(user, User) and _staff_of(user, contest_id):
        join_room(room_staff(contest_id))
        _logged_in_sockets(current_app)[request.sid] = _SocketLogin(session[SESSION_KEY])
    elif isinstance(user, Judge) and user.contest_id == contest_id:
        join_room(room_judges(contest_id))
        join_room(room_judge(user.id))
        _logged_in_sockets(current_app)[request.sid] = _SocketLogin(session[SESSION_KEY], user.id, user.session_epoch)
    else:
        _admit_public(request.sid)
    # End the read now: under gevent a SQLite transaction left open would hold the write lock.
    db.session.rollback()
    return True


def _admit_public(sid: str) -> None:
    public = _public_sockets(current_app)
    limit = current_app.config["PUBLIC_SOCKET_LIMIT"]
    if limit and len(public) >= limit:
        db.session.rollback()
        # A page of ours closes its connection on this answer; any other client is closed shortly after.
        socketio.start_background_task(_close_connection_later, _engine_sid(sid))
        raise SocketRefused(PUBLIC_FULL)
    public.add(sid)


@socketio.on("disconnect")
def on_disconnect(*_reason: Any) -> None:
    metrics.socket_closed(request.sid)
    _logged_in_sockets(current_app).pop(request.sid, None)
    _public_sockets(current_app).discard(request.sid)


@socketio.on("*")
def on_any_event(*_event: Any) -> None:
    """Pushes go one way: a client that emits (what a flood starts with) loses its connection."""
    _close_connection(_engine_sid(request.sid))


def _engine_sid(sid: str) -> str | None:
    return socketio.server.manager.eio_sid_from_sid(sid, "/")


def _close_connection(engine_sid: str | None) -> None:
    """Close the Engine.IO connection itself, not only the namespace, and its descriptor with it."""
    if engine_sid is None:
        return
    connection = socketio.server.environ.get(engine_sid, {}).get(CONNECTION_SOCKET)
    socketio.server.eio.disconnect(engine_sid)
    if connection is not None:
        socketio.start_background_task(_shut_down_later, connection)


def _shut_down_later(connection: socket.socket, delay: float = 1.0) -> None:
    """A client that ignores the WebSocket closing handshake would keep its connection open for good
    (simple-websocket waits for its answer): a moment later, the server ends the TCP connection."""
    socketio.sleep(delay)
    with contextlib.suppress(OSError):  # already closed: the client answered
        connection.shutdown(socket.SHUT_RDWR)


def _close_connection_later(engine_sid: str | None, delay: float = 2.0) -> None:
    socketio.sleep(delay)
    if engine_sid in socketio.server.eio.sockets and not socketio.server.manager.sid_from_eio_sid(engine_sid, "/"):
        _close_connection(engine_sid)


def _public_sockets(app: Flask) -> set[str]:
    """This process's anonymous sockets (sids): what ``PUBLIC_SOCKET_LIMIT`` counts."""
    return app.extensions.setdefault("public_sockets", set())


@dataclass(frozen=True)
class _SocketLogin:
    """What a logged-in socket was opened with: its login session, and a judge's id and epoch."""

    session_key: str
    judge_id: int | None = None
    epoch: int | None = None


def _logged_in_sockets(app: Flask) -> dict[str, _SocketLogin]:
    """This process's staff and judge sockets, by socket id."""
    return app.extensions.setdefault("logged_in_sockets", {})


def close_stale_sockets(app: Flask) -> int:
    """Disconnect this process's sockets whose login session ended or whose judge was revoked or re-issued."""
    sockets = _logged_in_sockets(app)
    if not sockets:
        return 0
    logins = list(sockets.values())
    with app.app_context():
        open_keys = set(db.session.scalars(select(LoginSession.key)
                                           .where(LoginSession.key.in_({s.session_key for s in logins}))))
        judge_ids = {s.judge_id for s in logins if s.judge_id is not None}
        rows = db.session.execute(select(Judge.id, Judge.session_epoch)
                                  .where(Judge.id.in_(judge_ids), Judge.revoked_at.is_(None)))
        epochs = {judge_id: epoch for judge_id, epoch in rows}
        db.session.rollback()
    stale = [sid for sid, login in list(sockets.items())
             if login.session_key not in open_keys or (login.judge_id is not None
                                                       and epochs.get(login.judge_id) != login.epoch)]
    for sid in stale:
        sockets.pop(sid, None)
        socketio.server.disconnect(sid, namespace="/")
    return len(stale)


def start(app: Flask, every: float = 3.0) -> None:
    """Serve-time: sweep this process's logged-in sockets in the background."""

    def sweep() -> None:
        while True:
            socketio.sleep(every)
            try:
                close_stale_sockets(app)
            except Exception:  # a database hiccup must not end the sweeping
                app.logger.exception("socket sweep failed")

    socketio.start_background_task(sweep)


def _staff_of(user: User, contest_id: int) -> bool:
    """Only staff with access to the contest (its body's, an ancestor's organizer, an administrator)
    hear its staff room; any other account is one more public viewer of that contest."""
    contest = db.session.get(Contest, contest_id)
    return contest is not None and bodies.access_to(user, contest) is not Access.NONE


def _contest_id(slug: str) -> int | None:
    """Slug -> id, remembered per app: a thousand phones connecting at once cost one query, not a thousand."""
    known: dict[str, int] = current_app.extensions.setdefault("contest_ids_by_slug", {})
    if slug not in known:
        found = db.session.scalar(db.select(Contest.id).filter_by(slug=slug[:80]))
        if found is None:
            return None
        known[slug] = found
    return known[slug]


def push(event: str, payload: dict[str, Any], room: str) -> None:
    """Send to a room. Call after the transaction that produced ``payload`` committed."""
    socketio.emit(event, payload, to=room)


def disconnect_judge(judge_id: int) -> None:
    """Tell the judge's tablets they are out, then close their sockets.

    The "revoked" event goes through the message queue to every server process; the
    forced disconnect here reaches only this process's sockets (python-socketio keeps
    room membership per process). The other processes close theirs at their next sweep
    (``close_stale_sockets``, every few seconds); their tablets already
    disconnect themselves on "revoked", and any HTTP request is refused (old session epoch).
    """
    room = room_judge(judge_id)
    socketio.emit("revoked", {"judge_id": judge_id}, to=room)
    server = socketio.server
    if server is None:
        return
    for sid, _eio_sid in list(server.manager.get_participants("/", room)):
        server.disconnect(sid, namespace="/")
