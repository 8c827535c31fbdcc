"""Where a request came from: the one place that reads ``REMOTE_ADDR`` and ``X-Forwarded-For``.

The security audit log, the login lockout (django-axes' ``AXES_CLIENT_IP_CALLABLE``), the public
portal's rate limit and the party page's access log all ask ``client_address``, so they agree.

``X-Forwarded-For`` is anyone's to write: it is read only when the connection comes from a proxy
listed in ``ZHIFA_TRUSTED_PROXIES`` (addresses or CIDR blocks), and then from the right: each
trusted proxy appends the address it saw, so the right-most address that is not one of ours is
the client. Whatever a client puts further left is ignored — a forged header neither locks nor
unlocks a login, nor escapes the portal's rate limit.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:  # imported by zhifa/settings.py: nothing heavier than django.conf here
    from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
MAX_LENGTH = 45  # the longest textual IPv6 address (with an embedded IPv4)


def parse_proxies(values: Iterable[str], *, name: str = "ZHIFA_TRUSTED_PROXIES") -> list[Network]:
    """``["10.0.0.2", "172.16.0.0/12", "::1"]`` → networks; an entry that is not an address or
    a CIDR block is refused with its name (read at start-up from ``zhifa/settings.py``)."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}：{value!r} 不是 IP 地址或 CIDR 网段 (例如 127.0.0.1、10.0.0.0/8)"
            ) from None
    return networks


@functools.lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(parse_proxies(values))


def trusted_proxies() -> tuple[Network, ...]:
    return _trusted(tuple(getattr(settings, "ZHIFA_TRUSTED_PROXIES", ())))


def _ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _is_trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> bool:
    return address is not None and any(address in net for net in trusted_proxies())


def client_address(request: HttpRequest) -> str:
    """The client's address: the connection's peer, or — when that peer is a trusted proxy — the
    right-most address of ``X-Forwarded-For`` that is not a trusted proxy. A malformed entry
    where the client's address should be gives the proxy's own address (never a client's
    choice of text)."""
    peer = str(request.META.get("REMOTE_ADDR") or "").strip()
    if not _is_trusted(_ip(peer)):
        return peer[:MAX_LENGTH]
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _ip(hop)
        if address is None:
            return peer[:MAX_LENGTH]
        if not _is_trusted(address):
            return str(address)[:MAX_LENGTH]
    # every hop is one of our proxies (a health check from inside): the left-most, or the peer
    return (str(_ip(hops[0])) if hops else peer)[:MAX_LENGTH]
