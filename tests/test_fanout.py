"""The viewers' WebSocket (contest.fanout.ViewerConnection) on a real gevent socket pair: what a phone
sends is read as RFC 6455 says, and what the server pushes never waits for a slow phone."""

import os
import struct

import pytest
from gevent import socket as gsocket

from contest.fanout import MAX_BACKLOG, OP_TEXT, ViewerConnection, accept_key, server_frame


class Session:
    """What the connection reads of its Engine.IO session: upgraded, nothing queued."""

    upgraded, upgrading = True, False

    class queue:  # the session's packet queue
        @staticmethod
        def qsize() -> int:
            return 0


def client_frame(payload: bytes, opcode: int = OP_TEXT, fin: bool = True) -> bytes:
    """A masked frame, as a browser sends it."""
    mask = os.urandom(4)
    size = len(payload)
    head = bytes([(0x80 if fin else 0) | opcode])
    head += bytes([0x80 | size]) if size < 126 else bytes([0x80 | 126]) + struct.pack(">H", size)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def read_frame(sock: gsocket.socket) -> tuple[int, bytes]:
    head = sock.recv(2, gsocket.MSG_WAITALL)
    size = head[1] & 0x7F
    if size == 126:
        size = struct.unpack(">H", sock.recv(2, gsocket.MSG_WAITALL))[0]
    data = b""
    while len(data) < size:
        data += sock.recv(size - len(data))
    return head[0] & 0x0F, data


@pytest.fixture
def pair():
    server, phone = gsocket.socketpair()
    yield ViewerConnection(server, Session(), max_message=1000), phone
    server.close()
    phone.close()


def test_the_handshake_key_is_the_one_rfc_6455_gives():
    assert accept_key("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="


def test_messages_are_unmasked_and_fragments_joined(pair):
    connection, phone = pair
    phone.sendall(client_frame("40{\"contest\":\"hà-nội\"}".encode()))
    phone.sendall(client_frame(b"3", fin=False) + client_frame(b"33", opcode=0))
    assert connection.receive() == '40{"contest":"hà-nội"}'
    assert connection.receive() == "333"


def test_a_ping_is_answered_and_a_close_is_returned_then_the_session_ends(pair):
    connection, phone = pair
    phone.sendall(client_frame(b"hi", opcode=0x9) + client_frame(struct.pack(">H", 1000), opcode=0x8))
    assert connection.receive() is None
    assert read_frame(phone) == (0xA, b"hi")
    assert read_frame(phone) == (0x8, struct.pack(">H", 1000))


@pytest.mark.parametrize(("frame", "code"), [
    (b"\x81\x02hi", 1002),  # unmasked: not a browser
    (bytes([0xC1]) + client_frame(b"x")[1:], 1002),  # compressed (RSV1) though nothing was agreed
    (client_frame(b"x" * 2000), 1009),  # larger than the server accepts
])
def test_a_frame_against_the_protocol_ends_the_connection_with_the_reason(pair, frame, code):
    connection, phone = pair
    phone.sendall(frame)
    assert connection.receive() is None
    assert read_frame(phone) == (0x8, struct.pack(">H", code))


def test_a_phone_that_does_not_read_never_holds_the_push_up_and_is_dropped_when_far_behind(pair):
    connection, phone = pair
    frame = server_frame(b"4" + b"2" * 4000)
    written = 0
    while connection.ready() and written < 4 * MAX_BACKLOG:  # each call returns at once
        connection.write(frame)
        written += len(frame)
    assert connection.broken and not connection.ready()  # far behind: cut (its page reconnects)
    assert connection.backlog == bytearray()
    phone.settimeout(5)
    received = b""
    while chunk := phone.recv(65536):
        received += chunk
    assert 0 < len(received) < written  # what the kernel took before the cut, then the end
