"""Word groups (content/lexicon.toml) found among a message's words, in one pass.

Stems are indexed by their first three letters, so each word costs one or two dictionary
look-ups and a `startswith` per candidate, whatever the size of the lexicon.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from checks.tokens import Words
from checks.translit import fold

ROLES = ("request", "object", "context", "topic", "brand")
_PART = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Stem:
    group: str
    parts: tuple[str, ...]
    whole: bool
    """Every part must be a whole word (stems written "=word")."""

    def matches(self, word: str, part: int = 0) -> bool:
        stem = self.parts[part]
        return word == stem if self.whole else word.startswith(stem)


class Hit(NamedTuple):
    group: str
    first: int
    last: int
    """Word indexes (inclusive) of the match."""


class Lexicon:
    CACHE = 200_000  # distinct words remembered

    def __init__(self, groups: dict[str, tuple[str, list[str]]]) -> None:
        """`groups`: name -> (role, stems as written in content/lexicon.toml)."""
        self.roles = {name: role for name, (role, _) in groups.items()}
        self._known: dict[str, tuple[tuple[str, ...], dict[str, list[Stem]]]] = {}
        self._by_prefix: dict[str, list[Stem]] = defaultdict(list)
        self._exact: dict[str, list[Stem]] = defaultdict(list)
        for name, (_role, stems) in groups.items():
            for raw in stems:
                whole = raw.startswith("=")
                parts = tuple(_PART.findall(fold(raw.removeprefix("="))))
                if not parts:
                    continue
                stem = Stem(name, parts, whole or len(parts[0]) < 3)
                if stem.whole:
                    self._exact[parts[0]].append(stem)
                else:
                    self._by_prefix[parts[0][:3]].append(stem)

    @property
    def groups(self) -> list[str]:
        return list(self.roles)

    def scan(self, words: Words) -> list[Hit]:
        """Every group hit, in word order; one per group and starting word."""
        seq, alts = words.words, words.alts
        found: dict[tuple[str, int], int] = {}
        known = self._known
        for i, word in enumerate(seq):
            forms = (word, alts[i]) if i in alts else (word,)
            for form in forms:
                info = known.get(form)
                if info is None:
                    info = self._learn(form)
                singles, multis = info
                for group in singles:
                    found[(group, i)] = i
                if multis and i + 1 < len(seq):
                    following = seq[i + 1]
                    for stem in multis.get(following[:2], ()) if following else ():
                        if self._rest(stem, seq, alts, i):
                            found[(stem.group, i)] = i + len(stem.parts) - 1
                    if (i + 1) in alts:
                        for stem in multis.get(alts[i + 1][:2], ()):
                            if self._rest(stem, seq, alts, i):
                                found[(stem.group, i)] = i + len(stem.parts) - 1
        return [Hit(group, first, last) for (group, first), last in found.items()]

    def _learn(self, form: str) -> tuple[tuple[str, ...], dict[str, list[Stem]]]:
        """Which one-word stems this word matches and which longer stems start with it
        (cached: words repeat from message to message)."""
        stems = [*self._exact.get(form, ()), *self._by_prefix.get(form[:3], ())]
        matching = [s for s in stems if s.matches(form)]
        singles = tuple(dict.fromkeys(s.group for s in matching if len(s.parts) == 1))
        multis: dict[str, list[Stem]] = {}
        for s in matching:  # longer stems, by the first two letters of their second word
            if len(s.parts) > 1:
                multis.setdefault(s.parts[1][:2], []).append(s)
        info = (singles, multis)
        if len(self._known) >= self.CACHE:
            self._known.clear()
        self._known[form] = info
        return info

    @staticmethod
    def _rest(stem: Stem, seq: list[str], alts: dict[int, str], i: int) -> bool:
        if i + len(stem.parts) > len(seq):
            return False
        for k in range(1, len(stem.parts)):
            j = i + k
            if j >= len(seq):
                return False
            if not (stem.matches(seq[j], k) or (j in alts and stem.matches(alts[j], k))):
                return False
        return True
