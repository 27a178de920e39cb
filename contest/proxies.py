"""The real client address behind a reverse proxy, and only behind one we trust.

Behind nginx every request comes from the proxy's address, so per-client rate limits (the login's
20/min) would be shared by the whole city. ``CONTEST_TRUSTED_PROXIES`` lists the proxies' addresses
or networks (``127.0.0.1``, ``10.0.0.0/8``): a request arriving from one of them gets the client
address its ``X-Forwarded-For`` names (the right-most hop that is not itself a trusted proxy) and its
``X-Forwarded-Proto``. A request from anywhere else keeps its own address, whatever headers it sends,
so a phone cannot pose as another one. Werkzeug's ProxyFix trusts a number of hops, not addresses: a
client reaching the app directly could forge the header, hence this middleware.
"""

import ipaddress
from collections.abc import Iterable
from typing import Any

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(text: str | None) -> list[Network]:
    """``"127.0.0.1, 10.0.0.0/8"`` -> networks; raises ValueError naming a bad item."""
    networks = []
    for item in (text or "").replace(";", ",").split(","):
        item = item.strip()
        if item:
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError as error:
                raise ValueError(f"CONTEST_TRUSTED_PROXIES: {item!r} is not an IP address or network") from error
    return networks


class TrustedProxies:
    """WSGI middleware rewriting ``REMOTE_ADDR`` and the URL scheme for requests from trusted proxies."""

    def __init__(self, wsgi_app: Any, networks: Iterable[Network]) -> None:
        self.wsgi_app = wsgi_app
        self.networks = list(networks)

    def trusted(self, address: str | None) -> bool:
        try:
            ip = ipaddress.ip_address((address or "").strip())
        except ValueError:
            return False
        return any(ip in network for network in self.networks)

    def client_address(self, remote: str, forwarded_for: str) -> str:
        """Walk the hops from the nearest: the first one that is not a trusted proxy is the client."""
        client = remote
        for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
            try:
                ipaddress.ip_address(hop)
            except ValueError:
                break  # garbage in the header: keep the last address a trusted proxy vouched for
            client = hop
            if not self.trusted(hop):
                break
        return client

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        remote = environ.get("REMOTE_ADDR", "")
        if self.networks and self.trusted(remote):
            forwarded_for = environ.get("HTTP_X_FORWARDED_FOR", "")
            if forwarded_for:
                environ["contest.proxy_addr"] = remote
                environ["REMOTE_ADDR"] = self.client_address(remote, forwarded_for)
            proto = environ.get("HTTP_X_FORWARDED_PROTO", "").split(",")[0].strip().lower()
            if proto in ("http", "https"):
                environ["wsgi.url_scheme"] = proto
        return self.wsgi_app(environ, start_response)
