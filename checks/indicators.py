"""What `extract` finds in a message. Values are normalised; spans point into the original."""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Url:
    raw: str
    """As written (after removing invisible characters), e.g. `hxxps://kaspi[.]kz`."""
    host: str
    """ASCII host (punycode for IDN), lower case, no trailing dot."""
    host_unicode: str
    registered_domain: str
    """eTLD+1 by the Public Suffix List (private suffixes included), or the host for IPs."""
    suffix: str
    path: str = ""
    userinfo: str = ""
    is_ip: bool = False
    hidden: bool = False
    """True when the link sat behind other words (a text_link entity)."""
    visible_text: str = ""
    span: Span = (0, 0)

    @property
    def subdomain(self) -> str:
        if not self.registered_domain or self.host == self.registered_domain:
            return ""
        return self.host[: -len(self.registered_domain) - 1]


@dataclass(frozen=True, slots=True)
class OddLink:
    """A link that is not a web address: `javascript:`, `data:`, `file:`, `intent://`..."""

    scheme: str
    """Lower case, without the colon."""
    raw: str
    """As written, at most 200 characters."""
    span: Span = (0, 0)

    @property
    def runs_code(self) -> bool:
        """Opening it runs a script or shows a page made up on the spot."""
        return self.scheme in ("javascript", "data", "vbscript", "livescript")

    @property
    def display(self) -> str:
        """Defanged: never a tappable link."""
        shown = self.raw if len(self.raw) <= 60 else self.raw[:59] + "…"
        return shown.replace(":", "[:]", 1).replace(".", "[.]")


@dataclass(frozen=True, slots=True)
class Phone:
    e164: str
    region: str
    """ISO region by numbering plan: KZ, RU, 001 (satellite/international networks), ..."""
    kind: str
    """mobile | fixed | voip | toll_free | premium | other"""
    span: Span = (0, 0)


@dataclass(frozen=True, slots=True)
class Card:
    number: str
    """Digits only; never logged or stored in clear."""
    span: Span = (0, 0)

    @property
    def bin(self) -> str:
        return self.number[:6]


@dataclass(frozen=True, slots=True)
class Iban:
    value: str
    bank_code: str
    span: Span = (0, 0)


@dataclass(frozen=True, slots=True)
class Wallet:
    address: str
    network: str
    """btc | eth | tron"""
    span: Span = (0, 0)


@dataclass(frozen=True, slots=True)
class Username:
    name: str
    """Lower case, without @."""
    span: Span = (0, 0)


@dataclass(slots=True)
class Indicators:
    urls: list[Url] = field(default_factory=list)
    usernames: list[Username] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    ibans: list[Iban] = field(default_factory=list)
    wallets: list[Wallet] = field(default_factory=list)
    odd_links: list[OddLink] = field(default_factory=list)
    truncated: bool = False
    """More indicators than we check were present; the rest were ignored."""

    @property
    def has_contact(self) -> bool:
        """A way to pay or reach someone: phone, username, card, IBAN or wallet."""
        return any((self.phones, self.usernames, self.cards, self.ibans, self.wallets))

    def __bool__(self) -> bool:
        return any(
            (
                self.urls,
                self.usernames,
                self.phones,
                self.cards,
                self.ibans,
                self.wallets,
                self.odd_links,
            )
        )
