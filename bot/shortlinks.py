"""Guarded short-link expansion: the one time the bot contacts an address a person sent.

Only hosts of known shorteners are ever contacted, with one HEAD request per hop and at
most three hops; where a hop leads off the shorteners, that address is the answer and is
never requested. Every hop's host is resolved here and refused if any of its addresses is
not public (private, loopback, link-local, shared, reserved, multicast, IPv4 inside IPv6);
the request then goes to the very address that was checked (TLS still verified against
the host name), so DNS cannot rebind between the check and the connection.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable

import httpx

log = logging.getLogger(__name__)

MAX_HOPS = 3
HOP_SECONDS = 3.0
MAX_LOCATION = 2048
CACHE_SIZE = 10_000
CACHE_SECONDS = 24 * 3600
FAILED_CACHE_SECONDS = 600
_PORTS = {"http": 80, "https": 443}
_REDIRECTS = {301, 302, 303, 307, 308}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

Resolver = Callable[[str], Awaitable[list[str]]]


class Refused(Exception):
    """The hop is not allowed: not a shortener, odd port, or an address that is not public."""


async def system_resolver(host: str) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


# Ranges Python's `is_global` lets through (3.11) but that never lead to a public web
# server, or that wrap an address which may be local.
_DENIED = tuple(
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",  # "this network"
        "192.0.0.0/24",  # IETF protocol assignments
        "240.0.0.0/4",  # reserved, and the broadcast address
        "::/96",  # IPv4-compatible IPv6 (deprecated): ::7f00:1 is 127.0.0.1
        "::ffff:0:0:0/96",  # IPv4-translated (SIIT): ::ffff:0:7f00:1
        "64:ff9b:1::/48",  # local-use NAT64 (RFC 8215)
        "100::/64",  # discard-only
        "2001::/23",  # IETF protocol assignments (Teredo and others)
        "2001:db8::/32",  # documentation
        "fec0::/10",  # site-local (deprecated)
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
    )
)


def is_public(address: str) -> bool:
    """True only for globally routable unicast addresses, looking inside IPv6 wrappers.

    The standard library's `is_global`, plus explicit denials for ranges it misses and a
    look at the IPv4 address inside mapped, 6to4 and NAT64 forms.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.teredo is not None:
            return False
        embedded = ip.ipv4_mapped or ip.sixtofour
        if ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public(str(embedded))
    if any(ip.version == net.version and ip in net for net in _DENIED):
        return False
    return ip.is_global and not ip.is_multicast and not ip.is_reserved


class ShortLinkExpander:
    """Follows short links to where they lead; results (and failures) are cached."""

    def __init__(
        self,
        is_shortener: Callable[[str], bool],
        *,
        resolver: Resolver = system_resolver,
        transport: httpx.AsyncBaseTransport | None = None,
        hop_seconds: float = HOP_SECONDS,
        max_hops: int = MAX_HOPS,
    ) -> None:
        self._is_shortener = is_shortener
        self._resolve = resolver
        self._hop_seconds = hop_seconds
        self._max_hops = max_hops
        self._client = httpx.AsyncClient(
            transport=transport,
            follow_redirects=False,
            trust_env=False,  # never through a proxy from the environment
            timeout=hop_seconds,
            headers={"User-Agent": "kz-antifraud-bot link checker"},
        )
        self._cache: OrderedDict[str, tuple[float, str | None]] = OrderedDict()

    async def close(self) -> None:
        await self._client.aclose()

    async def expand(self, url: str) -> str | None:
        """Where `url` (a short link) leads, or None when that cannot be found out safely."""
        now = time.monotonic()
        cached = self._cache.get(url)
        if cached is not None and cached[0] > now:
            self._cache.move_to_end(url)
            return cached[1]
        target = await self._follow(url)
        ttl = CACHE_SECONDS if target else FAILED_CACHE_SECONDS
        self._cache[url] = (now + ttl, target)
        self._cache.move_to_end(url)
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return target

    async def _follow(self, url: str) -> str | None:
        current: str | None = None
        following = url
        for _hop in range(self._max_hops):
            try:
                parsed = httpx.URL(following)
            except (httpx.InvalidURL, ValueError):
                return current
            if not self._is_shortener(parsed.host):
                return current if current is not None else None
            try:
                async with asyncio.timeout(self._hop_seconds):
                    location = await self._hop(parsed)
            except Refused as exc:
                log.info("short link hop refused: %s", exc)
                return current
            except (httpx.HTTPError, TimeoutError, OSError, UnicodeError):
                return current
            if location is None:
                return current
            current = following = location
        return current

    async def _hop(self, url: httpx.URL) -> str | None:
        """One HEAD to a checked address of `url`'s host; the absolute Location, if any."""
        if url.scheme not in _PORTS or (url.port or _PORTS[url.scheme]) != _PORTS[url.scheme]:
            raise Refused(f"scheme or port of {url.host}")
        if url.userinfo:
            raise Refused("user info in a short link")
        addresses = await self._resolve(url.host)
        if not addresses:
            raise Refused(f"{url.host} has no address")
        bad = [a for a in addresses if not is_public(a)]
        if bad:
            raise Refused(f"{url.host} resolves to a non-public address")
        request = self._client.build_request(
            "HEAD",
            url.copy_with(host=addresses[0]),
            headers={"Host": url.netloc.decode("ascii")},
            extensions={"sni_hostname": url.host},
        )
        response = await self._client.send(request)
        await response.aclose()
        if response.status_code not in _REDIRECTS:
            return None
        location = response.headers.get("location", "")
        if not location or len(location) > MAX_LOCATION:
            return None
        absolute = url.join(location)
        if absolute.scheme not in _PORTS:
            return None
        return str(absolute)
