"""Named signals: what a message asks for, how, and in what tone, each with its words.

Every check here is a small function of the message's words and its lexicon hits that
returns named `Signal`s; the model weighs them, and the strongest become the reasons shown,
quoting the words they were found in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import NamedTuple

from checks.lexicon import Hit

NEAR = 6  # words between a request and what it asks for
NEGATION_REACH = 3  # a negation this many words before a request turns it into advice
REQUESTS = ("ask", "pay", "link_action", "install", "off_platform")
# Signals made of two groups meeting: (name, request group, object group).
PAIRS = (
    ("code_request", "ask", "code"),
    ("data_request", "ask", "data"),
    ("money_request", "pay", "money"),
    ("pay_to_target", "pay", "target"),
    ("fee_request", "pay", "fee"),
    ("remote_install", "install", "remote_app"),
)
# Things that meet without a request between them: (name, first group, second group).
MEETINGS = (
    ("code_to_someone", "code", "recipient"),
    ("prize_with_fee", "prize", "fee"),
    ("loan_with_fee", "loan", "fee"),
    ("job_with_card", "job", "target"),
    ("invest_with_money", "invest", "money"),
    ("security_with_callback", "bank_security", "off_platform"),
    ("relative_with_secrecy", "relative", "secrecy"),
    ("relative_with_money", "relative", "pay"),
    ("takeover_with_code", "takeover", "code"),
)


_NO_VALUES: Mapping[str, str] = MappingProxyType({})


class Signal(NamedTuple):  # a tuple: built dozens of times per message, cheaply
    code: str
    value: float = 1.0
    words: tuple[int, int] | None = None
    """First and last word (indexes in `Words.words`) the signal was found in."""
    evidence: str | None = None
    """A defanged or masked indicator, for signals from links and numbers."""
    span: tuple[int, int] | None = None
    """Where in the text, for signals from indicators."""
    values: Mapping[str, str] = _NO_VALUES
    """Placeholders for the reason text (domain, brand, phone...)."""


def feature_names(groups: Iterable[str]) -> list[str]:
    """Names of the word signals for a lexicon with these groups, in a stable order."""
    groups = list(groups)
    names = list(groups)
    names += [f"{g}_negated" for g in REQUESTS if g in groups]
    names += [name for name, _, _ in PAIRS]
    names += [f"{name}_negated" for name, _, _ in PAIRS]
    names += [name for name, _, _ in MEETINGS]
    return names


def word_signals(hits: list[Hit]) -> list[Signal]:
    """Group presences (requests only when not negated), negated requests, and pairs."""
    by_group: dict[str, list[Hit]] = {}
    for hit in hits:
        if not hit.group.startswith("org:"):  # organisations' names: checks/evidence.py
            by_group.setdefault(hit.group, []).append(hit)
    advice = by_group.get("official_advice", []) + by_group.get("refusal", [])
    negations = [h.first for h in by_group.get("negation", [])]

    def negated(hit: Hit) -> bool:
        if any(0 < hit.first - n <= NEGATION_REACH for n in negations):
            return True
        return any(a.first <= hit.first <= a.last for a in advice)

    out: list[Signal] = []
    live: dict[str, list[Hit]] = {}
    dead: dict[str, list[Hit]] = {}
    for group, found in by_group.items():
        if group in REQUESTS:
            live[group] = [h for h in found if not negated(h)]
            dead[group] = [h for h in found if negated(h)]
            if live[group]:
                out.append(Signal(group, words=_words(live[group][0])))
            if dead[group]:
                out.append(Signal(f"{group}_negated", words=_words(dead[group][0])))
        else:
            out.append(Signal(group, words=_words(found[0])))
    for name, request, thing in PAIRS:
        objects = by_group.get(thing, [])
        for kind, pool in ((name, live), (f"{name}_negated", dead)):
            pair = _near(pool.get(request, []), objects)
            if pair is not None:
                out.append(Signal(kind, words=pair))
    for name, first, second in MEETINGS:
        pair = _near(by_group.get(first, []), by_group.get(second, []))
        if pair is not None:
            out.append(Signal(name, words=pair))
    return out


def _words(hit: Hit) -> tuple[int, int]:
    return hit.first, hit.last


def _near(requests: list[Hit], objects: list[Hit]) -> tuple[int, int] | None:
    """The words from a request to the nearest thing it asks for, within NEAR words."""
    best: tuple[int, int] | None = None
    for r in requests:
        for o in objects:
            gap = o.first - r.last if o.first > r.last else r.first - o.last
            if gap <= NEAR:
                span = (min(r.first, o.first), max(r.last, o.last))
                if best is None or span[1] - span[0] < best[1] - best[0]:
                    best = span
    return best
