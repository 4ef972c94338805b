"""`assess(...)`: signals from the words and the indicators, weighed into one Verdict.

`observe` collects named signals (checks/signals.py from the words, checks/evidence.py from
links, numbers, files and senders); the model (checks/model.py) turns them and the wording
into a probability; `content/scoring.toml` adds what is certain without a model (a
blocklisted address, a look-alike of a bank's site, a program sent as a file). Reasons are
the signals that pushed hardest, each quoting or naming what is in the message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from checks import evidence
from checks.context import CheckContext
from checks.indicators import Indicators
from checks.matches import Matches
from checks.model import TEXT, Score
from checks.rules import LEVEL_ORDER, Rules
from checks.signals import Signal, word_signals
from checks.textnorm import CleanText, clean_text, visible
from checks.tokens import Words, words_of
from checks.verdict import Level, Reason, ShownIndicator, Verdict, built

# Signals that speak for the message being genuine: reasons of a "safe" verdict.
OFFICIAL_NUMBERS = ("short_number_official", "phone_official")
REASSURING = ("link_official", "phone_official", "short_number_official", "allowlisted")
MAX_QUOTE = 70
# Said whenever they apply: a moderator's decision, reports, a cut-off flood of links.
ALWAYS_SAID = (
    "allowlisted",
    "file_archive",
    "community_confirmed",
    "community_reported",
    "community_seen",
    "many_links",
)


@dataclass(slots=True)
class Observation:
    """Everything the engine noticed in one message, before weighing it."""

    clean: CleanText
    words: Words
    signals: list[Signal]
    shown: list[ShownIndicator]
    _first: dict[str, Signal] | None = None

    @property
    def features(self) -> dict[str, float]:
        return {s.code: s.value for s in self.signals}

    @property
    def readings(self) -> list[str]:
        """Cyrillic readings of the Latin words, which the text model reads too."""
        return list(self.words.alts.values())

    def first(self, code: str) -> Signal | None:
        if self._first is None:
            self._first = {}
            for signal in self.signals:
                self._first.setdefault(signal.code, signal)
        return self._first.get(code)


def observe(
    text: str,
    found: Indicators,
    matches: Matches,
    context: CheckContext,
    *,
    rules: Rules,
    lang: str = "ru",
) -> Observation:
    """The signals of one message (the model's input): pure, no weighing yet."""
    out = evidence.Found(lang=lang)
    brands = rules.brands
    evidence.odd_links(found, out)
    evidence.links(
        found,
        brands,
        rules.shorteners,
        rules.suspicious_tlds,
        matches=matches,
        out=out,
        short_links=dict(context.short_links),
        leads_to=rules.texts.get("leads_to", lang, target="{target}"),
    )
    evidence.blocklist(matches, brands, out)
    evidence.usernames(found, context, brands, matches=matches, out=out)
    evidence.forwards(context, brands, out, lambda name: _mentions(name, rules))
    evidence.files(context, out)
    clean = clean_text(_without_links(text, found))
    words = words_of(clean.text)
    hits = rules.lexicon.scan(words)
    signals = word_signals(hits)
    evidence.phones(found, words.text, brands, matches=matches, out=out)
    evidence.payments(found, rules.bins, rules.iban_banks, matches=matches, out=out)
    evidence.amounts(clean.text, out)
    evidence.file_names(clean.text, out)
    mentioned = [brands.get(h.group[4:]) for h in hits if h.group.startswith("org:")]
    evidence.brand_claims([b for b in mentioned if b is not None], out)
    evidence.community(matches, rules.scoring.community["min_reporters"], out)
    return Observation(clean, words, signals + out.signals, out.shown)


def assess(
    text: str,
    found: Indicators,
    matches: Matches,
    context: CheckContext,
    *,
    rules: Rules,
    lang: str = "ru",
) -> Verdict:
    """Score the evidence in a message into a Verdict in `lang`."""
    seen = observe(text, found, matches, context, rules=rules, lang=lang)
    if rules.model is None:
        raise ValueError("rules without a model cannot assess; load_rules() brings one")
    score = rules.model.score(seen.words.words, seen.readings, seen.features)
    floor, deciding = _floor(seen, rules)
    level = _level(score.probability, floor, seen, rules)
    if not _has_words(seen):  # a bare link or number: the rules judge it, not the wording
        vouched = any(s in seen.features for s in REASSURING) and not any(
            s in seen.features for s in rules.scoring.never_safe
        )
        level = max(floor, "safe" if vouched else "unsure", key=LEVEL_ORDER.index)  # type: ignore[assignment]
    scheme = _scheme(seen, rules, level)
    reasons = _reasons(
        seen, score, rules, lang=lang, level=level, deciding=deciding, text=text, scheme=scheme
    )
    summary = "summary.nothing" if _empty(seen) else f"summary.{level}"
    texts = rules.texts
    shown_score = max(round(score.probability * 100), rules.scoring.shown_score.get(level, 0))
    return built(
        Verdict,
        level=level,
        score=min(100, shown_score),
        title=texts.get(f"level.{level}", lang),
        summary=texts.get(summary, lang),
        scheme=scheme,
        reasons=reasons,
        indicators=seen.shown,
        advice=_advice(rules, lang, level, scheme),
        lesson=rules.schemes[scheme].lesson if scheme else None,
        lang=lang,
    )


def _mentions(name: str, rules: Rules) -> list[str]:
    """Organisations whose names appear in a sender's or contact's name."""
    hits = rules.lexicon.scan(words_of(name))
    return [h.group[4:] for h in hits if h.group.startswith("org:")]


def _without_links(text: str, found: Indicators) -> str:
    """Links blanked (same length, so spans hold): a domain is judged as a domain."""
    if not found.urls and not found.odd_links:
        return text
    chars = list(text)
    for item in (*found.urls, *found.odd_links):
        if getattr(item, "hidden", False):
            continue
        start, end = item.span
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _floor(seen: Observation, rules: Rules) -> tuple[str, list[str]]:
    """The lowest level the signals allow, and every rule signal that fired (strongest
    first): they are reasons whatever else the model says."""
    features = seen.features
    fired: list[tuple[int, str]] = []
    for code in features:
        level = rules.scoring.floors.get(code)
        if level is not None:
            fired.append((LEVEL_ORDER.index(level), code))
    for pair in rules.scoring.pairs.values():
        if all(s in features for s in pair.signals):
            fired += [(LEVEL_ORDER.index(pair.level), s) for s in pair.signals]
    if not fired:
        return "safe", []
    fired.sort(key=lambda item: -item[0])
    return LEVEL_ORDER[fired[0][0]], list(dict.fromkeys(code for _, code in fired))


def _level(probability: float, floor: str, seen: Observation, rules: Rules) -> Level:
    assert rules.model is not None
    cut = rules.model.thresholds
    if probability >= cut.dangerous:
        level = "dangerous"
    elif probability >= cut.suspicious:
        level = "suspicious"
    elif probability <= cut.safe and not _empty(seen):
        level = "safe"
    else:
        level = "unsure"
    if level == "safe" and any(s in seen.features for s in rules.scoring.never_safe):
        level = "unsure"
    return max(level, floor, key=LEVEL_ORDER.index)  # type: ignore[return-value]


def _has_words(seen: Observation) -> bool:
    return any(any(c.isalpha() for c in w) for w in seen.words.words)


def _empty(seen: Observation) -> bool:
    """Nothing to judge: no words with letters and no indicators."""
    return not seen.shown and not _has_words(seen)


def _scheme(seen: Observation, rules: Rules, level: str) -> str | None:
    if level not in ("suspicious", "dangerous"):
        return None
    features = seen.features
    if "file_runs_code" in features:
        return "malware_apk"
    assert rules.model is not None
    ranked = rules.model.rank_schemes(seen.words.words, seen.readings, features)
    return ranked[0][0] if ranked else None


def _reasons(
    seen: Observation,
    score: Score,
    rules: Rules,
    *,
    lang: str,
    level: str,
    deciding: list[str],
    text: str,
    scheme: str | None,
) -> list[Reason]:
    """The signals that decided, then the strongest contributions, each said once."""
    texts = rules.texts
    out: dict[str, Reason] = {}

    def add(code: str, weight: float) -> None:
        signal = seen.first(code)
        key = f"signal.{code}"
        if signal is None or code in out or key not in texts:
            return
        values = dict(signal.values)
        if signal.words is not None:
            values["quote"] = _quote(seen, signal.words, text)
        values.setdefault("evidence", signal.evidence or "")
        try:
            sentence = texts.get(key, lang, **values)
        except KeyError:  # a placeholder the signal does not carry: not shown
            return
        out[code] = built(  # built from our own data: no validation needed
            Reason,
            code=values.get("kind", code),  # a look-alike says which trick it is
            text=sentence,
            weight=round(weight * 10),
            evidence=signal.evidence,
            span=signal.span,
        )

    for code in deciding:
        add(code, 10.0)
    for code in ALWAYS_SAID:
        add(code, 0.0)
    if level == "safe":
        for code in REASSURING:
            add(code, -1.0)
        for code, part in sorted(score.parts.items(), key=lambda kv: kv[1]):
            if part < 0 and code != TEXT:
                add(code, part)
        return list(out.values())
    parts = {("wording" if k == TEXT else k): v for k, v in score.parts.items()}
    if not score.words:
        parts.pop("wording", None)
    for code, part in sorted(parts.items(), key=lambda kv: -kv[1]):
        if part <= 0.15 or len(out) >= 6:
            break
        if code == "wording":
            _wording(out, seen, score, texts, lang=lang, text=text, scheme=scheme)
        else:
            add(code, part)
    if level == "unsure":
        for code, part in sorted(score.parts.items(), key=lambda kv: kv[1]):
            if part < -0.5 and len(out) < 4 and code != TEXT:
                add(code, part)
    for code in OFFICIAL_NUMBERS:  # said plainly, last: a caller can fake the number
        add(code, 0.0)
    return list(out.values())


def _wording(
    out: dict[str, Reason],
    seen: Observation,
    score: Score,
    texts: object,
    *,
    lang: str,
    text: str,
    scheme: str | None,
) -> None:
    """The text model's part, said as the words that weighed most, in order."""
    count = len(seen.words.words)
    alt_of = list(seen.words.alts)  # model word count+k is the reading of word alt_of[k]
    picked = sorted({i if i < count else alt_of[i - count] for _, i in score.words[:3]})
    if not picked:
        return
    quote = " … ".join(_quote(seen, (i, i), text) for i in picked)
    key = "signal.wording"
    sentence = texts.get(key, lang, quote=quote)  # type: ignore[attr-defined]
    if scheme is not None:
        sentence = f"{sentence} {texts.get(f'scheme.{scheme}', lang)}"  # type: ignore[attr-defined]
    weight = round(score.parts.get(TEXT, 0.0) * 10)
    out["wording"] = built(
        Reason,
        code="wording", text=sentence, weight=weight, evidence=None, span=None
    )


def _quote(seen: Observation, words: tuple[int, int], text: str) -> str:
    start, end = seen.words.span(*words)
    start, end = seen.clean.span(start, end)
    return visible(text[start:end], MAX_QUOTE)


def _advice(rules: Rules, lang: str, level: str, scheme: str | None) -> list[str]:
    texts = rules.texts
    if level == "safe":
        return []
    if level == "unsure":
        return [texts.get("advice.unsure_check", lang)]
    keys = list(rules.schemes[scheme].advice) if scheme else []
    if not keys:
        keys = ["do_not_pay", "hang_up_call_bank", "police_102"]
    return [texts.get(f"advice.{k}", lang) for k in dict.fromkeys(keys)][:3]


def signal_values(signals: list[Signal]) -> Mapping[str, float]:
    return {s.code: s.value for s in signals}
