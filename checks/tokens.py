"""Words of a message in one comparable form, and where each one stands.

The text is lower-cased and folded in one pass (checks/translit.py, which keeps every
character in place); a word mixing scripts has its look-alike letters brought to Cyrillic
(`кaрта` with a Latin `a`), leetspeak digits inside Latin words become letters (`p4ssw0rd`),
and s p a c e d letters are joined. Unless the text reads as English, Latin words also get
a Cyrillic reading (`alts`), so translit Russian and Latin Kazakh meet the same stems and
n-grams as Cyrillic text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checks.translit import fold, to_cyrillic

MAX_WORDS = 1200  # a 4,096-character message has fewer; more is a flood, cut
_WORD = re.compile(r"[^\W_]+")
_CYR = re.compile(r"[а-яё]")
_LAT_PLAIN = re.compile(r"[a-z]")
_LATIN = re.compile(r"[a-zäğñöūüışçáóúýńǵ]")
_SPACED = re.compile(r"(?<!\w)(?:\w[ .\-_]){2,}\w(?!\w)")
# One cheap look for anything that needs the slower passes.
_ODD = re.compile(
    r"[a-z][а-яё]|[а-яё][a-z]|[a-z][0-9]|[0-9][a-z]|(?<!\w)\w[ .\-_]\w[ .\-_]\w(?!\w)"
)
_LAT_TO_CYR = str.maketrans("aceopxykmtbh0346", "асеорхукмтвнозчб")
_LEET = str.maketrans("013457", "oieast")
# Common English words: a text full of them is English, and its words are not translit.
_ENGLISH = frozenset(
    {
        "the",
        "and",
        "to",
        "you",
        "your",
        "is",
        "of",
        "for",
        "in",
        "on",
        "with",
        "this",
        "that",
        "we",
        "please",
        "have",
        "are",
        "be",
        "it",
        "not",
        "our",
        "can",
        "will",
        "if",
        "at",
        "by",
        "an",
        "or",
        "from",
        "my",
        "me",
        "i",
        "us",
        "was",
        "all",
        "any",
        "just",
        "get",
        "do",
    }
)


@dataclass(slots=True)
class Words:
    text: str
    """The whole text folded (same length as the input, so spans carry over)."""
    words: list[str]
    """Folded words in order."""
    alts: dict[int, str] = field(default_factory=dict)
    """Cyrillic readings of Latin words, by word index."""
    _spans: list[tuple[int, int]] | None = None

    def span(self, first: int, last: int | None = None) -> tuple[int, int]:
        """Span in the input of words first..last (inclusive)."""
        if self._spans is None:
            self._spans = [m.span() for m in _WORD.finditer(self.text)][:MAX_WORDS]
        return self._spans[first][0], self._spans[first if last is None else last][1]


def _unmix(match: re.Match[str]) -> str:
    word = match.group(0)
    if _CYR.search(word) and _LAT_PLAIN.search(word):
        return word.translate(_LAT_TO_CYR)
    if _LAT_PLAIN.search(word) and not word.isalpha() and not word.isdigit():
        return word.translate(_LEET)
    return word


def _unspace(match: re.Match[str]) -> str:
    letters = match.group(0)[::2]
    return letters.ljust(len(match.group(0)))  # same length: spans stay right


def words_of(text: str) -> Words:
    """The words of `text` (already cleaned), folded, with translit readings."""
    low = fold(text)
    if _ODD.search(low):  # rare: mixed scripts, leetspeak or spaced letters
        low = _SPACED.sub(_unspace, low)
        low = _WORD.sub(_unmix, low)
    words = _WORD.findall(low)
    if len(words) > MAX_WORDS:
        del words[MAX_WORDS:]
    out = Words(low, words)
    if _LATIN.search(low) is None:
        return out
    latin = [i for i, w in enumerate(words) if "a" <= w[0] < "\u0400" and w[0].isalpha()]
    english = sum(words[i] in _ENGLISH for i in latin)
    if english * 6 >= len(latin) and len(latin) >= 4:
        return out  # an English text: its words are English
    for i in latin:
        reading = to_cyrillic(words[i])
        if reading != words[i]:
            out.alts[i] = reading
    return out
