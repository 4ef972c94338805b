"""`assess(...)`: evidence from indicators, phrases and context, combined into one Verdict.

Indicator evidence comes from checks/evidence.py; phrase evidence, the wording model and
the final score and level are here (`_phrases`, `_wording`, `_verdict`). Nothing does I/O.
"""

from __future__ import annotations

from checks import evidence
from checks.context import CheckContext
from checks.indicators import Indicators, Url
from checks.matches import Matches
from checks.model import load_model
from checks.phrases import PhraseHits, find_phrases
from checks.rules import Rules
from checks.textnorm import clean_text, fold_for_phrases
from checks.verdict import ShownIndicator, Verdict


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
    ev = evidence.Evidence(rules, lang)
    folded = folded_text(text, found)
    hits = find_phrases(folded, rules)
    shown: list[ShownIndicator] = []
    risky_links = evidence.links(
        found, ev, rules, shown, matches=matches, short_links=dict(context.short_links)
    )
    evidence.odd_links(found, ev, shown)
    evidence.blocklist(matches, ev, rules)
    evidence.usernames(found, context, ev, rules, shown, matches=matches)
    evidence.files(context, ev)
    brands_claimed = rules.brands.brands_in_text(folded)
    evidence.phones(
        found, ev, rules, shown, hits=hits, brand_claim=bool(brands_claimed), matches=matches
    )
    evidence.payments(found, ev, rules, shown, hits=hits, matches=matches)
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


# ---- phrases ----------------------------------------------------------------------------


def _phrases(
    hits: PhraseHits,
    ev: evidence.Evidence,
    rules: Rules,
    risky_links: list[Url],
    found: Indicators,
) -> None:
    context = rules.scoring.context
    factor = context["warning_factor"] if hits.warning_only else 1.0
    budget = context["warning_cap"] if hits.warning_only else context["max_phrase_total"]
    if not risky_links and not hits.live_request:
        if ev.has("official_link"):
            budget = min(budget, context["official_only_cap"])  # a real notice from the brand
        elif (
            not found.has_contact
            and hits.decisive < context["decisive_phrase"]
            and hits.scheme_phrases < 2
        ):
            budget = min(budget, context["thin_phrase_cap"])  # talk, not a request
    groups = (
        "code_request",
        "code_mention",
        "money_request",
        "urgency",
        "link_action",
        "personal_data",
        "data_mention",
        "secrecy",
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
    if ranked and found.has_contact:
        ev.add(
            "scheme_with_contact",
            weight=combos["scheme_with_contact"],
            text_key=f"scheme.{ranked[0][0]}",
        )


def _wording(folded: str, ev: evidence.Evidence, rules: Rules) -> None:
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
# Worth telling the person even though they add no risk points.
_INFO_CODES = {"warning_context", "too_many_links", "allowlisted"}


def _verdict(
    ev: evidence.Evidence,
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
        reasons = [r for r in reasons if r.weight > 0 or r.code in _INFO_CODES]
    only_reason = level == "unsure" and len(reasons) == 1
    reasons = [r for r in reasons if r.code not in _HIDDEN_FROM_PERSON or only_reason]
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


def _scheme(ev: evidence.Evidence, hits: PhraseHits, level: str) -> str | None:
    if level in ("safe", "unsure") and not hits.ranked_schemes():
        return None
    ranked = hits.ranked_schemes()
    if ranked and not ev.has("apk_file"):
        return ranked[0][0]
    for code, scheme in _SCHEME_BY_REASON:
        if ev.has(code):
            return scheme
    return ranked[0][0] if ranked else None


def _advice(
    rules: Rules, lang: str, level: str, scheme: str | None, ev: evidence.Evidence
) -> list[str]:
    texts = rules.texts
    if level == "safe":
        return []
    if level == "unsure":
        return [texts.get("advice.unsure_check", lang)]
    keys: list[str] = list(rules.schemes[scheme].advice) if scheme else []
    if not keys:
        if ev.has("code_request"):
            keys.append("never_share_codes")
        blocked = ev.reasons.get("blocklisted")
        if ev.has("unknown_link") or (blocked and (blocked.evidence or "").startswith("hxx")):
            keys += ["do_not_open_link", "block_card"]  # shown links are defanged: hxxp(s)://
        else:
            keys.append("hang_up_call_bank")
        keys.append("police_102")
    return [texts.get(f"advice.{k}", lang) for k in dict.fromkeys(keys)][:3]
