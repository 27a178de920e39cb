"""Socket.IO: server-to-client pushes only.

A socket is authenticated once, on connect, from the Flask session; the server alone
decides its rooms. Public viewers join the public room of the one contest they watch.
Scores never travel over sockets (they are POSTed over HTTP), so authorization stays
in the views.

A judge's socket remembers the session epoch it was opened with. Revoking a judge closes the
sockets of the process that handled the request at once; every serving process also sweeps its
own judge sockets every few seconds and closes those whose judge was revoked or re-issued since,
so with several processes no revoked tablet keeps listening.

Services never emit: views call ``push`` or ``disconnect_judge`` after their commit, and the
standings fan-out (``broadcast``) emits from its own task.
"""

import os
from typing import Any

from flask import Flask, current_app, request
from flask_login import current_user
from flask_socketio import join_room
from sqlalchemy import select

from contest.extensions import db, socketio
from contest.models import Contest, Judge, User


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
        # Per-viewer compression cost 3x the CPU for payloads this small.
        http_compression=False,
        websocket_compression=False,
        ping_interval=10,
        ping_timeout=20,
        manage_session=False,
    )


@socketio.on("connect")
def on_connect(auth: dict[str, Any] | None = None) -> bool:
    slug = auth.get("contest") if isinstance(auth, dict) else None
    slug = slug if isinstance(slug, str) else request.args.get("contest")
    contest_id = _contest_id(slug) if slug else None
    if contest_id is None:
        return False
    join_room(room_public(contest_id))
    user = current_user._get_current_object() if current_user.is_authenticated else None
    if isinstance(user, User):
        join_room(room_staff(contest_id))
    elif isinstance(user, Judge) and user.contest_id == contest_id:
        join_room(room_judges(contest_id))
        join_room(room_judge(user.id))
        _judge_sockets(current_app)[request.sid] = (user.id, user.session_epoch)
    # End the read now: under gevent a SQLite transaction left open would hold the write lock.
    db.session.rollback()
    return True


@socketio.on("disconnect")
def on_disconnect(*_reason: Any) -> None:
    _judge_sockets(current_app).pop(request.sid, None)


def _judge_sockets(app: Flask) -> dict[str, tuple[int, int]]:
    """This process's judge sockets: sid -> (judge id, session epoch at connect)."""
    return app.extensions.setdefault("judge_sockets", {})


def close_stale_judge_sockets(app: Flask) -> int:
    """Disconnect this process's judge sockets whose judge was revoked or re-issued; returns how many."""
    sockets = _judge_sockets(app)
    if not sockets:
        return 0
    with app.app_context():
        ids = {judge_id for judge_id, _epoch in sockets.values()}
        rows = db.session.execute(select(Judge.id, Judge.session_epoch)
                                  .where(Judge.id.in_(ids), Judge.revoked_at.is_(None)))
        current = {judge_id: epoch for judge_id, epoch in rows}
        db.session.rollback()
    stale = [sid for sid, (judge_id, epoch) in list(sockets.items()) if current.get(judge_id) != epoch]
    for sid in stale:
        sockets.pop(sid, None)
        socketio.server.disconnect(sid, namespace="/")
    return len(stale)


def start(app: Flask, every: float = 3.0) -> None:
    """Serve-time: sweep this process's judge sockets in the background."""

    def sweep() -> None:
        while True:
            socketio.sleep(every)
            try:
                close_stale_judge_sockets(app)
            except Exception:  # a database hiccup must not end the sweeping
                app.logger.exception("judge socket sweep failed")

    socketio.start_background_task(sweep)


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
    (``close_stale_judge_sockets``, every few seconds); their tablets already
    disconnect themselves on "revoked", and any HTTP request is refused (old session epoch).
    """
    room = room_judge(judge_id)
    socketio.emit("revoked", {"judge_id": judge_id}, to=room)
    server = socketio.server
    if server is None:
        return
    for sid, _eio_sid in list(server.manager.get_participants("/", room)):
        server.disconnect(sid, namespace="/")
