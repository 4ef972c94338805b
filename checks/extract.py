"""`extract(text, entities)`: every indicator in a message, normalised, with its span."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from checks.indicators import Indicators, Url, Username
from checks.numbers import find_cards, find_ibans, find_phones, find_wallets
from checks.textnorm import CleanText, clean_text
from checks.urls import MAX_URLS, find_odd_links, find_urls, url_from_entity

_DIGITS = re.compile(r"\d{3}")
_LONG_WORD = re.compile(r"[A-Za-z0-9]{25,}")
_USERNAME = re.compile(r"(?<![\w@.])@([A-Za-z][A-Za-z0-9_]{3,31})(?![\w@])")
_TG_HOSTS = {"t.me", "telegram.me", "telegram.dog"}
_TG_RESERVED = {"joinchat", "addstickers", "share", "proxy", "socks", "c", "s", "iv", "login"}


def extract(text: str, entities: Iterable[Mapping[str, Any]] | None = None) -> Indicators:
    """Find links (also hidden ones and disguised ones), usernames, phones, cards, IBANs, wallets.

    `entities` are Telegram MessageEntity dicts; their offsets are in UTF-16 code units.
    """
    clean = clean_text(text)
    found = Indicators()
    plain = clean.text
    # Cheap looks first: most messages have no colon, no dot or no long number at all.
    odd = find_odd_links(plain) if ":" in plain else []
    may_link = "." in plain or "dot" in plain.lower() or "[" in plain
    # `javascript://kaspi.kz/...` is not a link to kaspi.kz: the odd link stands for it.
    in_text = [
        u
        for u in (find_urls(plain) if may_link else [])
        if not any(_inside(u.span, o.span) for o in odd)
    ]
    found.odd_links = [replace(o, span=clean.span(*o.span)) for o in odd]
    found.urls = [replace(u, span=clean.span(*u.span)) for u in in_text]
    found.urls += _entity_urls(text, entities or (), {u.span for u in found.urls}, found)
    if len(found.urls) > MAX_URLS:
        found.urls, found.truncated = found.urls[:MAX_URLS], True
    found.usernames = _usernames(clean, found) if "@" in plain or found.urls else []
    wallets = find_wallets(plain) if _LONG_WORD.search(plain) else []
    found.wallets = [replace(w, span=clean.span(*w.span)) for w in wallets]
    if _DIGITS.search(plain) is None:  # no run of 3 digits: no card, IBAN or phone
        return found
    cards = find_cards(plain)
    ibans = find_ibans(plain)
    taken = [c.span for c in cards] + [i.span for i in ibans] + [w.span for w in wallets]
    taken += [u.span for u in in_text]
    phones = find_phones(clean.text, taken)
    found.cards = [replace(c, span=clean.span(*c.span)) for c in cards]
    found.ibans = [replace(i, span=clean.span(*i.span)) for i in ibans]
    found.phones = [replace(p, span=clean.span(*p.span)) for p in phones]
    return found


def _inside(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _entity_urls(
    text: str,
    entities: Iterable[Mapping[str, Any]],
    seen: set[tuple[int, int]],
    found: Indicators,
) -> list[Url]:
    """Links behind words (`text_link`) and `url` entities the text scan missed."""
    entities = list(entities)
    if not entities:
        return []
    to_py = _utf16_to_index(text)
    out = []
    for entity in entities:
        kind = entity.get("type")
        if kind not in ("text_link", "url"):
            continue
        try:
            start16, length16 = int(entity["offset"]), int(entity["length"])
        except (KeyError, TypeError, ValueError):
            continue
        start = to_py.get(start16)
        end = to_py.get(start16 + length16)
        if start is None or end is None or end <= start:
            continue
        visible = text[start:end]
        href = entity.get("url") if kind == "text_link" else visible
        if not isinstance(href, str) or (kind == "url" and (start, end) in seen):
            continue
        odd = find_odd_links(href.strip())
        if odd and odd[0].span[0] == 0:  # a hidden `javascript:` behind words
            found.odd_links.append(replace(odd[0], span=(start, end)))
            continue
        url = url_from_entity(href, visible, (start, end))
        if url is not None:
            out.append(url if kind == "text_link" else replace(url, hidden=False, visible_text=""))
    return out


def _utf16_to_index(text: str) -> dict[int, int]:
    """UTF-16 offset -> Python index, for every character boundary."""
    mapping = {}
    units = 0
    for index, ch in enumerate(text):
        mapping[units] = index
        units += 2 if ord(ch) > 0xFFFF else 1
    mapping[units] = len(text)
    return mapping


def _usernames(clean: CleanText, found: Indicators) -> list[Username]:
    names: dict[str, Username] = {}
    for match in _USERNAME.finditer(clean.text):
        name = match.group(1).lower()
        names.setdefault(name, Username(name, clean.span(*match.span())))
    for url in found.urls:
        if url.host in _TG_HOSTS and url.path:
            first = url.path.lstrip("/").split("/")[0].split("?")[0].lstrip("@").lower()
            if re.fullmatch(r"[a-z][a-z0-9_]{3,31}", first) and first not in _TG_RESERVED:
                names.setdefault(first, Username(first, url.span))
    return list(names.values())
