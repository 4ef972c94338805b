"""The organisations people trust (content/registry.toml), and look-alikes of them.

A link to an organisation's own domain, one of its official paths, or anything under
gov.kz is official. A link that borrows an organisation's name is impersonation:

- strong (the verdict is dangerous): the name spelt with look-alike letters or digits on
  another domain, the name glued to phishing words (`kaspi-bonus.top`, `halyk-kz.com`),
  the name or a real domain as a subdomain of someone else's (`kaspi.kz.secure-pay.ru`),
  the name in the userinfo part (`https://kaspi.kz@evil.top`);
- weak (suspicious): one slip away from a distinctive name (`kaspl.kz`, `haylk.kz`), or
  an ordinary-word name (`forte`, `post`) alone on another domain.

Names are compared as skeletons (checks/skeleton.py) against indexes built once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from checks.indicators import Phone, Url, Username
from checks.skeleton import canon, mixed_scripts, skeleton
from checks.urls import to_unicode

# 7111, 1414, 102 on their own: not inside a longer number, a price, a date or a percentage.
_SHORT_NUMBER = re.compile(
    r"(\d(?<![\d.,\-+]\d)\d{2,3})(?!\d)(?![.,]\d|\s?(?:₸|тг|тенге|kzt|%))", re.IGNORECASE
)
FUZZY_MIN = 4  # names shorter than this are matched exactly (olx, bcc, kmf)
FUZZY_TWO = 9  # names this long may be two slips away
FUZZY_SHORT = 5  # names this short keep their first letter in a slip
FUZZY_KZ = 3  # on .kz even three-letter names may be one slip away (olz.kz, boc1.kz)
# Country-code TLDs used as generic names, and Russia's: phishing for Kazakhstan lives on
# these, .kz and the generic TLDs. A near-miss of a name on any other country's TLD is
# that country's own site (halkbank.com.tr, post.ch), not a look-alike.
_GENERIC_CC = frozenset(
    {"ru", "su", "cc", "me", "io", "co", "tv", "ws", "la", "to", "gg", "ai", "ly"}
)
_OPEN_TLDS = frozenset({"com", "net", "org", "info", "biz", "app", "pro", "dev", "page", "xyz"})
_SPLIT = re.compile(r"[-_.]+|(?<=\D)(?=\d)|(?<=\d)(?=\D)")


_DIGITS_READ = frozenset("oi2easb69")  # what digits become in a skeleton (0→o, 1→i...)


def _number(piece: str) -> bool:
    """A run of digits, possibly read as letters by the skeleton (2026 → 2o26)."""
    return piece.isdigit() or (
        len(piece) <= 6 and set(piece) <= _DIGITS_READ and any(c.isdigit() for c in piece)
    )


@dataclass(frozen=True, slots=True)
class Brand:
    id: str
    kind: str
    titles: dict[str, str]
    official: tuple[str, ...]
    """Registered domains the organisation owns wholly (their subdomains too)."""
    paths: tuple[str, ...] = ()
    """Official `host/path` prefixes on domains it does not own wholly."""
    related: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    tokens: tuple[str, ...] = ()
    common: frozenset[str] = frozenset()
    """Tokens that are also ordinary words: only exact, or glued to a phishing word."""
    short: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    telegram: tuple[str, ...] = ()
    iban_code: str | None = None
    abroad: frozenset[str] = frozenset()
    """Country TLDs where it operates under the same name ("*": everywhere)."""

    @property
    def worldwide(self) -> bool:
        return "*" in self.abroad

    @property
    def name(self) -> str:
        return self.titles.get("en") or next(iter(self.titles.values()), self.id)

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.name

    @property
    def home(self) -> str:
        """The address to tell people to use instead."""
        return (self.official or self.paths or ("",))[0]


@dataclass(frozen=True, slots=True)
class Impersonation:
    code: str
    """lookalike_domain | brand_subdomain | brand_in_domain | userinfo_trick | homograph"""
    brand: Brand | None
    strong: bool = True


@dataclass(slots=True)
class _Token:
    value: str
    """The name folded (canon): what a look-alike is compared with."""
    brand: Brand
    common: bool
    raw: str
    """The name as the organisation writes it (`tele2`): written so, it is no disguise."""


@dataclass(slots=True)
class BrandIndex:
    brands: list[Brand]
    official_suffixes: tuple[str, ...] = ()
    combo_words: frozenset[str] = frozenset()
    platforms: frozenset[str] = frozenset()
    cheap_tlds: frozenset[str] = frozenset()
    """TLDs phishing sites favour (.top, .xyz...): a global brand's name there is a fake."""
    _official: dict[str, Brand] = field(default_factory=dict)
    _paths: list[tuple[str, Brand]] = field(default_factory=list)
    _related: set[str] = field(default_factory=set)
    _numbers: dict[str, Brand] = field(default_factory=dict)
    _short: dict[str, Brand] = field(default_factory=dict)
    _telegram: dict[str, Brand] = field(default_factory=dict)
    _by_id: dict[str, Brand] = field(default_factory=dict)
    _tokens: dict[str, list[_Token]] = field(default_factory=dict)
    _fuzzy: list[str] = field(default_factory=list)
    _fuzzy_kz: list[str] = field(default_factory=list)
    _official_labels: dict[str, Brand] = field(default_factory=dict)
    _seen: dict[str, Impersonation | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.combo_words = frozenset(canon(w) for w in self.combo_words)
        for brand in self.brands:
            self._by_id[brand.id] = brand
            for domain in brand.official:
                self._official[domain] = brand
                label = domain.split(".")[0]
                self._official_labels.setdefault(canon(skeleton(label)), brand)
            self._paths += [(p.rstrip("/"), brand) for p in brand.paths]
            self._related.update(brand.related)
            self._numbers.update(dict.fromkeys(brand.numbers, brand))
            self._short.update(dict.fromkeys(brand.short, brand))
            self._telegram.update({t.lower(): brand for t in brand.telegram})
            names = dict.fromkeys(brand.tokens)
            for domain in brand.official:  # the domain's own name is a name too (boc, hh)
                label = domain.split(".")[0]
                if len(label) >= 2 and label not in names:
                    names[label] = None
            for token in names:
                value = canon(token)
                common = token in brand.common or len(value) <= 3 or token not in brand.tokens
                entry = _Token(value, brand, common, token)
                self._tokens.setdefault(value, []).append(entry)
        self._fuzzy = sorted(t for t in self._tokens if len(t) >= FUZZY_MIN)
        self._fuzzy_kz = sorted(t for t in self._tokens if len(t) >= FUZZY_KZ)
        self._paths.sort(key=lambda item: -len(item[0]))

    def get(self, brand_id: str) -> Brand | None:
        return self._by_id.get(brand_id)

    # ---- official --------------------------------------------------------------------

    def official_brand(self, url: Url) -> Brand | None:
        if url.userinfo:
            return None
        brand = self._official.get(url.registered_domain) or self._official.get(url.host)
        if brand is not None:
            return brand
        address = f"{url.host}{url.path}".rstrip("/")
        for prefix, owner in self._paths:
            if (
                address == prefix
                or address.startswith(prefix + "/")
                or ("/" not in prefix and url.host.endswith("." + prefix))
            ):
                return owner
        for suffix in self.official_suffixes:
            if url.host == suffix or url.host.endswith("." + suffix):
                name = url.host.removesuffix(suffix).rstrip(".").rsplit(".", 1)[-1]
                specific = self._official.get(f"{name}.{suffix}") if name else None
                return specific or self._official.get(suffix)
        return None

    def is_platform(self, url: Url) -> bool:
        """A site where anyone can publish (t.me/anyone): says nothing about the sender."""
        return not url.userinfo and (
            url.host in self.platforms
            or url.registered_domain in self.platforms
            or url.suffix in self.platforms
        )

    def is_related(self, url: Url) -> bool:
        return url.registered_domain in self._related or url.host in self._related

    def known_domains(self) -> frozenset[str]:
        """Every official and related domain of every organisation."""
        return frozenset(self._official) | frozenset(self._related)

    def is_official(self, item: object) -> bool:
        """An official address, number or account: never blocked, never reported.

        A platform's pages (t.me/anyone) belong to anyone, so they are not official here.
        """
        if isinstance(item, Url):
            return self.official_brand(item) is not None and not self.is_platform(item)
        if isinstance(item, Phone):
            return self.official_number(item.e164) is not None
        if isinstance(item, Username):
            return self.official_account(item.name) is not None
        return False

    def official_number(self, e164: str) -> Brand | None:
        return self._numbers.get(e164)

    def short_numbers_in(self, text: str) -> list[tuple[str, Brand]]:
        """Verified short numbers (7111, 1414, 102...) written as numbers on their own."""
        found = _SHORT_NUMBER.findall(text)
        return [(n, self._short[n]) for n in dict.fromkeys(found) if n in self._short]

    def official_account(self, username: str) -> Brand | None:
        return self._telegram.get(username.lower())

    # ---- impersonation ---------------------------------------------------------------

    def impersonation(self, url: Url) -> Impersonation | None:
        """How a non-official link borrows an organisation's name, strongest finding first."""
        key = f"{url.userinfo}@{url.host}"
        if key in self._seen:
            return self._seen[key]
        found = self._impersonation(url)
        if len(self._seen) > 100_000:
            self._seen.clear()
        self._seen[key] = found
        return found

    def _impersonation(self, url: Url) -> Impersonation | None:
        if url.userinfo and ("." in url.userinfo or self._token_brand(url.userinfo)):
            return Impersonation("userinfo_trick", self._text_brand(url.userinfo))
        sub = url.subdomain
        if sub:
            for domain, brand in self._official.items():
                if f".{domain}." in f".{sub}." or sub.endswith(domain):
                    return Impersonation("brand_subdomain", brand)
            for label in sub.split("."):
                brand = self._part_brand(label)
                if brand is not None:
                    return Impersonation("brand_subdomain", brand)
        if url.is_ip or not url.suffix:
            return None
        label_ascii = url.registered_domain[: -len(url.suffix) - 1]
        if sub and len(sub) <= 12:  # a name cut by dots: ac.tiv.kz, 1.cb.kz, kas.pi.kz
            glued = canon(skeleton(to_unicode(sub).replace(".", "") + to_unicode(label_ascii)))
            for token in self._tokens.get(glued, ()):
                if not token.brand.worldwide:
                    return Impersonation("lookalike_domain", token.brand)
        label = to_unicode(label_ascii) if "xn--" in label_ascii else label_ascii
        tld = url.suffix.rsplit(".", 1)[-1]
        found = self._label_brand(label, tld)
        if found is not None:
            return found
        if not label.isascii() and mixed_scripts(label.replace("-", "")):
            return Impersonation("homograph", None)
        return None

    def _foreign(self, tld: str) -> bool:
        """A TLD phishing aimed at Kazakhstan does not use: another country's own, or a
        city's or a trade's (.wales, .bank). Near misses there are somebody else's."""
        if tld == "kz" or tld in _GENERIC_CC or tld in self.cheap_tlds:
            return False
        return len(tld) == 2 or tld not in _OPEN_TLDS

    def _label_brand(self, label: str, tld: str) -> Impersonation | None:
        sk = skeleton(label)
        parts = [p for p in _SPLIT.split(sk) if p]
        joined = "".join(parts)
        plain = label.lower()  # as written, hyphens kept: al-hilalbank is not how they write it
        foreign = self._foreign(tld)

        def at_home(brand: Brand) -> bool:
            return brand.worldwide or tld in brand.abroad

        def disguised(token: _Token) -> bool:
            """Spelt with other scripts' letters or swapped digits, not as they write it."""
            return not label.isascii() or (plain != token.raw and any(c.isdigit() for c in plain))

        for token in self._tokens.get(joined, ()):  # the name itself, on another domain
            # Reads as the name but is written otherwise (rnechta, kаspi, al-hilalbank).
            if disguised(token) or plain != token.raw:
                return Impersonation("lookalike_domain", token.brand)
            if foreign or tld in token.brand.abroad:
                return None  # beeline.am, halykbank.kg: the organisation abroad
            if token.brand.worldwide:  # its own everywhere, but not on throwaway TLDs
                if tld in self.cheap_tlds or (tld == "kz" and plain != token.raw):
                    return Impersonation("lookalike_domain", token.brand, strong=False)
                return None
            return Impersonation("lookalike_domain", token.brand, strong=not token.common)
        for part in parts:
            for token in self._tokens.get(part, ()):  # the name as one part: kaspi-bonus
                if part == joined or (at_home(token.brand) and not token.brand.worldwide):
                    continue
                combo = self._combo_rest(joined, part)
                if token.brand.worldwide and not combo:
                    continue  # google-analytics: the brand's own services
                if token.common and (not combo or foreign):
                    continue
                return Impersonation(
                    "brand_in_domain", token.brand, strong=combo or disguised(token)
                )
        for value, entries in self._tokens.items():  # glued: kaspibonus, mykaspi24
            if len(value) >= 4 and value in joined and value != joined:
                token = entries[0]
                if at_home(token.brand) and not token.brand.worldwide:
                    continue
                combo = self._combo_rest(joined, value)
                if (token.common or token.brand.worldwide) and not combo:
                    continue
                if (token.common or token.brand.worldwide) and foreign:
                    continue
                return Impersonation("brand_in_domain", token.brand)
        if foreign and label.isascii():
            return None  # a near miss on another country's TLD is that country's site
        return self._typo(joined, parts, tld, disguised=not label.isascii())

    def _typo(
        self, joined: str, parts: list[str], tld: str, *, disguised: bool
    ) -> Impersonation | None:
        """One slip (two for long names) from a distinctive name: kaspl, halykk, kapsi."""
        choices = self._fuzzy_kz if tld == "kz" else self._fuzzy
        for candidate in dict.fromkeys([joined, *parts]):
            if len(candidate) < FUZZY_KZ - 1:
                continue
            for value, distance, _ in process.extract(
                candidate, choices, scorer=OSA.distance, score_cutoff=2, limit=3
            ):
                if len(value) < FUZZY_MIN and (distance > 1 or len(candidate) > len(value) + 1):
                    continue
                if distance == 0:
                    continue  # the name itself: decided above
                if distance == 2 and (len(value) < FUZZY_TWO or candidate[:2] != value[:2]):
                    continue
                if len(value) <= FUZZY_SHORT and candidate[0] != value[0]:
                    continue  # short names: the first letter must stay (egov: egiv; olx: olz)
                token = self._tokens[value][0]
                if (token.brand.worldwide or token.common) and tld != "kz":
                    continue  # a slip of a global brand or an ordinary word, not on .kz
                if tld in token.brand.abroad:
                    continue
                # One slip from a distinctive name on its own TLD (kaspl.kz): no accident.
                sure = (
                    distance == 1
                    and not token.common
                    and len(value) >= FUZZY_SHORT
                    and any(d.endswith("." + tld) for d in token.brand.official)
                )
                return Impersonation("lookalike_domain", token.brand, strong=disguised or sure)
        glued = self._glued_typo(joined)
        if glued is not None:
            return Impersonation("brand_in_domain", glued, strong=True)
        return None

    def _glued_typo(self, joined: str) -> Brand | None:
        """A slip of the name glued to a phishing word: kasspibonus, halykk-pay."""
        for value in self._fuzzy:
            if len(value) < FUZZY_MIN + 1 or self._tokens[value][0].common:
                continue  # short or ordinary names glue to words by chance (sales+force)
            size = len(value)
            for head, rest in ((joined[: size + d], joined[size + d :]) for d in (-1, 0, 1)):
                if (
                    rest
                    and (rest in self.combo_words or _number(rest))
                    and OSA.distance(head, value, score_cutoff=1) == 1
                ):
                    return self._tokens[value][0].brand
            for tail, rest in ((joined[-(size + d) :], joined[: -(size + d)]) for d in (-1, 0, 1)):
                if rest in self.combo_words and OSA.distance(tail, value, score_cutoff=1) == 1:
                    return self._tokens[value][0].brand
        return None

    def _combo_rest(self, joined: str, token: str) -> bool:
        """What is left of `joined` around `token` is phishing words or numbers only."""
        head, _, tail = joined.partition(token)
        return all(not piece or _number(piece) or self._all_words(piece) for piece in (head, tail))

    def _all_words(self, rest: str) -> bool:
        """`securelogin` = secure + login: every piece is a combo word (greedy)."""
        if not rest:
            return False
        for end in range(len(rest), 1, -1):
            if rest[:end] in self.combo_words and (
                end == len(rest) or self._all_words(rest[end:])
            ):
                return True
        return False

    def _part_brand(self, label: str) -> Brand | None:
        sk = skeleton(to_unicode(label) if "xn--" in label else label)
        for piece in {sk.replace("-", ""), *sk.split("-")}:
            for token in self._tokens.get(piece, ()):
                return token.brand
        return None

    def _token_brand(self, text: str) -> Brand | None:
        sk = skeleton(text)
        pieces = [p for p in _SPLIT.split(sk) if p]
        for piece in pieces:
            for token in self._tokens.get(piece, ()):
                return token.brand
        for value, entries in self._tokens.items():
            if len(value) >= FUZZY_MIN and not entries[0].common and value in sk:
                return entries[0].brand
        return None

    def _text_brand(self, text: str) -> Brand | None:
        domain = text.lower().split("@")[-1]
        return self._official.get(domain) or self._token_brand(text)

    def readable(self, url: Url) -> str:
        """The host as people read it, its foreign look-alike letters named:
        `kаspi[.]kz (а Cyrillic)`."""
        shown = url.host_unicode.replace(".", "[.]")
        odd = [ch for ch in dict.fromkeys(url.host_unicode) if not ch.isascii() and ch.isalpha()]
        if not odd:
            return shown
        named = ", ".join(f"{ch} {unicodedata.name(ch, '?').split()[0].title()}" for ch in odd[:3])
        return f"{shown} ({named})"

    # ---- usernames and names ---------------------------------------------------------

    def username_brand(self, username: str) -> Brand | None:
        """`@kaspi_support_bot` borrows Kaspi; official accounts return None."""
        name = username.lower()
        if name in self._telegram:
            return None
        sk = skeleton(name)
        pieces = [p for p in _SPLIT.split(sk) if p]
        joined = "".join(pieces)
        for piece in pieces:
            for token in self._tokens.get(piece, ()):
                return token.brand
        for value, entries in self._tokens.items():
            if (
                len(value) >= 4
                and value in joined
                and (not entries[0].common or self._combo_rest(joined, value))
            ):
                return entries[0].brand
        return None

    def name_brand(self, name: str, mentioned: Iterable[str] = ()) -> Brand | None:
        """A display name or channel title that uses an organisation's name.

        `mentioned` are brand ids the lexicon already found in the name's words.
        """
        for brand_id in mentioned:
            brand = self._by_id.get(brand_id)
            if brand is not None:
                return brand
        return self.username_brand(re.sub(r"\W+", "_", skeleton(name.lower())))
