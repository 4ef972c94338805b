"""Text clean-up before parsing and matching, keeping a map back to the original offsets.

Two views of a message:
- `clean_text`: invisible and bidi characters removed, NFKC applied. Used to find links,
  numbers and usernames; every character maps back to an index in the original text.
- `fold_for_phrases`: the clean text folded for phrase matching: lower case, ё→е, Latin
  look-alike letters inside Cyrillic words turned Cyrillic, leetspeak digits inside words
  turned into letters, s p a c e d letters joined.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Zero-width, joiners, bidi controls, soft hyphen, BOM, variation selectors, tags.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f]"
)
# The same, plus lone surrogates from broken input and NUL: never inside our sentences.
_UNSEEN = re.compile(_INVISIBLE.pattern[:-1] + "\ud800-\udfff\x00]")


@dataclass(frozen=True, slots=True)
class CleanText:
    text: str
    origin: tuple[int, ...] | None
    """origin[i] is the index in the original text of clean character i (len+1 entries);
    None when nothing was changed (the common case): spans are the same."""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the clean text back to the original text."""
        if self.origin is None:
            return start, max(start, end)
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


_SURROGATE = re.compile("[\ud800-\udfff\x00\ufffe\uffff]")


def clean_text(text: str) -> CleanText:
    """Drop invisible characters and apply NFKC per character, remembering origins."""
    if (
        _INVISIBLE.search(text) is None
        and _SURROGATE.search(text) is None
        and unicodedata.is_normalized("NFKC", text)
    ):
        return CleanText(text, None)  # nothing to clean: no per-character work
    out: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        if _INVISIBLE.match(ch) or ch in "\x00\ufffe\uffff":
            continue
        if 0xD800 <= ord(ch) <= 0xDFFF:  # a lone surrogate from broken input
            continue
        folded = unicodedata.normalize("NFKC", ch) if ord(ch) > 0x7F else ch
        out.append(folded)
        origin.extend([index] * len(folded))
    origin.append(len(text))
    return CleanText("".join(out), tuple(origin))


def visible(text: str, limit: int = 80) -> str:
    """A name or snippet safe to put inside our own sentences: no bidi controls (U+202E
    would reverse the rest of the line), no invisible or broken characters, one line."""
    text = _UNSEEN.sub("", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---- folding for phrase matching --------------------------------------------------------

_LATIN_TO_CYR = str.maketrans(
    {
        "a": "а",
        "c": "с",
        "e": "е",
        "o": "о",
        "p": "р",
        "x": "х",
        "y": "у",
        "k": "к",
        "m": "м",
        "t": "т",
        "b": "в",
        "h": "н",
        "i": "і",
        "3": "з",
        "0": "о",
        "4": "ч",
        "6": "б",
    }
)
_LEET_LATIN = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_WORD = re.compile(r"[\w@$*]+")
_CYR = re.compile(r"[а-яёәғқңөұүһі]")
_LAT = re.compile(r"[a-z]")
_SPACED = re.compile(r"(?<!\w)(?:\w[ .\-_]){2,}\w(?!\w)")


def _fold_word(word: str) -> str:
    """One word: script-consistent letters; digits inside words read as letters."""
    if word.isdigit():
        return word
    has_cyr, has_lat = bool(_CYR.search(word)), bool(_LAT.search(word))
    if has_cyr:
        word = word.translate(_LATIN_TO_CYR)
    elif has_lat and any(ch.isdigit() or ch in "@$" for ch in word):
        word = word.translate(_LEET_LATIN)
    return word.replace("*", "")


def _join_spaced(match: re.Match[str]) -> str:
    letters = match.group(0)[::2]
    return letters if len(letters) >= 3 else match.group(0)


def fold_for_phrases(text: str) -> str:
    """The clean text folded so that one pattern catches its disguised variants."""
    text = text.lower().replace("ё", "е")
    text = _SPACED.sub(_join_spaced, text)
    text = _WORD.sub(lambda m: _fold_word(m.group(0)), text)
    return re.sub(r"\s+", " ", text)
