"""Named signals from a message's indicators and context: links, numbers, files, senders.

Each function takes what it needs and returns `Signal`s (checks/signals.py) plus the
indicators as they may be shown (links defanged, numbers masked). Nothing here does I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from checks.brands import Brand, BrandIndex
from checks.context import CheckContext, short_link_key
from checks.files import FileKind, classify, runs_code_in_path
from checks.indicators import Indicators, Url
from checks.lookup import display_of
from checks.matches import Matches
from checks.numbers import mask_card, mask_iban, mask_phone, mask_wallet
from checks.signals import Signal
from checks.textnorm import visible
from checks.urls import defang
from checks.verdict import ShownIndicator

# Features from indicators and context, in a stable order (the model's columns).
INDICATOR_FEATURES = (
    "link_official",
    "link_other",
    "link_platform",
    "link_shortener",
    "link_suspicious_tld",
    "link_ip",
    "link_impersonation",
    "link_lookalike_weak",
    "link_mismatch",
    "odd_link",
    "many_links",
    "phone",
    "phone_foreign",
    "phone_satellite",
    "phone_official",
    "short_number_official",
    "card",
    "iban",
    "wallet",
    "username",
    "username_brand",
    "amount",
    "brand_named",
    "brand_with_other_link",
    "file",
    "file_runs_code",
    "forward_hidden",
    "forward_channel",
    "forward_brand",
    "contact_brand",
)
IMPERSONATION = ("lookalike_domain", "brand_subdomain", "brand_in_domain", "homograph")
IMPERSONATION += ("userinfo_trick",)
# Bounded repeats that start only where a word starts: linear on 4,096 digits or dots.
_VISIBLE_DOMAIN = re.compile(
    r"(?<![a-z0-9\-.])(?:[a-z0-9\-]{1,63}\.){1,8}[a-z]{2,24}", re.IGNORECASE
)
_AMOUNT = re.compile(
    r"\d(?<![\d.,]\d)[\d\s.,]{0,18}?\s?"
    r"(?:₸|тг\b|тенге|теңге|kzt|руб|\$|usd|usdt|долл|евро|€|мың|тыс|млн|k\b)",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Found:
    """What the indicators of one message add up to."""

    lang: str = "ru"
    signals: list[Signal] = field(default_factory=list)
    shown: list[ShownIndicator] = field(default_factory=list)
    risky_links: list[Url] = field(default_factory=list)
    """Links that are neither official, nor a platform, nor allowlisted."""

    def add(self, code: str, **kwargs: object) -> None:
        self.signals.append(Signal(code, **kwargs))  # type: ignore[arg-type]

    @property
    def names(self) -> set[str]:
        return {s.code for s in self.signals}


def links(
    found: Indicators,
    brands: BrandIndex,
    shorteners: frozenset[str],
    suspicious_tlds: frozenset[str],
    *,
    matches: Matches,
    out: Found,
    short_links: Mapping[str, str] | None = None,
    leads_to: str = "→ {target}",
) -> None:
    targets = short_links or {}
    for url in found.urls:
        display = defang(url)
        if url in matches.allowed:
            out.shown.append(ShownIndicator(kind="url", display=display))
            out.add("allowlisted", evidence=display, span=url.span, values={"what": display})
            continue
        if brands.is_platform(url) and not (url.hidden and mismatch(url)):
            out.shown.append(ShownIndicator(kind="url", display=display))
            out.add("link_platform", evidence=display, span=url.span)
            continue
        domain = url.host.replace(".", "[.]")
        official = brands.official_brand(url)
        if official is not None and not (url.hidden and mismatch(url)):
            out.shown.append(
                ShownIndicator(kind="url", display=display, detail=official.title(out.lang))
            )
            out.add(
                "link_official",
                evidence=display,
                span=url.span,
                values={"domain": domain, "brand": official.title(out.lang)},
            )
            continue
        target = (
            targets.get(short_link_key(url.host, url.path))
            if url.registered_domain in shorteners
            else None
        )
        detail = leads_to.format(target=target) if target else None
        out.shown.append(ShownIndicator(kind="url", display=display, detail=detail))
        if brands.is_related(url) and not url.hidden:
            continue
        out.risky_links.append(url)
        out.add("link_other", evidence=display, span=url.span, values={"domain": domain})
        _link_tricks(url, brands, shorteners, suspicious_tlds, out, target=target)
    if found.truncated:
        out.add("many_links", values={"count": str(len(found.urls))})


def _link_tricks(
    url: Url,
    brands: BrandIndex,
    shorteners: frozenset[str],
    suspicious_tlds: frozenset[str],
    out: Found,
    *,
    target: str | None,
) -> None:
    display, domain = defang(url), url.host.replace(".", "[.]")
    found_brand = brands.impersonation(url)
    if found_brand is not None:
        brand = found_brand.brand
        out.add(
            "link_impersonation" if found_brand.strong else "link_lookalike_weak",
            evidence=display,
            span=url.span,
            values={
                "kind": found_brand.code,
                "domain": domain,
                "shown": brands.readable(url),
                "brand": brand.title(out.lang) if brand else "",
                "real": brand.home.replace(".", "[.]") if brand else "",
            },
        )
    if url.hidden and mismatch(url):
        out.add(
            "link_mismatch",
            evidence=display,
            span=url.span,
            values={"domain": domain, "shown": visible(url.visible_text, 40)},
        )
    if url.is_ip:
        out.add("link_ip", evidence=display, span=url.span)
    if url.registered_domain in shorteners:
        values = {"domain": domain, "target": target or ""}
        out.add("link_shortener", evidence=display, span=url.span, values=values)
    tld = url.suffix.rsplit(".", 1)[-1]
    if tld in suspicious_tlds:
        out.add("link_suspicious_tld", evidence=display, span=url.span, values={"tld": tld})
    if runs_code_in_path(url.path):
        name = url.path.rsplit("/", 1)[-1][:60]
        out.add("file_runs_code", evidence=display, span=url.span, values={"name": name})


def mismatch(url: Url) -> bool:
    """The words of a hidden link name a domain other than the real target."""
    match = _VISIBLE_DOMAIN.search(url.visible_text)
    if match is None:
        return False
    shown = match.group(0).lower().removeprefix("www.")
    return not (url.host == shown or url.host.endswith("." + shown))


def odd_links(found: Indicators, out: Found) -> None:
    """A link that is not http(s) is never an organisation's site: code or a trick."""
    for link in found.odd_links:
        out.shown.append(
            ShownIndicator(kind="link", display=link.display, detail=f"{link.scheme}:")
        )
        code = "script_link" if link.runs_code else "odd_link"
        out.add(code, evidence=link.display, span=link.span, values={"scheme": link.scheme})


