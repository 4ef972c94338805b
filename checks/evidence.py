"""Evidence from indicators: links, usernames, files, phones and payment details.

Each finding is a reason with a stable code and a weight from scoring.toml, collected in
one `Evidence` (the strongest reason per code is kept). Nothing here does I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from checks.context import CheckContext, short_link_key
from checks.indicators import Indicators, Url
from checks.lookup import display_of
from checks.matches import Matches
from checks.numbers import mask_card, mask_iban, mask_phone, mask_wallet
from checks.phrases import PhraseHits
from checks.rules import Rules
from checks.textnorm import visible
from checks.urls import defang
from checks.verdict import Reason, ShownIndicator

_VISIBLE_DOMAIN = re.compile(r"([a-z0-9\-]+\.)+[a-z]{2,}", re.IGNORECASE)
_FILE_APK = re.compile(r"\.(apk|xapk|apks)$", re.IGNORECASE)


@dataclass(slots=True)
class Evidence:
    """Reasons found so far, one per code (the strongest kept)."""

    rules: Rules
    lang: str
    reasons: dict[str, Reason] = field(default_factory=dict)

    def add(
        self,
        code: str,
        *,
        weight: int | None = None,
        text_key: str | None = None,
        evidence: str | None = None,
        span: tuple[int, int] | None = None,
        **values: Any,
    ) -> None:
        points = self.rules.weight(code) if weight is None else weight
        if code in self.reasons and abs(self.reasons[code].weight) >= abs(points):
            return
        # Names and snippets come from the message: made safe to sit inside our sentence.
        safe = {k: visible(v) if isinstance(v, str) else v for k, v in values.items()}
        text = self.rules.texts.get(text_key or f"reason.{code}", self.lang, **safe)
        self.reasons[code] = Reason(
            code=code,
            text=text,
            weight=points,
            evidence=visible(evidence, 120) if evidence else evidence,
            span=span,
        )

    def has(self, *codes: str) -> bool:
        return any(code in self.reasons for code in codes)

    @property
    def total(self) -> int:
        return sum(r.weight for r in self.reasons.values())


def links(
    found: Indicators,
    ev: Evidence,
    rules: Rules,
    shown: list[ShownIndicator],
    *,
    matches: Matches,
    short_links: Mapping[str, str] | None = None,
) -> list[Url]:
    risky: list[Url] = []
    brands = rules.brands
    targets = short_links or {}
    for url in found.urls:
        display = defang(url)
        if url in matches.allowed:
            shown.append(ShownIndicator(kind="url", display=display))
            ev.add("allowlisted", evidence=display, span=url.span, what=display)
            continue
        if brands.is_platform(url) and not (url.hidden and _mismatch(url)):
            shown.append(ShownIndicator(kind="url", display=display))
            continue
        official = brands.official_brand(url)
        if official is not None:
            ev.add(
                "official_link",
                evidence=display,
                span=url.span,
                domain=url.host.replace(".", "[.]"),
                brand=official.name,
            )
            shown.append(ShownIndicator(kind="url", display=display, detail=official.name))
            if url.hidden and _mismatch(url):
                risky.append(url)
            continue
        target = (
            targets.get(short_link_key(url.host, url.path))
            if url.registered_domain in rules.shorteners
            else None
        )
        leads_to = rules.texts.get("leads_to", ev.lang, target=target) if target else None
        shown.append(ShownIndicator(kind="url", display=display, detail=leads_to))
        if brands.is_related(url) and not url.hidden:
            continue
        risky.append(url)
        domain = url.host.replace(".", "[.]")
        found_brand = brands.impersonation(url)
        if found_brand is not None:
            name = found_brand.brand.name if found_brand.brand else ""
            shown_as = url.userinfo.replace(".", "[.]") if url.userinfo else ""
            ev.add(
                found_brand.code,
                evidence=display,
                span=url.span,
                domain=domain,
                brand=name,
                shown=shown_as,
            )
        if url.hidden and _mismatch(url):
            ev.add(
                "link_text_mismatch",
                evidence=display,
                span=url.span,
                domain=domain,
                shown=url.visible_text[:40],
            )
        if url.is_ip:
            ev.add("ip_link", evidence=display, span=url.span)
        if url.registered_domain in rules.shorteners:
            if target is None:
                ev.add("shortener", evidence=display, span=url.span, domain=domain)
            else:
                ev.add(
                    "short_link_target",
                    evidence=display,
                    span=url.span,
                    domain=domain,
                    target=target,
                )
        tld = url.suffix.rsplit(".", 1)[-1]
        if tld in rules.suspicious_tlds:
            ev.add("suspicious_tld", evidence=display, span=url.span, tld=tld)
        if _FILE_APK.search(url.path.split("?")[0]):
            ev.add("apk_file", evidence=display, span=url.span)
        ev.add("unknown_link", evidence=display, span=url.span)
    return risky


def _mismatch(url: Url) -> bool:
    """The words of a hidden link name a domain other than the real target."""
    match = _VISIBLE_DOMAIN.search(url.visible_text)
    if match is None:
        return False
    shown = match.group(0).lower().removeprefix("www.")
    return not (url.host == shown or url.host.endswith("." + shown))


def odd_links(found: Indicators, ev: Evidence, shown: list[ShownIndicator]) -> None:
    """A link that is not http(s) is never an organisation's site: code or a trick."""
    for link in found.odd_links:
        shown.append(ShownIndicator(kind="link", display=link.display, detail=f"{link.scheme}:"))
        code = "script_link" if link.runs_code else "odd_scheme_link"
        ev.add(code, evidence=link.display, span=link.span, scheme=link.scheme)


