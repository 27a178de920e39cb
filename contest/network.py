"""The address tablets and phones reach: the laptop's LAN address instead of 127.0.0.1 or 0.0.0.0.

A server listening on every interface (``--host 0.0.0.0``) is reached by the hall through the
laptop's own address on the hall network; links and QR codes must carry that address.
``CONTEST_PUBLIC_BASE_URL`` (a proxy, a name) always wins. Finding the address sends nothing.
"""

import ipaddress
import socket
from urllib.parse import urlsplit, urlunsplit

WILDCARD_HOSTS = {"", "0.0.0.0", "::"}
# Connecting a UDP socket only picks the route and the source address: no packet leaves.
ROUTE_PROBE = ("10.255.255.255", 1)


def lan_address() -> str | None:
    """This machine's IPv4 address towards the local network, or None without a route to one
    (then set ``CONTEST_PUBLIC_BASE_URL``). Resolving the host name could ask DNS: not used."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(ROUTE_PROBE)
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if is_loopback(address) else address


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def reachable_base_url(url: str, listen_host: str | None = None, configured: str | None = None) -> str:
    """``url`` (a page's host URL, or ``http://<--host>:<--port>``) as the hall's devices reach it.

    The configured public URL wins. A loopback or wildcard host becomes the LAN address unless the
    server only listens on loopback (``listen_host``; None when unknown). No trailing slash.
    """
    if configured:
        return configured.rstrip("/")
    parts = urlsplit(url)
    host = parts.hostname or ""
    listening_locally = listen_host is not None and is_loopback(listen_host)
    if (is_loopback(host) or host in WILDCARD_HOSTS) and not listening_locally:
        lan = lan_address() or ("127.0.0.1" if host in WILDCARD_HOSTS else host)
        parts = parts._replace(netloc=lan + (f":{parts.port}" if parts.port else ""))
    return urlunsplit(parts._replace(path="", query="", fragment=""))
