"""Believe a reverse proxy's X-Forwarded-* headers, but only when the proxy is trusted.

Behind a proxy every request comes from the proxy's address, over its scheme, for its host.
When the connecting peer is in `[server] trusted_proxies`, this WSGI middleware takes:

- the client address from X-Forwarded-For: walking from the right, past every trusted hop, to
  the first address that is not trusted (a client cannot forge the hops its proxy appends);
- the scheme from X-Forwarded-Proto (http or https; the nearest proxy's value);
- the host from X-Forwarded-Host (the nearest proxy's value, when it is a plain host[:port]).

From any other peer the headers are ignored, so nobody can claim another address or HTTPS.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from typing import Any

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
HOST_RE = re.compile(r"^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")
PEER_KEY = "wallboard.proxy_peer"


def parse_address(value: str) -> IPAddress | None:
    """An IP address from a header or REMOTE_ADDR ('::ffff:10.0.0.1' as 10.0.0.1), or None."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # '[2001:db8::1]:443'
        value = value[1:value.index("]")]
    elif value.count(":") == 1:  # '10.0.0.1:5123'
        value = value.split(":")[0]
    try:
        address = ipaddress.ip_address(value.split("%")[0])
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


class ForwardedHeaders:
    """WSGI middleware: apply X-Forwarded-For/-Proto/-Host from trusted proxies only."""

    def __init__(self, app: Callable[..., Any], trusted: Iterable[str]) -> None:
        self.app = app
        self.networks = tuple(ipaddress.ip_network(n, strict=False) for n in trusted)

    def trusted(self, address: IPAddress | None) -> bool:
        return address is not None and any(address in net for net in self.networks)

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Any:
        peer = environ.get("REMOTE_ADDR", "")
        if self.networks and self.trusted(parse_address(peer)):
            environ[PEER_KEY] = peer
            self._apply(environ)
        return self.app(environ, start_response)

    def _apply(self, environ: dict) -> None:
        hops = [h for h in environ.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        for hop in reversed(hops):
            address = parse_address(hop)
            if address is None:
                break  # garbage: keep the last address a trusted hop vouched for
            environ["REMOTE_ADDR"] = str(address)
            if not self.trusted(address):
                break
        proto = _nearest(environ.get("HTTP_X_FORWARDED_PROTO", "")).lower()
        if proto in ("http", "https"):
            environ["wsgi.url_scheme"] = proto
        host = _nearest(environ.get("HTTP_X_FORWARDED_HOST", ""))
        if host and HOST_RE.match(host):
            environ["HTTP_HOST"] = host


def _nearest(value: str) -> str:
    """The right-most of a comma-separated header: the value the nearest proxy set."""
    return value.rsplit(",", 1)[-1].strip()


def trust_proxies(app: Callable[..., Any], trusted: Iterable[str]) -> Callable[..., Any]:
    """Wrap a WSGI app so that it believes the forwarded headers of trusted proxies only."""
    trusted = tuple(trusted)
    return ForwardedHeaders(app, trusted) if trusted else app