def blocklist(matches: Matches, ev: Evidence, rules: Rules) -> None:
    """Blocklist hits and community reports; content's official addresses always win."""
    blocked = [item for item in matches.blocked if not rules.brands.is_official(item)]
    if blocked:
        shown = display_of(blocked[0])
        ev.add("blocklisted", evidence=shown, what=shown)
    community = rules.scoring.community
    if matches.reporters >= community["min_reporters"]:
        points = min(matches.reporters * community["points_per_reporter"], community["max_points"])
        ev.add("community_reported", weight=points, count=matches.reporters)


def usernames(
    found: Indicators,
    context: CheckContext,
    ev: Evidence,
    rules: Rules,
    shown: list[ShownIndicator],
    *,
    matches: Matches,
) -> None:
    for user in found.usernames:
        brand = None if user in matches.allowed else rules.brands.username_brand(user.name)
        official = rules.brands.official_account(user.name)
        shown.append(
            ShownIndicator(
                kind="username",
                display=f"@{user.name}",
                detail=official.name if official else None,
            )
        )
        if brand is not None:
            ev.add(
                "brand_username",
                evidence=f"@{user.name}",
                span=user.span,
                username=user.name,
                brand=brand.name,
            )
    if context.forward_username:
        brand = rules.brands.username_brand(context.forward_username)
        if brand is not None:
            ev.add("brand_username", username=context.forward_username, brand=brand.name)
    if context.forward_sender:
        brand = rules.brands.name_brand(context.forward_sender)
        code = (
            "contact_impersonation"
            if context.forward_kind == "contact"
            else ("forward_impersonation")
        )
        if brand is not None:
            ev.add(code, name=context.forward_sender[:60], brand=brand.name)


def files(context: CheckContext, ev: Evidence) -> None:
    apk_types = ("application/vnd.android.package-archive",)
    for name in context.file_names:
        if _FILE_APK.search(name.strip()):
            ev.add("apk_file", evidence=name[:60])
    if any(t in apk_types for t in context.mime_types):
        ev.add("apk_file")


def phones(
    found: Indicators,
    ev: Evidence,
    rules: Rules,
    shown: list[ShownIndicator],
    *,
    hits: PhraseHits,
    brand_claim: bool,
    matches: Matches,
) -> None:
    for number, brand in rules.brands.short_numbers_in(hits.text):
        shown.append(ShownIndicator(kind="short_number", display=number, detail=brand.name))
        ev.add("official_number", number=number, brand=brand.name)
    for phone in found.phones:
        official = rules.brands.official_number(phone.e164)
        masked = mask_phone(phone.e164)
        shown.append(
            ShownIndicator(
                kind="phone", display=masked, detail=official.name if official else None
            )
        )
        if official is not None:
            ev.add("official_number", number=masked, brand=official.name)
        elif phone in matches.allowed:
            ev.add("allowlisted", evidence=masked, span=phone.span, what=masked)
        elif phone.region == "001":
            ev.add("satellite_phone", evidence=masked, span=phone.span, phone=masked)
        elif phone.region not in ("KZ",) and (brand_claim or hits.scheme_total > 0):
            ev.add("foreign_phone", evidence=masked, span=phone.span, phone=masked)
            if brand_claim:
                ev.add(
                    "brand_claim_with_foreign_phone",
                    text_key="reason.foreign_phone",
                    weight=rules.scoring.combos["brand_claim_with_foreign_phone"],
                    phone=masked,
                )


def payments(
    found: Indicators,
    ev: Evidence,
    rules: Rules,
    shown: list[ShownIndicator],
    *,
    hits: PhraseHits,
    matches: Matches,
) -> None:
    asking = hits.requests("money_request") or hits.scheme_total > 0
    for card in found.cards:
        bank = rules.bins.get(card.bin)
        masked = mask_card(card.number)
        shown.append(
            ShownIndicator(
                kind="card", display=masked, detail=f"{bank[0]}, {bank[1]}" if bank else None
            )
        )
        if asking and card not in matches.allowed:
            ev.add("card_transfer", evidence=masked, span=card.span, card=masked)
    for iban in found.ibans:
        bank_name = rules.iban_banks.get(iban.bank_code)
        masked = mask_iban(iban.value)
        shown.append(ShownIndicator(kind="iban", display=masked, detail=bank_name))
        if asking and iban not in matches.allowed:
            ev.add("iban_transfer", evidence=masked, span=iban.span, iban=masked)
    for wallet in found.wallets:
        masked = mask_wallet(wallet.address)
        shown.append(ShownIndicator(kind="wallet", display=masked, detail=wallet.network.upper()))
        if wallet not in matches.allowed:
            ev.add("wallet", evidence=masked, span=wallet.span)