def blocklist(matches: Matches, brands: BrandIndex, out: Found) -> None:
    """Blocklist hits; content's official addresses always win over a feed."""
    blocked = [item for item in matches.blocked if not brands.is_official(item)]
    by_feed = [item for item in blocked if item not in matches.confirmed]
    if by_feed:
        shown = display_of(by_feed[0])
        out.add("blocklisted", evidence=shown, values={"what": shown})
    elif blocked:  # on the list only because moderators confirmed people's reports
        shown = display_of(blocked[0])
        values = {"what": shown, **_report_values(matches, out.lang)}
        out.add("community_confirmed", evidence=shown, values=values)


def community(matches: Matches, min_reporters: int, out: Found) -> None:
    """How many people reported what is in the message, and when last: counts, never who.

    Enough people's pending reports make a verdict suspicious (a floor), never dangerous:
    only a moderator's confirmation does that (`community_confirmed`, above).
    """
    if not matches.reporters or "community_confirmed" in out.names:
        return
    name = "community_reported" if matches.reporters >= min_reporters else "community_seen"
    out.add(name, values=_report_values(matches, out.lang))


def _report_values(matches: Matches, lang: str) -> dict[str, str]:
    return {"count": str(matches.reporters), "ago": time_ago(matches.last_report_age, lang)}


