"""Scheme phrases and generic signals found in folded text, with negation handling."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checks.rules import Rules

NEGATION_WINDOW = 28  # characters before a request that may turn it into a warning
TOPIC_WEIGHT = 25  # lighter scheme phrases only name a topic ("crypto", "prize")
_QUOTE = re.compile(r"«[^»]{1,60}»|\"[^\"]{1,60}\"|“[^”]{1,60}”")


@dataclass(slots=True)
class PhraseHits:
    signals: dict[str, int] = field(default_factory=dict)
    """Points per signal group, capped; request groups count only live (non-negated) hits."""
    negated: dict[str, int] = field(default_factory=dict)
    """Points of request hits that stood right after a negation ("never tell the code")."""
    schemes: dict[str, int] = field(default_factory=dict)
    warning: bool = False
    decisive: int = 0
    """The strongest single live phrase (scheme or signal), whatever it is."""
    scheme_phrases: int = 0
    """How many scheme phrases matched (two independent ones are more than talk)."""
    text: str = ""
    """The folded text the phrases were found in."""

    def signal(self, group: str) -> int:
        return self.signals.get(group, 0)

    def requests(self, group: str) -> bool:
        return self.signals.get(group, 0) > 0

    @property
    def any_signal(self) -> bool:
        return any(self.signals.values()) or any(self.negated.values())

    @property
    def live_request(self) -> bool:
        """Asks for money, a code or personal data ("follow the link" alone is too weak)."""
        return any(
            self.signals.get(g, 0) for g in ("code_request", "money_request", "personal_data")
        )

    @property
    def warning_only(self) -> bool:
        """The text warns or talks about fraud and asks for nothing itself."""
        return self.warning and not self.live_request

    @property
    def scheme_total(self) -> int:
        return sum(self.schemes.values())

    def ranked_schemes(self) -> list[tuple[str, int]]:
        return sorted(((k, v) for k, v in self.schemes.items() if v > 0), key=lambda kv: -kv[1])


def find_phrases(folded: str, rules: Rules) -> PhraseHits:
    hits = PhraseHits(text=folded)
    negation = rules.signals["negation"].patterns[0][1]
    hits.warning = any(p.search(folded) for _, p in rules.signals["warning"].patterns)
    for name, group in rules.signals.items():
        if name in ("warning", "negation"):
            continue
        live = negated = 0
        for weight, pattern in group.patterns:
            match = pattern.search(folded)
            if match is None:
                continue
            if group.request and _negated(folded, match, negation):
                negated += weight
            else:
                live += weight
                hits.decisive = max(hits.decisive, weight)
        hits.signals[name] = min(live, group.cap)
        hits.negated[name] = min(negated, group.cap)
    quoted = _quoted_spans(folded)
    for scheme in rules.schemes.values():
        points = 0
        for weight, pattern in scheme.patterns:
            match = pattern.search(folded)
            if match is None or _negated(folded, match, negation):
                continue
            if any(start <= match.start() < end for start, end in quoted):
                points += weight // 2  # «safe account» in quotes: named, not offered
                continue
            points += weight
            hits.decisive = max(hits.decisive, weight)
            if weight >= TOPIC_WEIGHT:
                hits.scheme_phrases += 1
        if points:
            hits.schemes[scheme.id] = min(points, scheme.cap)
    return hits


def _quoted_spans(folded: str) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTE.finditer(folded)]


def _negated(folded: str, match: re.Match[str], negation: re.Pattern[str]) -> bool:
    """A negation word right before the match ("не сообщайте код") or inside it."""
    window = folded[max(0, match.start() - NEGATION_WINDOW) : match.start()]
    tail = re.split(r"[,.!?;:\n—]", window)[-1]  # only the same clause counts
    return bool(negation.search(tail)) or bool(
        re.match(r"(не|never|don.?t|do not)\s", match.group(0))
    )
