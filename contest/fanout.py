"""The push to thousands of viewers: one WebSocket frame per emit, written straight to every socket.

python-socketio's own path costs, per viewer and per update: a packet put on the viewer's queue, a
switch to its writer task, the frame built again by wsproto, and a send; three tasks (reader,
writer, the request) and a duplicated descriptor per viewer besides (simple-websocket). At 10,000
viewers that is most of a second of one core for every score. Here, under the gevent server:

- ``ViewerConnection`` speaks WebSocket on the connection's own socket (one descriptor), reads in
  the request's task (no reader task of its own), and never offers or accepts an extension: no
  per-viewer compression whatever the browser offers. Its writes never wait: what the kernel does
  not take at once waits in the viewer's backlog, flushed by a task started only then, so one slow
  phone never holds up the others (and a phone too far behind is disconnected; it reconnects).
- ``FanOutManager`` (and ``FanOutRedisManager`` for several processes) encodes each emit once into
  one frame and writes it to every ready viewer of the room, with the collector off for the length
  of the loop (``collector.paused``): nothing the loop allocates can start a collection half-way.
  A viewer whose socket is not ready (still upgrading from long-polling, packets queued before
  this one, or a transport other than ours) gets the packet the library's way, in order.
"""

import base64
import contextlib
import hashlib
import socket
from collections.abc import Callable, Iterable
from typing import Any

import gevent
from engineio import packet as eio_packet
from gevent.socket import wait_write
from socketio import Manager, RedisManager
from socketio import packet as sio_packet

from contest import collector

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
OP_CONTINUATION, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA
RECEIVE_BYTES = 4096
# What a viewer may fall behind by (bytes not yet taken by its connection) before it is dropped.
MAX_BACKLOG = 512 * 1024
CLOSE_WAIT = 2.0  # seconds a client has to answer the server's closing frame

# The open connections of this process, by Engine.IO session id: where the fan-out writes.
CONNECTIONS: dict[str, "ViewerConnection"] = {}


def server_frame(payload: bytes, opcode: int = OP_TEXT) -> bytes:
    """One final, unmasked frame (the server's side of RFC 6455)."""
    size = len(payload)
    if size < 126:
        head = bytes((0x80 | opcode, size))
    elif size < 65536:
        head = bytes((0x80 | opcode, 126)) + size.to_bytes(2, "big")
    else:
        head = bytes((0x80 | opcode, 127)) + size.to_bytes(8, "big")
    return head + payload


