"""`assess(...)`: evidence from indicators, phrases and context, combined into one Verdict.

Each piece of evidence is a reason with a stable code and a weight from scoring.toml;
scoring happens in one place (`_score`). Nothing here does I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from checks.context import CheckContext
from checks.indicators import Indicators, Url
from checks.matches import Matches
from checks.model import load_model
from checks.numbers import mask_card, mask_iban, mask_phone, mask_wallet
from checks.phrases import PhraseHits, find_phrases
from checks.rules import Rules
from checks.textnorm import clean_text, fold_for_phrases
from checks.urls import defang
from checks.verdict import Reason, ShownIndicator, Verdict

_VISIBLE_DOMAIN = re.compile(r"([a-z0-9\-]+\.)+[a-z]{2,}", re.IGNORECASE)
_FILE_APK = re.compile(r"\.(apk|xapk|apks)$", re.IGNORECASE)


@dataclass(slots=True)
class _Evidence:
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
        text = self.rules.texts.get(text_key or f"reason.{code}", self.lang, **values)
        self.reasons[code] = Reason(
            code=code, text=text, weight=points, evidence=evidence, span=span
        )

    def has(self, *codes: str) -> bool:
        return any(code in self.reasons for code in codes)

    @property
    def total(self) -> int:
        return sum(r.weight for r in self.reasons.values())


def assess(
    text: str,
    found: Indicators,
    matches: Matches,
    context: CheckContext,
    *,
    rules: Rules,
    lang: str = "ru",
    use_model: bool = True,
) -> Verdict:
    """Score the evidence in a message into a Verdict in `lang`."""
    ev = _Evidence(rules, lang)
    folded = folded_text(text, found)
    hits = find_phrases(folded, rules)
    shown: list[ShownIndicator] = []
    risky_links = _links(found, ev, rules, shown)
    _blocklist(matches, ev)
    _usernames(found, context, ev, rules, shown)
    _files(context, ev)
    brands_claimed = rules.brands.brands_in_text(folded)
    _phones(found, ev, rules, shown, hits=hits, brand_claim=bool(brands_claimed))
    _payments(found, ev, rules, shown, hits)
    _phrases(hits, ev, rules, risky_links, found)
    if use_model:
        _wording(folded, ev, rules)
    if found.truncated:
        ev.add("too_many_links", weight=0, count=len(found.urls))
    return _verdict(ev, rules, lang, hits=hits, shown=shown, risky_links=risky_links)


def folded_text(text: str, found: Indicators) -> str:
    """What phrases and the wording model read: links blanked, then folded."""
    return fold_for_phrases(_without_links(text, found))


def _without_links(text: str, found: Indicators) -> str:
    """The text with links blanked: domain names are judged as domains, not as words."""
    pieces, last = [], 0
    for url in sorted((u for u in found.urls if not u.hidden), key=lambda u: u.span):
        start, end = url.span
        if start >= last:
            pieces += [text[last:start], " "]
            last = end
    pieces.append(text[last:])
    return clean_text("".join(pieces)).text


# ---- indicators -------------------------------------------------------------------------


def _links(
    found: Indicators, ev: _Evidence, rules: Rules, shown: list[ShownIndicator]
) -> list[Url]:
    risky: list[Url] = []
    brands = rules.brands
    for url in found.urls:
        display = defang(url)
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
        shown.append(ShownIndicator(kind="url", display=display))
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
            ev.add("shortener", evidence=display, span=url.span, domain=domain)
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


def _blocklist(matches: Matches, ev: _Evidence) -> None:
    if matches.blocked:
        ev.add("blocklisted", evidence=matches.blocked[0])
    if matches.reporters:
        ev.add("community_reported", count=matches.reporters)


def _usernames(
    found: Indicators,
    context: CheckContext,
    ev: _Evidence,
    rules: Rules,
    shown: list[ShownIndicator],
) -> None:
    for user in found.usernames:
        brand = rules.brands.username_brand(user.name)
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
        if brand is not None:
            ev.add("forward_impersonation", name=context.forward_sender[:60], brand=brand.name)


def _files(context: CheckContext, ev: _Evidence) -> None:
    apk_types = ("application/vnd.android.package-archive",)
    for name in context.file_names:
        if _FILE_APK.search(name.strip()):
            ev.add("apk_file", evidence=name[:60])
    if any(t in apk_types for t in context.mime_types):
        ev.add("apk_file")


def _phones(
    found: Indicators,
    ev: _Evidence,
    rules: Rules,
    shown: list[ShownIndicator],
    *,
    hits: PhraseHits,
    brand_claim: bool,
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


def _payments(
    found: Indicators, ev: _Evidence, rules: Rules, shown: list[ShownIndicator], hits: PhraseHits
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
        if asking:
            ev.add("card_transfer", evidence=masked, span=card.span, card=masked)
    for iban in found.ibans:
        bank_name = rules.iban_banks.get(iban.bank_code)
        masked = mask_iban(iban.value)
        shown.append(ShownIndicator(kind="iban", display=masked, detail=bank_name))
        if asking:
            ev.add("iban_transfer", evidence=masked, span=iban.span, iban=masked)
    for wallet in found.wallets:
        masked = mask_wallet(wallet.address)
        shown.append(ShownIndicator(kind="wallet", display=masked, detail=wallet.network.upper()))
        ev.add("wallet", evidence=masked, span=wallet.span)


# ---- phrases ----------------------------------------------------------------------------


def _phrases(
    hits: PhraseHits, ev: _Evidence, rules: Rules, risky_links: list[Url], found: Indicators
) -> None:
    context = rules.scoring.context
    factor = context["warning_factor"] if hits.warning_only else 1.0
    budget = context["warning_cap"] if hits.warning_only else context["max_phrase_total"]
    contact = bool(found.phones or found.usernames or found.cards or found.ibans or found.wallets)
    if not risky_links and not hits.live_request:
        if ev.has("official_link"):
            budget = min(budget, context["official_only_cap"])  # a real notice from the brand
        elif (
            not contact and hits.decisive < context["decisive_phrase"] and hits.scheme_phrases < 2
        ):
            budget = min(budget, context["thin_phrase_cap"])  # talk, not a request
    groups = (
        "code_request",
        "code_mention",
        "money_request",
        "urgency",
        "link_action",
        "personal_data",
        "remote_app",
    )
    pieces: list[tuple[str, str, float]] = [  # (code, text key, points)
        (group, f"reason.{group}", hits.signal(group)) for group in groups if hits.signal(group)
    ]
    if hits.signal("apk"):
        pieces.append(("apk_file", "reason.apk_file", hits.signal("apk")))
    ranked = hits.ranked_schemes()
    if ranked:
        best, points = ranked[0]
        if len(ranked) > 1:
            points += ranked[1][1] * context["second_scheme_factor"]
        pieces.append((f"scheme_{best}", f"scheme.{best}", points))
    for code, key, points in sorted(pieces, key=lambda p: -p[2]):
        weight = min(round(points * factor), max(budget, 0))
        budget -= weight
        ev.add(code, weight=weight, text_key=key)
    if hits.warning_only and (hits.any_signal or ranked):
        ev.add("warning_context", weight=0)
    combos = rules.scoring.combos
    if factor < 1:
        return
    if risky_links and hits.requests("code_request"):
        ev.add(
            "code_request_with_link",
            weight=combos["code_request_with_link"],
            text_key="reason.code_request",
        )
    if (found.cards or found.ibans or found.wallets) and hits.requests("money_request"):
        ev.add(
            "money_request_with_card",
            weight=combos["money_request_with_card"],
            text_key="reason.money_request",
        )
    if risky_links and hits.requests("link_action"):
        ev.add(
            "link_action_with_risky_link",
            weight=combos["link_action_with_risky_link"],
            text_key="reason.link_action",
        )
    if ranked and risky_links:
        ev.add(
            "scheme_with_risky_link",
            weight=combos["scheme_with_risky_link"],
            text_key="reason.unknown_link",
        )
    if ranked and (found.phones or found.usernames or found.cards or found.ibans):
        ev.add(
            "scheme_with_contact",
            weight=combos["scheme_with_contact"],
            text_key=f"scheme.{ranked[0][0]}",
        )


def _wording(folded: str, ev: _Evidence, rules: Rules) -> None:
    """The statistical second opinion adds evidence; it never flags on its own."""
    model = load_model()
    if model is None or not folded.strip():
        return
    probability = model.probability(folded)
    points = 0
    for cut, tier_points in rules.scoring.model.get("tiers", []):
        if probability >= cut:
            points = tier_points
    if points:
        ev.add("wording_model", weight=points)


# ---- verdict ----------------------------------------------------------------------------

_SCHEME_BY_REASON = (
    ("apk_file", "malware_apk"),
    ("remote_app", "remote_access"),
    ("wallet", "crypto"),
    ("lookalike_domain", "phishing"),
    ("brand_subdomain", "phishing"),
    ("brand_in_domain", "phishing"),
    ("userinfo_trick", "phishing"),
    ("homograph", "phishing"),
    ("link_text_mismatch", "phishing"),
    ("code_request", "sms_code"),
    ("brand_username", "phishing"),
    ("forward_impersonation", "safe_account"),
)
_HIDDEN_FROM_PERSON = {"unknown_link", "official_number"}


def _verdict(
    ev: _Evidence,
    rules: Rules,
    lang: str,
    *,
    hits: PhraseHits,
    shown: list[ShownIndicator],
    risky_links: list[Url],
) -> Verdict:
    levels = rules.scoring.levels
    score = max(0, min(100, ev.total))
    risky = bool(risky_links) or any(r.weight > 0 for r in ev.reasons.values())
    if score >= levels["dangerous"]:
        level = "dangerous"
    elif score >= levels["suspicious"]:
        level = "suspicious"
    elif ev.has("official_link") and not risky and score <= levels["safe_max"]:
        level = "safe"
    else:
        level = "unsure"
    scheme = _scheme(ev, hits, level)
    texts = rules.texts
    reasons = sorted(ev.reasons.values(), key=lambda r: -abs(r.weight))
    if level != "safe":
        reasons = [r for r in reasons if r.weight > 0 or r.code == "warning_context"]
    reasons = [
        r
        for r in reasons
        if r.code not in _HIDDEN_FROM_PERSON or (level == "unsure" and len(reasons) == 1)
    ]
    summary_key = f"summary.{level}"
    if level == "unsure" and not reasons and not shown:
        summary_key = "summary.nothing"
    return Verdict(
        level=level,
        score=score,
        title=texts.get(f"level.{level}", lang),
        summary=texts.get(summary_key, lang),
        scheme=scheme,
        reasons=reasons,
        indicators=shown,
        advice=_advice(rules, lang, level, scheme, ev),
        lesson=rules.schemes[scheme].lesson if scheme else None,
        lang=lang,
    )


def _scheme(ev: _Evidence, hits: PhraseHits, level: str) -> str | None:
    if level in ("safe", "unsure") and not hits.ranked_schemes():
        return None
    ranked = hits.ranked_schemes()
    if ranked and not ev.has("apk_file"):
        return ranked[0][0]
    for code, scheme in _SCHEME_BY_REASON:
        if ev.has(code):
            return scheme
    return ranked[0][0] if ranked else None


def _advice(rules: Rules, lang: str, level: str, scheme: str | None, ev: _Evidence) -> list[str]:
    texts = rules.texts
    if level == "safe":
        return []
    if level == "unsure":
        return [texts.get("advice.unsure_check", lang)]
    keys: list[str] = list(rules.schemes[scheme].advice) if scheme else []
    if not keys:
        if ev.has("code_request"):
            keys.append("never_share_codes")
        if ev.has("unknown_link"):
            keys.append("do_not_open_link")
        keys += ["hang_up_call_bank", "police_102"]
    return [texts.get(f"advice.{k}", lang) for k in dict.fromkeys(keys)][:3]