def time_ago(seconds: int | None, lang: str) -> str:
    """ "2 days ago" in the person's language (Babel's CLDR data, Kazakh included)."""
    from datetime import timedelta

    from babel.dates import format_timedelta  # only when a report was found: startup stays fast

    age = timedelta(seconds=-max(60, seconds or 0))
    return format_timedelta(age, add_direction=True, locale=lang)


def usernames(
    found: Indicators, context: CheckContext, brands: BrandIndex, *, matches: Matches, out: Found
) -> None:
    for user in found.usernames:
        official = brands.official_account(user.name)
        out.shown.append(
            ShownIndicator(
                kind="username",
                display=f"@{user.name}",
                detail=official.title(out.lang) if official else None,
            )
        )
        out.add("username", evidence=f"@{user.name}", span=user.span)
        brand = None if user in matches.allowed else brands.username_brand(user.name)
        if brand is not None:
            values = {"username": user.name, "brand": brand.title(out.lang)}
            out.add("username_brand", evidence=f"@{user.name}", span=user.span, values=values)
    if context.forward_username:
        brand = brands.username_brand(context.forward_username)
        if brand is not None:
            values = {"username": context.forward_username, "brand": brand.title(out.lang)}
            out.add("username_brand", values=values)


def forwards(
    context: CheckContext,
    brands: BrandIndex,
    out: Found,
    mentions: Callable[[str], list[str]],
) -> None:
    """Who a forwarded message or a shared contact claims to be.

    `mentions(name)` gives the organisations whose names the sender's name contains.
    """
    if context.forward_kind == "hidden_user":
        out.add("forward_hidden")
    if context.forward_kind == "channel":
        out.add("forward_channel")
    if not context.forward_sender:
        return
    brand = brands.name_brand(context.forward_sender, mentions(context.forward_sender))
    if brand is not None:
        code = "contact_brand" if context.forward_kind == "contact" else "forward_brand"
        values = {"name": visible(context.forward_sender, 60), "brand": brand.title(out.lang)}
        out.add(code, values=values)


def files(context: CheckContext, out: Found) -> None:
    pictures = all(t.startswith("image/") for t in context.mime_types) and context.mime_types
    names = context.file_names or ("",) * min(1, len(context.mime_types))
    mimes = (*context.mime_types, *([""] * len(names)))
    for name, mime in zip(names, mimes, strict=False):
        shown = visible(name, 60)
        if name and not pictures:  # a screenshot sent as a file is read as a picture
            out.add("file", values={"name": shown})
        _file_kind(classify(name, mime), shown, out)


def _file_kind(kind: FileKind, name: str, out: Found) -> None:
    values = {"name": name, "real": f".{kind.real}", "fake": f".{kind.fake}"}
    if kind.kind == "disguised":
        out.add("file_double_extension", evidence=name, values=values)
    elif kind.kind in ("program", "packed_program"):
        out.add("file_runs_code", evidence=name, values=values)
    elif kind.kind == "archive":
        out.add("file_archive", evidence=name, values=values)


