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
    table.update(_KAZAKH)
    return table


def skeleton(text: str) -> str:
    """Lower-case ASCII look-alike of `text`; hyphens and dots are kept."""
    table = _confusable_map()
    out = []
    for ch in unicodedata.normalize("NFKC", text.lower()):
        if ch.isascii():
            out.append(ch)
        else:
            out.append(table.get(ch, table.get(unicodedata.normalize("NFD", ch)[0], "")))
    return "".join(out).replace("rn", "m").replace("vv", "w").translate(_CANON)


def canon(token: str) -> str:
    """The same folding for ASCII brand tokens, so both sides compare alike."""
    return token.lower().replace("rn", "m").replace("vv", "w").translate(_CANON)


def mixed_scripts(label: str) -> bool:
    """True when a label mixes Latin with Cyrillic or another script (a homograph trick)."""
    scripts = set()
    for ch in label:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            scripts.add(name.split(" ")[0])
    return len(scripts) > 1