def unmask(data: bytes, mask: bytes) -> bytes:
    size = len(data)
    key = (mask * (size // 4 + 1))[:size]
    return (int.from_bytes(data, "little") ^ int.from_bytes(key, "little")).to_bytes(size, "little")


def accept_key(key: str) -> str:
    return base64.b64encode(hashlib.sha1(key.encode() + GUID).digest()).decode()


def close_frame(code: int, reason: str = "") -> bytes:
    return server_frame(code.to_bytes(2, "big") + reason.encode()[:120], OP_CLOSE)


class ViewerConnection:
    """One WebSocket on the gevent connection's own socket; ``eio`` is its Engine.IO session."""

    def __init__(self, sock: socket.socket, eio: Any, max_message: int) -> None:
        self.sock = sock
        self.raw = sock._sock  # gevent's non-blocking OS socket: a send that cannot wait
        self.eio = eio
        self.max_message = max_message
        self.buffer = bytearray()
        self.backlog = bytearray()
        self.fragments: list[bytes] | None = None
        self.fragment_opcode = OP_TEXT
        self.closing = False  # our closing frame is out: nothing more is sent
        self.ended = False  # the reading side is done (closed, broken or refused)
        self.broken = False  # cut: nothing more is written

    # --- writing: never waits --------------------------------------------------------------------

    def ready(self) -> bool:
        """May a pushed frame skip the session's queue? Only on an upgraded, idle session."""
        eio = self.eio
        return not self.closing and eio.upgraded and not eio.upgrading and not eio.queue.qsize()

    def write(self, data: bytes) -> bool:
        """Hand ``data`` to the kernel now, or keep it in order behind what is still waiting."""
        if self.broken:
            return False
        if self.backlog:
            if len(self.backlog) + len(data) > MAX_BACKLOG:
                self.abort()  # too far behind: better a reconnect than a server holding megabytes
                return False
            self.backlog += data
            return True
        try:
            sent = self.raw.send(data)
        except BlockingIOError:
            sent = 0
        except OSError:
            self.abort()
            return False
        if sent < len(data):
            self.backlog += memoryview(data)[sent:]
            gevent.spawn(self._flush)
        return True

    def _flush(self) -> None:
        while self.backlog and not self.broken:
            try:
                wait_write(self.sock.fileno())
                sent = self.raw.send(self.backlog)
            except BlockingIOError:
                continue
            except (OSError, ValueError):  # reset by the phone, or closed meanwhile (no descriptor)
                self.abort()
                return
            del self.backlog[:sent]

    def abort(self) -> None:
        """End the connection at once: the reading side sees it closed and the session ends."""
        self.closing = self.broken = True
        self.backlog.clear()
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)

    def send(self, message: str | bytes) -> None:
        if self.closing:
            raise OSError("WebSocket closed")
        if isinstance(message, str):
            self.write(server_frame(message.encode(), OP_TEXT))
        else:
            self.write(server_frame(message, OP_BINARY))

    def close(self, code: int = 1000) -> None:
        if self.closing:
            return
        self.write(close_frame(code))
        self.closing = True
        if not self.ended:  # a client that never answers the closing frame is cut a moment later
            gevent.spawn_later(CLOSE_WAIT, self._cut_if_open)

    def _cut_if_open(self) -> None:
        if not self.ended:
            self.abort()

    # --- reading: in the request's own task ---------------------------------------------------

    def receive(self) -> str | bytes | None:
        """The next message from the client; None once the connection is closed."""
        while not self.ended:
            message = self._next_message()
            if message is not None:
                return message
            if self.ended:
                break
            try:
                data = self.sock.recv(RECEIVE_BYTES)
            except OSError:
                data = b""
            if not data:
                self.ended = True
                break
            self.buffer += data
        return None

    def _refuse(self, code: int) -> None:
        """A protocol error: say why (when we still may) and stop reading."""
        if not self.closing:
            self.write(close_frame(code))
            self.closing = True
        self.ended = True  # the session then ends, and the connection with it

    def _next_message(self) -> str | bytes | None:
        buf = self.buffer
        while len(buf) >= 2:
            first, second = buf[0], buf[1]
            if first & 0x70 or not second & 0x80:
                self._refuse(1002)  # an extension we never agreed to, or an unmasked client frame
                return None
            opcode, size, at = first & 0x0F, second & 0x7F, 2
            if size == 126:
                if len(buf) < 4:
                    return None
                size, at = int.from_bytes(buf[2:4], "big"), 4
            elif size == 127:
                if len(buf) < 10:
                    return None
                size, at = int.from_bytes(buf[2:10], "big"), 10
            held = sum(len(f) for f in self.fragments) if self.fragments else 0
            if size + held > self.max_message:
                self._refuse(1009)
                return None
            end = at + 4 + size
            if len(buf) < end:
                return None
            payload = unmask(bytes(buf[at + 4:end]), bytes(buf[at:at + 4]))
            del buf[:end]
            if opcode == OP_CLOSE:
                if not self.closing:
                    self.write(server_frame(payload[:2], OP_CLOSE))
                    self.closing = True
                self.ended = True
                return None
            if opcode == OP_PING:
                if not self.closing:
                    self.write(server_frame(payload, OP_PONG))
                continue
            if opcode == OP_PONG:
                continue
            if opcode in (OP_TEXT, OP_BINARY) and self.fragments is None:
                self.fragments, self.fragment_opcode = [payload], opcode
            elif opcode == OP_CONTINUATION and self.fragments is not None:
                self.fragments.append(payload)
            else:
                self._refuse(1002)
                return None
            if first & 0x80:
                data, self.fragments = b"".join(self.fragments), None
                if self.fragment_opcode == OP_BINARY:
                    return data
                try:
                    return data.decode()
                except UnicodeDecodeError:
                    self._refuse(1007)
                    return None
        return None


class ViewerWebSocket:
    """Engine.IO's WebSocket transport for the gevent server (``install``): the handshake answered
    here, without extensions, then ``ViewerConnection`` carries the session.

    Outside ``ContestServer`` (no connection socket in the environment) the library's own transport
    (simple-websocket) serves the request as before."""

    fallback: Callable[..., Any]
    connection_key = "gunicorn.socket"

    def __init__(self, handler: Callable[["ViewerWebSocket"], Any], server: Any) -> None:
        self.app = handler
        self.server = server
        self.connection: ViewerConnection | None = None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        sock = environ.get(self.connection_key)
        key = environ.get("HTTP_SEC_WEBSOCKET_KEY", "")
        if sock is None or not hasattr(sock, "_sock") or not key:
            return self.fallback(self.app, self.server)(environ, start_response)
        eio = self.app.__self__  # the handler is a method of the Engine.IO session it serves
        connection = self.connection = ViewerConnection(sock, eio, self.server.max_http_buffer_size)
        connection.write(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                         b"Sec-WebSocket-Accept: " + accept_key(key).encode() + b"\r\n\r\n")
        CONNECTIONS[eio.sid] = connection
        try:
            self.app(self)
        finally:
            if CONNECTIONS.get(eio.sid) is connection:
                del CONNECTIONS[eio.sid]
            connection.ended = True
            connection.abort()
        # The response was written by hand: the server must close the connection, not answer.
        raise StopIteration

    # The interface Engine.IO's handler uses (that of simple-websocket's WSGI wrapper).
    def send(self, message: str | bytes) -> None:
        self.connection.send(message)

    def wait(self) -> str | bytes | None:
        return self.connection.receive()

    def close(self) -> None:
        self.connection.close()


def install(server: Any) -> None:
    """Make a gevent Socket.IO server's WebSocket transport ``ViewerWebSocket``."""
    eio = server.eio
    if eio.async_mode != "gevent" or eio._async.get("websocket") is None:
        return
    current = eio._async["websocket"]
    if isinstance(current, type) and issubclass(current, ViewerWebSocket):
        return
    transport = type("ViewerWebSocket", (ViewerWebSocket,), {"fallback": staticmethod(current)})
    eio._async = {**eio._async, "websocket": transport}


class FanOutManager(Manager):
    """python-socketio's in-process manager, with an emit that encodes once and writes everywhere."""

    def emit(self, event: str, data: Any, namespace: str, room: Any = None, skip_sid: Any = None,
             callback: Any = None, to: Any = None, **kwargs: Any) -> None:
        room = to or room
        if callback is not None or namespace not in self.rooms:
            return super().emit(event, data, namespace, room=room, skip_sid=skip_sid, callback=callback, **kwargs)
        args = list(data) if isinstance(data, tuple) else [] if data is None else [data]
        encoded = self.server.packet_class(sio_packet.EVENT, namespace=namespace, data=[event, *args]).encode()
        if isinstance(encoded, list):  # binary attachments: several packets, the library's way
            return super().emit(event, data, namespace, room=room, skip_sid=skip_sid, **kwargs)
        message = eio_packet.Packet(eio_packet.MESSAGE, encoded)
        frame = server_frame(message.encode().encode())
        skip = skip_sid if isinstance(skip_sid, list) else [skip_sid]
        queue_packet = self.server._send_eio_packet
        connections = CONNECTIONS
        with collector.paused():
            for sid, eio_sid in self.get_participants(namespace, room):
                if sid in skip:
                    continue
                connection = connections.get(eio_sid)
                if connection is not None and connection.ready():
                    connection.write(frame)
                else:
                    queue_packet(eio_sid, message)
        return None


class FanOutRedisManager(RedisManager, FanOutManager):
    """Several processes: Redis carries each emit to every process, whose own viewers get it through
    ``FanOutManager.emit`` (the Redis manager's local delivery resolves to it)."""
