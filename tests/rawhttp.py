"""A raw HTTP/1.1 and websocket client for the serve tests: requests exactly as written (any target, any
Host header or none, repeated headers), responses read as they come, masked websocket frames."""

from __future__ import annotations

import base64
import os
import socket
import struct
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass
class Reply:
    status: int
    headers: dict[str, list[str]]  # lower-case names
    body: bytes

    def header(self, name: str) -> str | None:
        values = self.headers.get(name.lower())
        return values[0] if values else None


def request_bytes(
    target: str | bytes,
    host: str | None,
    method: str = "GET",
    headers: Sequence[tuple[str, str]] = (),
    version: str = "HTTP/1.1",
) -> bytes:
    """A request exactly as given: the target is not normalised, the Host may be anything or missing."""
    target = target if isinstance(target, bytes) else target.encode("ascii")
    lines = [method.encode() + b" " + target + b" " + version.encode()]
    if host is not None:
        lines.append(b"Host: " + host.encode("utf-8"))
    lines += [f"{name}: {value}".encode() for name, value in headers]
    if not any(name.lower() == "upgrade" for name, _ in headers):
        lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n"


def read_reply(sock: socket.socket) -> Reply:
    """One response: its head, then its body by Content-Length (or until the server closes)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, list[str]] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    status = int(status_line.split()[1])
    length = headers.get("content-length")
    if status != 101:
        while length is None or len(body) < int(length[0]):
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    return Reply(status, headers, body)


def send(port: int, request: bytes) -> Reply:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        return read_reply(sock)


def get(port: int, target: str | bytes, host: str | None = None, **options) -> Reply:
    """GET ``target`` with ``host`` as its Host header (by default the server's own 127.0.0.1:PORT)."""
    return send(port, request_bytes(target, f"127.0.0.1:{port}" if host is None else host, **options))


def handshake_headers(origin: str | None, *extra: tuple[str, str]) -> list[tuple[str, str]]:
    key = base64.b64encode(os.urandom(16)).decode()
    headers = [
        ("Upgrade", "websocket"),
        ("Connection", "Upgrade"),
        ("Sec-WebSocket-Key", key),
        ("Sec-WebSocket-Version", "13"),
    ]
    return headers + ([("Origin", origin)] if origin is not None else []) + list(extra)


def frame(payload: bytes, opcode: int = 0x1) -> bytes:
    """One masked websocket frame, as a client sends it."""
    mask = os.urandom(4)
    size = len(payload)
    if size < 126:
        head = struct.pack("!BB", 0x80 | opcode, 0x80 | size)
    elif size < 65536:
        head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, size)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, size)
    return head + mask + bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))


def read_frame(sock: socket.socket) -> tuple[int, bytes]:
    """(opcode, payload) of one unmasked server frame."""

    def exactly(count: int) -> bytes:
        data = b""
        while len(data) < count:
            chunk = sock.recv(count - len(data))
            assert chunk, "the server closed the connection without a close frame"
            data += chunk
        return data

    first, second = exactly(2)
    size = second & 0x7F
    if size == 126:
        size = struct.unpack("!H", exactly(2))[0]
    elif size == 127:
        size = struct.unpack("!Q", exactly(8))[0]
    return first & 0x0F, exactly(size)


def closed_by_server(sock: socket.socket) -> bool:
    """Whether the server ends the connection: a close frame, or (for a text frame that is not UTF-8,
    which tornado treats as a broken connection) by closing it at once."""
    try:
        first = sock.recv(1)
    except ConnectionResetError:
        return True
    return first in (b"", b"\x88")


def open_websocket(port: int, origin: str | None, *extra: tuple[str, str]) -> tuple[socket.socket, Reply]:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(request_bytes("/livereload", f"127.0.0.1:{port}", headers=handshake_headers(origin, *extra)))
    return sock, read_reply(sock)
