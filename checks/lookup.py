"""Keys under which indicators are looked up in (and stored into) the blocklist.

The same functions serve a message's indicators, feed rows and manual entries, so a
feed URL and the same URL pasted into a chat meet under one key. Phone and card values
are plain here; the database layer hashes them before they touch the disk.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote

from checks.extract import extract
from checks.indicators import Card, Iban, Indicators, Phone, Url, Username, Wallet
from checks.numbers import mask_card, mask_iban, mask_phone, mask_wallet
from checks.urls import defang

if TYPE_CHECKING:
    from checks.rules import Rules

KINDS = ("url", "domain", "phone", "card", "iban", "username", "wallet")
HASHED_KINDS = frozenset({"phone", "card"})

Indicator = Url | Phone | Card | Iban | Wallet | Username


@dataclass(frozen=True, slots=True)
class Key:
    kind: str
    value: str
    """Normalised; for phones and cards the clear value (hashed by the database layer)."""
    display: str
    """Defanged or masked: safe to show to people and to keep for admins."""


def url_key(host: str, path: str) -> str:
    """`host/path?query` without scheme, port, fragment or a trailing slash."""
    path = unquote(path.split("#", 1)[0])
    if "?" not in path:
        path = path.rstrip("/")
    return host + path


def domain_key(host: str) -> str:
    """A host as a domain entry: `www.` dropped, so www.evil.com and evil.com are one."""
    return host.removeprefix("www.")


def parent_domains(url: Url) -> list[str]:
    """The host and each parent down to the registered domain (a.b.evil.com → b.evil.com...)."""
    host = domain_key(url.host)
    if url.is_ip:
        return [host]
    found = [host]
    floor = url.registered_domain
    while host != floor and "." in host and host.endswith("." + floor):
        host = host.split(".", 1)[1]
        found.append(host)
    return found


def display_of(item: Indicator) -> str:
    """How an indicator is shown: links defanged, numbers masked."""
    if isinstance(item, Url):
        return defang(item)
    if isinstance(item, Phone):
        return mask_phone(item.e164)
    if isinstance(item, Card):
        return mask_card(item.number)
    if isinstance(item, Iban):
        return mask_iban(item.value)
    if isinstance(item, Wallet):
        return mask_wallet(item.address)
    return f"@{item.name}"


def defang_domain(domain: str) -> str:
    return domain.replace(".", "[.]")


def keys_of(item: Indicator) -> list[Key]:
    """Every key an indicator is looked up under (a URL: its own key and its domains)."""
    if isinstance(item, Url):
        shown = defang(item)
        keys = [Key("url", url_key(item.host, item.path), shown)]
        keys += [Key("domain", d, defang_domain(d)) for d in parent_domains(item)]
        return keys
    if isinstance(item, Phone):
        return [Key("phone", item.e164, mask_phone(item.e164))]
    if isinstance(item, Card):
        return [Key("card", item.number, mask_card(item.number))]
    if isinstance(item, Iban):
        return [Key("iban", item.value, mask_iban(item.value))]
    if isinstance(item, Wallet):
        return [Key("wallet", wallet_value(item.address), mask_wallet(item.address))]
    return [Key("username", item.name.lower(), f"@{item.name.lower()}")]


def wallet_value(address: str) -> str:
    """Ethereum addresses are case-insensitive (checksum case); others are not."""
    return address.lower() if address.lower().startswith("0x") else address


def all_indicators(found: Indicators) -> list[Indicator]:
    return [
        *found.urls,
        *found.phones,
        *found.cards,
        *found.ibans,
        *found.wallets,
        *found.usernames,
    ]


def entry_key(item: Indicator, *, url_only: bool) -> Key:
    """The one key a report or a block of this indicator is stored under.

    A link becomes a domain entry (the whole site), unless `url_only` (the site is a
    platform anyone can publish on, or allowlisted): then only that exact address.
    """
    keys = keys_of(item)
    if isinstance(item, Url):
        return keys[0] if url_only else keys[1]
    return keys[0]


def parse_value(value: str, kind: str | None = None) -> Key | None:
    """One indicator typed by a person or read from a feed, as a storable key.

    `kind` None guesses: a bare domain becomes a domain entry, a link with a path a URL.
    """
    value = value.strip()
    if not value or len(value) > 2_000:
        return None
    if kind == "username" or (kind is None and value.startswith("@")):
        name = value.removeprefix("@").lower()
        ok = 4 <= len(name) <= 32 and name.replace("_", "").isalnum() and name.isascii()
        return Key("username", name, f"@{name}") if ok else None
    found = extract(value)
    if kind in (None, "url", "domain") and found.urls:
        url = found.urls[0]
        bare = "://" not in url.raw and url.path.strip("/") == ""
        if kind == "domain" or (kind is None and bare):
            domain = domain_key(url.host)
            return Key("domain", domain, defang_domain(domain))
        return keys_of(url)[0]
    wanted = {
        "phone": found.phones,
        "card": found.cards,
        "iban": found.ibans,
        "wallet": found.wallets,
    }
    for name, items in wanted.items():
        if items and kind in (None, name):
            return keys_of(items[0])[0]
    return None


SKIP, ONE_ADDRESS, WHOLE_SITE = 0, 1, 2


class SitePolicy:
    """How a bad address on a host is blocked, for feeds and community reports.

    SKIP: an official or allowlisted site (the engine ignores it anyway); ONE_ADDRESS: a
    platform, shortener or big shared host, where one bad page says nothing about the site;
    WHOLE_SITE: anything else (the host and its subdomains).
    """

    def __init__(self, rules: Rules, allowed_domains: Iterable[str] = ()) -> None:
        brands = rules.brands
        self._skip = frozenset(allowed_domains) | brands.known_domains()
        self._suffixes = frozenset(brands.official_suffixes)  # gov.kz: the state only
        self._skip_suffixes = tuple("." + s for s in brands.official_suffixes)
        self._shared = frozenset(brands.platforms | rules.shorteners | rules.shared_hosts)

    def judge(self, host: str) -> int:
        if host in self._suffixes or host.endswith(self._skip_suffixes):
            return SKIP
        official = shared = False
        name = domain_key(host)
        while True:
            official = official or name in self._skip
            shared = shared or name in self._shared
            dot = name.find(".")
            if dot < 0:
                break
            name = name[dot + 1 :]
        if shared:  # t.me/anyone: even a platform's own domain carries strangers' pages
            return ONE_ADDRESS
        return SKIP if official else WHOLE_SITE
