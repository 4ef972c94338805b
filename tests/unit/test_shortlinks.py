"""Short-link expansion: only shorteners are contacted, only at checked public addresses."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from bot.shortlinks import ShortLinkExpander, is_public
from tests.trap_server import trap_server

SHORTENERS = {"bit.ly", "tinyurl.com", "clck.ru"}
PUBLIC = {
    "bit.ly": ["67.199.248.10"],
    "tinyurl.com": ["2606:4700::6812:1"],
    "clck.ru": ["87.250.250.1"],
}


def shortener(host: str) -> bool:
    return host in SHORTENERS


class Resolver:
    def __init__(self, answers: dict[str, list[list[str]]]) -> None:
        self.answers = {host: iter(seq) for host, seq in answers.items()}
        self.asked: list[str] = []

    async def __call__(self, host: str) -> list[str]:
        self.asked.append(host)
        return next(self.answers[host])


def static(table: dict[str, list[str]]) -> Resolver:
    def forever(addresses: list[str]) -> Iterator[list[str]]:
        while True:
            yield addresses

    resolver = Resolver({})
    resolver.answers = {host: forever(a) for host, a in table.items()}
    return resolver


class Redirects:
    """A fake Internet: host -> Location; records every request it gets."""

    def __init__(self, routes: dict[str, str]) -> None:
        self.routes = routes
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        location = self.routes.get(request.headers["host"])
        if location is None:
            return httpx.Response(200)
        return httpx.Response(301, headers={"location": location})


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700::6812:1", True),
        ("::ffff:8.8.8.8", True),
        ("127.0.0.1", False),
        ("10.0.0.5", False),
        ("172.16.3.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("::ffff:10.0.0.1", False),
        ("64:ff9b::a9fe:a9fe", False),  # NAT64 of 169.254.169.254
        ("2002:7f00:1::", False),  # 6to4 of 127.0.0.1
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", False),  # Teredo
        ("::7f00:1", False),  # IPv4-compatible 127.0.0.1
        ("::ffff:0:7f00:1", False),  # IPv4-translated 127.0.0.1
        ("64:ff9b:1::1", False),  # local-use NAT64
        ("64:ff9b::808:808", True),  # NAT64 of 8.8.8.8
        ("fec0::1", False),  # site-local
        ("192.0.0.8", False),  # IETF protocol assignments
        ("2001:db8::1", False),  # documentation
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("not an address", False),
    ],
)
def test_only_public_unicast_addresses_pass(address: str, public: bool) -> None:
    assert is_public(address) is public


async def test_follows_shorteners_and_never_requests_the_final_site() -> None:
    web_ = Redirects(
        {"bit.ly": "https://tinyurl.com/abc", "tinyurl.com": "https://kaspi-bonus.top/login"}
    )
    expander = ShortLinkExpander(
        shortener, resolver=static(PUBLIC), transport=httpx.MockTransport(web_)
    )
    assert await expander.expand("https://bit.ly/xyz") == "https://kaspi-bonus.top/login"
    sent = [
        (r.method, str(r.url), r.headers["host"], r.extensions["sni_hostname"])
        for r in web_.requests
    ]
    assert sent == [
        ("HEAD", "https://67.199.248.10/xyz", "bit.ly", "bit.ly"),
        ("HEAD", "https://[2606:4700::6812:1]/abc", "tinyurl.com", "tinyurl.com"),
    ]
    await expander.close()


async def test_at_most_three_hops() -> None:
    web_ = Redirects(
        {
            "bit.ly": "https://tinyurl.com/1",
            "tinyurl.com": "https://clck.ru/2",
            "clck.ru": "https://bit.ly/3",
        }
    )
    expander = ShortLinkExpander(
        shortener, resolver=static(PUBLIC), transport=httpx.MockTransport(web_)
    )
    assert await expander.expand("https://bit.ly/0") == "https://bit.ly/3"
    assert len(web_.requests) == 3


async def test_relative_location_is_resolved_against_the_short_link() -> None:
    web_ = Redirects({"bit.ly": "/landing?id=7"})
    expander = ShortLinkExpander(
        shortener, resolver=static(PUBLIC), transport=httpx.MockTransport(web_)
    )
    assert await expander.expand("https://bit.ly/x") == "https://bit.ly/landing?id=7"


@pytest.mark.parametrize(
    "addresses",
    [
        ["127.0.0.1"],
        ["10.1.2.3"],
        ["::ffff:127.0.0.1"],
        ["169.254.169.254"],
        ["67.199.248.10", "192.168.0.1"],
        [],
    ],
)
async def test_a_shortener_resolving_to_a_private_address_is_never_contacted(
    addresses: list[str],
) -> None:
    web_ = Redirects({"bit.ly": "https://example.com/"})
    expander = ShortLinkExpander(
        shortener, resolver=static({"bit.ly": addresses}), transport=httpx.MockTransport(web_)
    )
    assert await expander.expand("https://bit.ly/x") is None
    assert web_.requests == []


async def test_dns_rebinding_cannot_redirect_the_connection() -> None:
    """The host is resolved once per hop and the request goes to that checked address."""
    web_ = Redirects({"bit.ly": "https://example.com/"})
    resolver = Resolver({"bit.ly": [["67.199.248.10"], ["127.0.0.1"]]})
    expander = ShortLinkExpander(shortener, resolver=resolver, transport=httpx.MockTransport(web_))
    assert await expander.expand("https://bit.ly/x") == "https://example.com/"
    assert resolver.asked == ["bit.ly"]
    assert [r.url.host for r in web_.requests] == ["67.199.248.10"]


@pytest.mark.parametrize(
    "url",
    ["https://example.com/x", "https://bit.ly:8443/x", "ftp://bit.ly/x", "https://u:p@bit.ly/x"],
)
async def test_not_a_shortener_or_odd_port_is_not_contacted(url: str) -> None:
    web_ = Redirects({})
    expander = ShortLinkExpander(
        shortener, resolver=static(PUBLIC), transport=httpx.MockTransport(web_)
    )
    assert await expander.expand(url) is None
    assert web_.requests == []


async def test_results_are_cached() -> None:
    web_ = Redirects({"bit.ly": "https://example.com/"})
    expander = ShortLinkExpander(
        shortener, resolver=static(PUBLIC), transport=httpx.MockTransport(web_)
    )
    for _ in range(3):
        assert await expander.expand("https://bit.ly/x") == "https://example.com/"
    assert len(web_.requests) == 1


async def test_a_hanging_shortener_times_out() -> None:
    never = asyncio.Event()

    async def hang(request: httpx.Request) -> httpx.Response:
        await never.wait()
        return httpx.Response(500)

    expander = ShortLinkExpander(
        shortener, resolver=static(PUBLIC), transport=httpx.MockTransport(hang), hop_seconds=0.05
    )
    assert await expander.expand("https://bit.ly/x") is None


async def test_against_a_real_local_server_nothing_reaches_it() -> None:
    """An attacker's DNS points the shortener at our own machine: refused before connecting."""
    async with trap_server() as trap:
        async with httpx.AsyncClient() as control:  # the server itself is reachable
            await control.get(f"http://127.0.0.1:{trap.port}/control", follow_redirects=False)
        expander = ShortLinkExpander(
            shortener,
            resolver=static({"bit.ly": ["127.0.0.1"], "tinyurl.com": ["::ffff:127.0.0.1"]}),
        )
        assert await expander.expand(f"http://bit.ly:{trap.port}/x") is None  # odd port
        assert await expander.expand("http://bit.ly/x") is None  # loopback
        assert await expander.expand("http://tinyurl.com/x") is None  # mapped loopback
        await expander.close()
    assert trap.hits == ["/control"]
