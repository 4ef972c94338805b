"""ASCII skeletons: how a string looks, so `kаspі`, `k4spi` and `kaspi` compare equal.

Confusable letters come from the Unicode confusables data shipped with the
`confusable-homoglyphs` package; Kazakh letters (ә ғ қ ң ө ұ ү һ і) map to the Latin
letters they are read as in look-alike names.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from importlib import resources

# Cyrillic letters that pass for Latin ones in a URL bar (the confusables table maps some
# of them to other non-ASCII glyphs).
_CYRILLIC = {
    "а": "a",
    "в": "b",
    "е": "e",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ь": "b",
    "ѕ": "s",
    "і": "i",
    "ј": "j",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ѵ": "v",
    "ӏ": "l",
    "г": "r",
    "п": "n",
    "и": "u",
    "ԍ": "g",
    "ɡ": "g",
}
_KAZAKH = {
    "ә": "a",
    "ғ": "g",
    "қ": "k",
    "ң": "n",
    "ө": "o",
    "ұ": "u",
    "ү": "y",
    "һ": "h",
    "і": "i",
    "ы": "y",
    "й": "i",
    "ё": "e",
}
# Digits and look-alike groups folded to one representative, applied to both sides.
_CANON = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "l": "i",
        "|": "i",
        "!": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "8": "b",
        "@": "a",
        "$": "s",
    }
)


@cache
def _confusable_map() -> dict[str, str]:
    data = json.loads(
        (resources.files("confusable_homoglyphs") / "confusables.json").read_text("utf-8")
    )
    table: dict[str, str] = {}
    for char, glyphs in data.items():
        if len(char) != 1 or char.isascii():
            continue
        for glyph in glyphs:
            target = glyph["c"]
            if len(target) == 1 and target.isascii() and target.isalnum():
                table[char] = target.lower()
                break
    table.update(_CYRILLIC)
    table.update(_KAZAKH)
    return table


def skeleton(text: str) -> str:
    """Lower-case ASCII look-alike of `text`; hyphens and dots are kept."""
    table = _confusable_map()
    out = [
        ch if ch.isascii() else table.get(ch) or _base_letter(ch)
        for ch in unicodedata.normalize("NFKC", text.lower())
    ]
    return canon("".join(out))


@cache
def _base_letter(ch: str) -> str:
    """`ă` -> a, `ᴋ` -> k, `ḳ` -> k: accents dropped, small capitals and hooks read plainly."""
    base = unicodedata.normalize("NFD", ch)[0]
    if base.isascii():
        return base.lower()
    table = _confusable_map()
    if base in table:
        return table[base]
    words = unicodedata.name(ch, "").split()
    if "LATIN" in words and "LETTER" in words:
        letter = next((w for w in reversed(words) if len(w) == 1 and w.isalpha()), "")
        return letter.lower()
    return ""


def canon(token: str) -> str:
    """The same folding for ASCII brand tokens, so both sides compare alike."""
    return token.lower().replace("rn", "m").replace("vv", "w").replace("lc", "k").translate(_CANON)


def mixed_scripts(label: str) -> bool:
    """True when a label mixes Latin with Cyrillic or another script (a homograph trick)."""
    scripts = set()
    for ch in label:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            scripts.add(name.split(" ")[0])
    return len(scripts) > 1
