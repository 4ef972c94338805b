"""Reading Latin-letter Kazakh and Russian as Cyrillic, and folding letters people skip.

People type Kazakh in the 2021 Latin alphabet (ä ğ q ñ ö ū ü ı), informally ("Kartanyz
bugattaldy, kodty aitynyz"), and Russian in Latin letters ("vasha karta zablokirovana").
Everything is brought to one Cyrillic form before matching and featurising, in which the
letters people often leave out are folded too (қ→к, ң→н, ұ ү→у, ә→а, ө→о, ғ→г, і→и,
һ→х, й→и, ё→е, ъ→ь), so "картаңыз" and "kartanyz" meet as "картаныз". Folding keeps
every character in place (one in, one out), so spans still point into the text.

>>> to_cyrillic("kartanyz bugattaldy, kodty aitynyz")
'картаныз бугатталды, кодты аитыныз'
>>> fold("Картаңыз бұғатталды, кодты айтыңыз")
'картаныз бугатталды, кодты аитыныз'
"""

from __future__ import annotations

import re

# Letters dropped or swapped when typing without a Kazakh keyboard: folded on both sides.
_FOLD = str.maketrans(
    {
        "ә": "а",
        "ғ": "г",
        "қ": "к",
        "ң": "н",
        "ө": "о",
        "ұ": "у",
        "ү": "у",
        "һ": "х",
        "і": "и",
        "й": "и",
        "ё": "е",
        "ъ": "ь",
    }
)
_DIGRAPHS = re.compile(r"shch|sch|zh|kh|ts|ch|sh|ya|yu|yo|ye|ia|iu|ju|ja|'")
_DIGRAPH = {
    "shch": "щ",
    "sch": "щ",
    "zh": "ж",
    "kh": "х",
    "ts": "ц",
    "ch": "ч",
    "sh": "ш",
    "ya": "я",
    "yu": "ю",
    "yo": "е",
    "ye": "е",
    "ia": "я",
    "iu": "ю",
    "ju": "ю",
    "ja": "я",
    "'": "ь",
}
_LETTERS = str.maketrans(
    {
        "a": "а",
        "b": "б",
        "c": "с",
        "d": "д",
        "e": "е",
        "f": "ф",
        "g": "г",
        "h": "х",
        "i": "и",
        "j": "ж",
        "k": "к",
        "l": "л",
        "m": "м",
        "n": "н",
        "o": "о",
        "p": "п",
        "q": "к",
        "r": "р",
        "s": "с",
        "t": "т",
        "u": "у",
        "v": "в",
        "w": "у",
        "x": "х",
        "y": "ы",
        "z": "з",
        # Kazakh 2021 Latin and Turkish-style letters, already folded (see _FOLD).
        "ä": "а",
        "ğ": "г",
        "ñ": "н",
        "ö": "о",
        "ū": "у",
        "ü": "у",
        "ı": "ы",
        "ş": "ш",
        "ç": "ч",
        "á": "а",
        "ó": "о",
        "ú": "у",
        "ý": "ы",
        "ń": "н",
        "ǵ": "г",
    }
)
_LATIN_WORD = re.compile(r"[a-zäğñöūüışçáóúýńǵ']+")


_FOLD_PAIRS = tuple((chr(k), v) for k, v in _FOLD.items())


def fold(text: str) -> str:
    """Lower case, Kazakh letters and ё/й/ъ folded; the same length as `text`."""
    text = text.lower()
    for letter, folded in _FOLD_PAIRS:  # str.replace is several times faster than translate
        if letter in text:
            text = text.replace(letter, folded)
    return text


def _word(match: re.Match[str]) -> str:
    word = _DIGRAPHS.sub(lambda m: _DIGRAPH[m.group(0)], match.group(0))
    return word.translate(_LETTERS)


def to_cyrillic(text: str) -> str:
    """Latin-letter words read as Kazakh/Russian; Cyrillic and digits left as they are."""
    return fold(_LATIN_WORD.sub(_word, text.lower()))


def has_latin_words(text: str) -> bool:
    return _LATIN_WORD.search(text.lower()) is not None