def phones(
    found: Indicators, text: str, brands: BrandIndex, *, matches: Matches, out: Found
) -> None:
    for number, brand in brands.short_numbers_in(text):
        title = brand.title(out.lang)
        out.shown.append(ShownIndicator(kind="short_number", display=number, detail=title))
        out.add("short_number_official", values={"number": number, "brand": title})
    for phone in found.phones:
        official = brands.official_number(phone.e164)
        masked = phone.e164 if official else mask_phone(phone.e164)
        out.shown.append(
            ShownIndicator(
                kind="phone", display=masked, detail=official.title(out.lang) if official else None
            )
        )
        if official is not None:
            out.add("phone_official", values={"number": masked, "brand": official.title(out.lang)})
            continue
        if phone in matches.allowed:
            out.add("allowlisted", evidence=masked, span=phone.span, values={"what": masked})
            continue
        out.add("phone", evidence=masked, span=phone.span, values={"phone": masked})
        if phone.region == "001":
            out.add("phone_satellite", evidence=masked, span=phone.span, values={"phone": masked})
        elif phone.region not in ("KZ", "KZ/RU"):
            out.add("phone_foreign", evidence=masked, span=phone.span, values={"phone": masked})


def payments(
    found: Indicators,
    bins: Mapping[str, tuple[str, str]],
    iban_banks: Mapping[str, str],
    *,
    matches: Matches,
    out: Found,
) -> None:
    for card in found.cards:
        bank = bins.get(card.bin)
        masked = mask_card(card.number)
        detail = f"{bank[0]}, {bank[1]}" if bank else None
        out.shown.append(ShownIndicator(kind="card", display=masked, detail=detail))
        if card not in matches.allowed:
            out.add("card", evidence=masked, span=card.span, values={"card": masked})
    for iban in found.ibans:
        masked = mask_iban(iban.value)
        out.shown.append(
            ShownIndicator(kind="iban", display=masked, detail=iban_banks.get(iban.bank_code))
        )
        if iban not in matches.allowed:
            out.add("iban", evidence=masked, span=iban.span, values={"iban": masked})
    for wallet in found.wallets:
        masked = mask_wallet(wallet.address)
        out.shown.append(
            ShownIndicator(kind="wallet", display=masked, detail=wallet.network.upper())
        )
        if wallet not in matches.allowed:
            out.add("wallet", evidence=masked, span=wallet.span, values={"wallet": masked})


# In running text only extensions nobody writes for other reasons (not .js: Node.js, .com).
_TEXT_PROGRAMS = ("apk", "xapk", "apks", "exe", "scr", "bat", "cmd", "vbs", "msi", "jar", "hta")
_FILE_NAME = re.compile(
    rf"(?<![^\s/\\\"'«»])[^\s/\\\"'«»]{{1,80}}\.({'|'.join(_TEXT_PROGRAMS)})(?![\w.])",
    re.IGNORECASE,
)


_PROGRAM_EXT = re.compile(rf"\.(?:{'|'.join(_TEXT_PROGRAMS)})", re.IGNORECASE)


def file_names(text: str, out: Found) -> None:
    """A program named in the text itself (`Foto_2025.apk`, `Акт.pdf.scr`), as sent in
    a forwarded message whose attachment the person copied by name."""
    if _PROGRAM_EXT.search(text) is None:  # starts with a literal ".": a fast first look
        return
    if "file_runs_code" in out.names or "file_double_extension" in out.names:
        return  # the attachment itself was judged
    match = _FILE_NAME.search(text)
    if match is not None:
        name = visible(match.group(0), 60)
        _file_kind(classify(match.group(0)), name, out)


def amounts(text: str, out: Found) -> None:
    match = _AMOUNT.search(text)
    if match is not None:
        out.add("amount", span=match.span(), values={"amount": visible(match.group(0), 30)})


def brand_claims(mentioned: list[Brand], out: Found) -> None:
    """The text speaks in a known organisation's name; with a strange link, doubly so."""
    if not mentioned:
        return
    brand = mentioned[0]
    out.add("brand_named", values={"brand": brand.title(out.lang)})
    if out.risky_links:
        link = out.risky_links[0]
        out.add(
            "brand_with_other_link",
            evidence=defang(link),
            values={
                "brand": brand.title(out.lang),
                "domain": link.host.replace(".", "[.]"),
                "real": brand.home.replace(".", "[.]"),
            },
        )
