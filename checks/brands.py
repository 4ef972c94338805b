"""Official addresses of trusted brands, and look-alikes of them.

A link to an official domain is never suspicious for being a bank link. Anything else
that borrows a brand's name (typo, homoglyph, brand glued to other words, brand as a
subdomain of someone else's domain, brand in the userinfo part) is impersonation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from checks.indicators import Phone, Url, Username
from checks.skeleton import canon, mixed_scripts, skeleton
from checks.urls import to_unicode

_VOWELS = set("aeiouy")
_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_POS = {ch: (row, col) for row, keys in enumerate(_KEYBOARD) for col, ch in enumerate(keys)}
_SPLIT = re.compile(r"[-_.]+|(?<=\D)(?=\d)|(?<=\d)(?=\D)")
FUZZY_MIN = 5  # shorter tokens match only exactly (bcc, olx, egov)
FUZZY_TWO = 9  # tokens this long may be two edits away


@dataclass(frozen=True, slots=True)
class Brand:
    id: str
    name: str
    kind: str
    official: tuple[str, ...]
    related: tuple[str, ...]
    tokens: tuple[str, ...]
    strict: tuple[str, ...]
    """Short or common-word tokens: they count only exactly or glued to a phishing word."""
    fuzzy: bool
    names: tuple[str, ...]
    short: tuple[str, ...]
    numbers: tuple[str, ...]
    telegram: tuple[str, ...]
    iban_code: str | None


@dataclass(frozen=True, slots=True)
class Impersonation:
    code: str
    """lookalike_domain | brand_subdomain | brand_in_domain | userinfo_trick | homograph"""
    brand: Brand | None


class BrandIndex:
    def __init__(
        self,
        brands: list[Brand],
        official_suffixes: tuple[str, ...],
        combo_words: frozenset[str],
        platforms: frozenset[str] = frozenset(),
    ) -> None:
        self.brands = brands
        self.platforms = platforms
        self.official_suffixes = official_suffixes
        self.combo_words = combo_words
        self._official = {d: b for b in brands for d in b.official}
        self._related = {d for b in brands for d in b.related}
        self._numbers = {n: b for b in brands for n in b.numbers}
        self._short = {n: b for b in brands for n in b.short}
        self._telegram = {t: b for b in brands for t in b.telegram}
        tokens = [(canon(t), b, False) for b in brands for t in b.tokens]
        tokens += [(canon(t), b, True) for b in brands for t in b.strict]
        # Longest first, so `homebank` (Halyk) wins over `home` (Home Credit).
        self._tokens = sorted(tokens, key=lambda item: -len(item[0]))
        names = sorted({(n, b.id) for b in brands for n in b.names}, key=lambda x: -len(x[0]))
        self._by_id = {b.id: b for b in brands}
        self._names = [
            (re.compile(rf"(?<!\w){re.escape(n)}(?!\w)"), self._by_id[i]) for n, i in names
        ]

    # ---- official --------------------------------------------------------------------

    def official_brand(self, url: Url) -> Brand | None:
        brand = self._official.get(url.registered_domain) or self._official.get(url.host)
        if brand is not None and not url.userinfo:
            return brand
        if not url.userinfo and any(
            url.host == s or url.host.endswith("." + s) for s in self.official_suffixes
        ):
            return self._by_id.get("egov")
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
        """Every official and related domain of every brand."""
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
        found = re.findall(r"(?<![\d.,\-+])(\d{3,4})(?![\d.,]\d|\s?(?:₸|тг|тенге|kzt|%))", text)
        return [(n, self._short[n]) for n in dict.fromkeys(found) if n in self._short]

    def official_account(self, username: str) -> Brand | None:
        return self._telegram.get(username.lower())

    # ---- impersonation ---------------------------------------------------------------

    def impersonation(self, url: Url) -> Impersonation | None:
        """How a non-official link borrows a brand, strongest finding first."""
        if url.userinfo and ("." in url.userinfo or self._token_brand(url.userinfo)):
            return Impersonation("userinfo_trick", self._text_brand(url.userinfo))
        sub = url.subdomain
        if sub:
            for domain, brand in self._official.items():
                if f".{domain}." in f".{sub}." or sub.endswith(domain):
                    return Impersonation("brand_subdomain", brand)
            for label in sub.split("."):
                brand = self._exact_part_brand(label)
                if brand is not None:
                    return Impersonation("brand_subdomain", brand)
        if url.is_ip or not url.suffix:
            return None
        label_ascii = url.registered_domain[: -len(url.suffix) - 1]
        label = to_unicode(label_ascii) if "xn--" in label_ascii else label_ascii
        found = self._label_brand(label)
        if found is not None:
            return found
        if not label.isascii() and mixed_scripts(label.replace("-", "")):
            return Impersonation("homograph", None)
        return None

    def _label_brand(self, label: str) -> Impersonation | None:
        sk = skeleton(label)
        joined = sk.replace("-", "").replace("_", "")
        parts = [p for p in re.split(r"[-_]", sk) if p]
        disguised = not label.isascii() or any(ch.isdigit() for ch in label)  # look-alike letters
        for token, brand, strict in self._tokens:
            if joined == token:  # the brand's own name on another TLD, or spelt with look-alikes
                return Impersonation("lookalike_domain", brand)
            if token in parts:
                return Impersonation("lookalike_domain" if disguised else "brand_in_domain", brand)
            if self._glued(joined, token, strict=strict or len(token) < FUZZY_MIN):
                return Impersonation("brand_in_domain", brand)
        for token, brand, strict in self._tokens:
            if strict or not brand.fuzzy or len(token) < FUZZY_MIN:
                continue
            for candidate in {joined, *parts}:
                if _typo(candidate, token) or self._glued_typo(candidate, token):
                    return Impersonation("lookalike_domain", brand)
        return None

    def _glued(self, joined: str, token: str, *, strict: bool) -> bool:
        """`kaspibonus`, `mykaspi`, `halykpay24`: a brand glued to phishing words."""
        if token not in joined:
            return False
        if not strict:
            return True
        if joined.startswith(token):
            rest = joined[len(token) :]
            return rest.isdigit() or self._all_words(rest)
        if joined.endswith(token):
            head = joined[: -len(token)]
            return self._all_words(head)
        return False

    def _glued_typo(self, joined: str, token: str) -> bool:
        """A typo of the brand glued to a phishing word: `kasspibonus`, `halykk-pay`."""
        for size in (len(token) - 1, len(token), len(token) + 1):
            head, rest = joined[:size], joined[size:]
            if rest and (rest in self.combo_words or rest.isdigit()) and _typo(head, token):
                return True
            head, rest = joined[-size:], joined[:-size]
            if rest and rest in self.combo_words and _typo(head, token):
                return True
        return False

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

    def _exact_part_brand(self, label: str) -> Brand | None:
        sk = skeleton(to_unicode(label) if "xn--" in label else label)
        pieces = {sk.replace("-", ""), *sk.split("-")}
        for token, brand, _ in self._tokens:
            if token in pieces:
                return brand
        return None

    def _token_brand(self, text: str) -> Brand | None:
        sk = skeleton(text)
        for token, brand, strict in self._tokens:
            if token in _SPLIT.split(sk) or (
                not strict and len(token) >= FUZZY_MIN and token in sk
            ):
                return brand
        return None

    def _text_brand(self, text: str) -> Brand | None:
        domain = text.lower().split("@")[-1]
        return self._official.get(domain) or self._token_brand(text)

    # ---- usernames and names ---------------------------------------------------------

    def username_brand(self, username: str) -> Brand | None:
        """`@kaspi_support_bot` borrows Kaspi; official accounts return None."""
        name = username.lower()
        if name in self._telegram:
            return None
        sk = skeleton(name)
        pieces = [p for p in _SPLIT.split(sk) if p]
        joined = "".join(pieces)
        for token, brand, strict in self._tokens:
            if token in pieces:
                return brand
            if self._glued(joined, token, strict=strict or len(token) < FUZZY_MIN):
                return brand
        return None

    def name_brand(self, name: str) -> Brand | None:
        """A display name or channel title that uses a brand's name."""
        lowered = name.lower().replace("ё", "е")
        variants = {lowered, skeleton(lowered)}
        for pattern, brand in self._names:
            if any(pattern.search(v) for v in variants):
                return brand
        return self.username_brand(re.sub(r"\W+", "_", skeleton(lowered)))

    def brands_in_text(self, folded: str) -> list[Brand]:
        seen: dict[str, Brand] = {}
        for pattern, brand in self._names:
            if brand.id not in seen and pattern.search(folded):
                seen[brand.id] = brand
        return list(seen.values())


def _typo(candidate: str, token: str) -> bool:
    """One plausible slip away from `token` (omission, repetition, swap, near key, vowel)."""
    if candidate == token or abs(len(candidate) - len(token)) > 2:
        return False
    distance = OSA.distance(candidate, token, score_cutoff=2)
    if distance == 2 and len(token) >= FUZZY_TWO:
        return True
    if distance != 1:
        return False
    if len(token) >= 7 or len(candidate) != len(token):
        return True
    diffs = [(a, b) for a, b in zip(candidate, token, strict=True) if a != b]
    if len(diffs) == 2:  # an adjacent swap
        return True
    a, b = diffs[0]
    return (a in _VOWELS and b in _VOWELS) or _near_keys(a, b)


def _near_keys(a: str, b: str) -> bool:
    if a not in _KEY_POS or b not in _KEY_POS:
        return False
    (ra, ca), (rb, cb) = _KEY_POS[a], _KEY_POS[b]
    return abs(ra - rb) <= 1 and abs(ca - cb) <= 1
