"""ASCII skeletons: how a name looks, so `kаspі`, `ḳaspi`, `ｋａｓｐｉ`, `k4spi` and `kaspi` meet.

A character is read in this order (and remembered):

1. NFKC (fullwidth and other compatibility forms become plain ones);
2. ASCII stays;
3. the Unicode TR39 confusables data shipped with `confusable-homoglyphs`, followed
   through its groups until an ASCII letter or digit (Greek `ο`, Armenian `օ`, Cyrillic
   `ԁ`...), for the letter and for its capital (`κ` → `Κ` → `K`);
4. the base letter without accents (`ḱ`, `ḳ`, `ą`, `ö`);
5. the letter a Cyrillic or Kazakh letter is read as in a name (`қ` → k, `ә` → a);
6. a Latin letter named with a stroke or as a small capital (`ł`, `ᴋ`).

Then the letter-shape and digit swaps people type are folded on both sides of every
comparison (`canon`): 0→o, 1/l/|→i, 3→e, 4→a, 5→s, 7→t, 8→b, then rn→m, vv→w, cl→d,
ic/lc→k.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from importlib import resources

# Cyrillic and Kazakh letters as they are read in look-alike names (where the
# confusables data leads elsewhere or nowhere).
_CYRILLIC = {
    "а": "a", "б": "b", "в": "b", "г": "r", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "3", "и": "u", "й": "i", "к": "k", "л": "l", "м": "m", "н": "h", "о": "o",
    "п": "n", "р": "p", "с": "c", "т": "t", "у": "y", "ф": "f", "х": "x", "ц": "c",
    "ч": "4", "ш": "w", "щ": "w", "ъ": "b", "ы": "bi", "ь": "b", "э": "e", "ю": "io",
    "я": "r", "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ѵ": "v",
    "ӏ": "l", "ԍ": "g", "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u",
    "ү": "y", "һ": "h",
}  # fmt: skip
# Greek small letters the confusables data does not bring to ASCII.
_GREEK = {"ε": "e", "η": "n", "μ": "u", "τ": "t", "κ": "k", "χ": "x", "ζ": "z", "ϲ": "c"}
# Applied after the digits and l/1 are read as i, so "cl"/"lc" arrive as "ci"/"ic".
_SWAPS = (("rn", "m"), ("vv", "w"), ("ci", "d"), ("ic", "k"))
_DIGITS = str.maketrans(
    {"0": "o", "1": "i", "l": "i", "|": "i", "!": "i", "3": "e", "4": "a", "5": "s",
     "7": "t", "8": "b", "@": "a", "$": "s"}
)  # fmt: skip
_NAMED = re.compile(r"LATIN (?:SMALL |CAPITAL )?LETTER (?:SMALL CAPITAL )?([A-Z])\b")


@cache
def _confusables() -> dict[str, list[str]]:
    data = json.loads(
        (resources.files("confusable_homoglyphs") / "confusables.json").read_text("utf-8")
    )
    return {char: [g["c"] for g in glyphs] for char, glyphs in data.items()}


def _via_confusables(ch: str) -> str | None:
    table = _confusables()
    seen, frontier = {ch}, [ch]
    for _depth in range(3):
        following = []
        for item in frontier:
            for glyph in table.get(item, ()):
                if len(glyph) == 1 and glyph.isascii() and glyph.isalnum():
                    return glyph.lower()
                if glyph not in seen:
                    seen.add(glyph)
                    following.append(glyph)
        frontier = following
    return None


@cache
def read_char(ch: str) -> str:
    """The ASCII a character passes for in a name ("" for marks and invisible ones)."""
    if ch.isascii():
        return ch.lower()
    normal = unicodedata.normalize("NFKC", ch)
    if normal != ch:
        return "".join(read_char(c) for c in normal)
    low = ch.lower()
    if low in _CYRILLIC:
        return _CYRILLIC[low]
    if low in _GREEK:
        return _GREEK[low]
    for form in (low, ch.upper()):
        found = _via_confusables(form)
        if found:
            return found
    base = unicodedata.normalize("NFD", ch)[0]
    if base != ch and base.isascii():
        return base.lower()
    named = _NAMED.search(unicodedata.name(ch, ""))
    if named:
        return named.group(1).lower()
    if unicodedata.category(ch).startswith("M"):
        return ""  # a combining mark
    return ch


def skeleton(text: str) -> str:
    """Lower-case ASCII look-alike of `text`, swaps folded; hyphens and dots kept."""
    return canon("".join(read_char(ch) for ch in text))


def canon(token: str) -> str:
    """The letter-shape and digit swaps folded (applied to brand tokens as well)."""
    token = token.lower().translate(_DIGITS)
    for pair, letter in _SWAPS:
        if pair in token:
            token = token.replace(pair, letter)
    return token


def mixed_scripts(label: str) -> bool:
    """True when a label mixes Latin with Cyrillic or another script (a homograph trick)."""
    scripts = set()
    for ch in label:
        if ch.isalpha():
            scripts.add(unicodedata.name(ch, "").split(" ")[0])
    return len(scripts) > 1
