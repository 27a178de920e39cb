"""The gevent server's connections: prompt answers, bounded waits, one descriptor per viewer.

gevent's ``pywsgi`` waits forever for a request's headers and for the next request on a kept-alive
connection: 1,500 half-sent requests stayed open for good, each holding a descriptor the judges
need. Here a client has ``header_timeout`` seconds from its first byte (or from connecting) to
finish its headers, and a kept-alive connection is closed after ``idle_timeout`` seconds without a
new request. Once the headers are in, the application runs without a deadline, so a WebSocket
viewer (a request that lasts the whole evening) is never cut.

Under gevent simple-websocket duplicates the connection's socket (``sock.dup()``) and leaves the
original open beside it: two descriptors per viewer. The handler hands it the connection itself
instead, under the key gunicorn uses, so a viewer costs one.
"""

import contextlib
import socket

from gevent import Timeout
from gevent.pywsgi import WSGIHandler, WSGIServer

from contest.realtime import CONNECTION_SOCKET


class ConnectionHandler(WSGIHandler):
    """One client connection of ``ContestServer``."""

    server: "ContestServer"

    def __init__(self, sock: socket.socket, *args: object, **kwargs: object) -> None:
        # Answers leave at once: without TCP_NODELAY every request on a kept-alive connection (what
        # browsers and tablets use) waited ~40 ms for Nagle's algorithm and delayed ACKs.
        with contextlib.suppress(OSError):  # not TCP (a Unix socket behind a proxy): nothing to tune
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().__init__(sock, *args, **kwargs)
        self.requests_read = 0
        self.headers_due: Timeout | None = None

    def handle_one_request(self) -> object:
        try:
            return super().handle_one_request()
        except Timeout as expired:
            if expired is not self.headers_due:
                raise
            return None  # headers too slow: close the connection without a word
        finally:
            if self.headers_due is not None:
                self.headers_due.close()
                self.headers_due = None

    def read_requestline(self) -> str:
        """Wait for the next request (idle limit once one was served), then start the header clock."""
        wait = self.server.idle_timeout if self.requests_read else self.server.header_timeout
        started = False
        with Timeout(wait, False):
            started = bool(self.rfile.peek(1))
        if not started:
            return ""  # silent or idle too long: the connection is closed
        self.requests_read += 1
        self.headers_due = Timeout.start_new(self.server.header_timeout)
        return super().read_requestline()

    def read_request(self, raw_requestline: str) -> object:
        result = super().read_request(raw_requestline)
        if self.headers_due is not None:
            self.headers_due.close()  # the headers are in: the application has all the time it needs
        return result

    def run_application(self) -> None:
        if self.environ.get("HTTP_UPGRADE", "").lower() != "websocket":
            super().run_application()
            return
        # simple-websocket uses the socket found under this key as it is, rather than a duplicate.
        self.environ[CONNECTION_SOCKET] = self.socket
        try:
            super().run_application()
        except StopIteration:  # simple-websocket's signal that the WebSocket ended and nothing is to be written
            self.close_connection = True


class ContestServer(WSGIServer):
    """``pywsgi.WSGIServer`` with header and keep-alive limits (seconds)."""

    handler_class = ConnectionHandler

    def __init__(self, *args: object, header_timeout: float = 5.0, idle_timeout: float = 60.0,
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout = header_timeout
        self.idle_timeout = idle_timeout
