"""Who the preview server answers: its own host names and its own origins, nobody else.

A page on another site can reach a server on 127.0.0.1 through DNS rebinding: its name is made to resolve
to 127.0.0.1, and the browser then treats the preview as that site (same origin), reading its pages and
opening its websocket. The browser still names the attacker's site in the ``Host`` header, and in the
``Origin`` header of a websocket handshake; so the server answers only requests whose ``Host`` is one of
its own names, and accepts a websocket only from one of its own origins.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
WILDCARD_ADDRESSES = frozenset({"", "0.0.0.0", "::"})
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
MAX_PORT = 65535


def parse_authority(text: str) -> tuple[str, int | None] | None:
    """``host[:port]`` as sent in a ``Host`` header or an origin: (canonical host, port or None), or None
    if it is not one. IP addresses are canonical (``[0:0::1]`` is ``::1``, without brackets); names are
    lower-cased. An IPv6 address must be in brackets, so a bare colon always starts the port."""
    if text.startswith("["):
        inside, bracket, rest = text[1:].partition("]")
        address = _ip(inside)
        if not bracket or address is None or address.version != 6:
            return None
        host = str(address)
    else:
        host, colon, port_text = text.partition(":")
        rest = colon + port_text
        address = _ip(host)
        if address is not None and address.version == 4:
            host = str(address)
        elif address is not None or not _is_name(host):  # an IPv6 address without brackets, or no name
            return None
        else:
            host = host.lower()
    if not rest:
        return host, None
    digits = rest[1:]
    if not rest.startswith(":") or not digits.isascii() or not digits.isdigit() or len(digits) > 5:
        return None
    port = int(digits)
    return (host, port) if 0 < port <= MAX_PORT else None


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _is_name(host: str) -> bool:
    """A DNS name's characters only (letters, digits, '-', '.', '_'): anything else is not a host."""
    return bool(host) and host.isascii() and all(c.isalnum() or c in "-._" for c in host)


@dataclass(frozen=True)
class Guard:
    """The host names and origins of one server.

    ``names``: the loopback names (127.0.0.1, localhost, ::1) and the ``--host`` given. Bound to every
    address (``--host 0.0.0.0`` or ``::``), the server is reached by addresses it cannot list, so any IP
    address is also allowed, and this machine's host name: DNS rebinding needs a *name* that an attacker
    controls, which an IP address never is.
    """

    names: frozenset[str]
    port: int
    any_address: bool = False

    @classmethod
    def for_server(cls, host: str, port: int) -> Guard:
        names = set(LOOPBACK_NAMES)
        bare = host.strip("[]")
        any_address = bare in WILDCARD_ADDRESSES
        if any_address:
            names.add(socket.gethostname().lower())
        else:
            given = parse_authority(f"[{bare}]" if ":" in bare else bare)
            if given is not None:
                names.add(given[0])
        return cls(frozenset(names), port, any_address)

    def allows_host(self, header: str | None) -> bool:
        """Whether a ``Host`` header names this server: one of its names, with its port or none."""
        parsed = parse_authority(header) if header else None
        return parsed is not None and parsed[1] in (None, self.port) and self._allows_name(parsed[0])

    def allows_origin(self, origin: str) -> bool:
        """Whether an ``Origin`` is one of this server's own: ``http://NAME:PORT`` for one of its names.

        ``null`` (a page opened from a file, or a sandboxed frame) is refused: the reload script is put
        only into pages this server serves, which have its own origin."""
        scheme, separator, authority = origin.partition("://")
        if not separator or scheme.lower() != "http":
            return False
        parsed = parse_authority(authority)
        return parsed is not None and (parsed[1] or 80) == self.port and self._allows_name(parsed[0])

    def _allows_name(self, host: str) -> bool:
        return host in self.names or (self.any_address and _ip(host) is not None)

    def describe(self) -> str:
        """The addresses this server answers, for its log and its refusals."""
        return ", ".join(self.origins()) + (f", or any IP address with port {self.port}" if self.any_address else "")

    def origins(self) -> list[str]:
        """The origins this server accepts, as shown to the user (the loopback ones and ``--host``)."""
        return [f"http://{f'[{name}]' if ':' in name else name}:{self.port}" for name in sorted(self.names)]
