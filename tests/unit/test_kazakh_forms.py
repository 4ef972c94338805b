"""The bot's own Kazakh uses forms people recognise: the wrong ones listed in
content/kk_wrong_forms.toml (from the team glossary, with sources) never come back.

Only our texts are scanned. The lexicon, the corpus and the tests quote what scammers and
people write, wrong forms included, so they are left alone.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

CONTENT = Path(__file__).parents[2] / "content"
WRONG = tomllib.loads((CONTENT / "kk_wrong_forms.toml").read_text(encoding="utf-8"))["wrong"]


def _kk_strings(value: object, *, kazakh: bool = False) -> list[str]:
    """Strings under a `kk` key (or anywhere in a Kazakh block), in any nesting."""
    if isinstance(value, str):
        return [value] if kazakh else []
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _kk_strings(v, kazakh=kazakh or k == "kk")]
    if isinstance(value, list):
        return [s for v in value for s in _kk_strings(v, kazakh=kazakh)]
    return []


def kazakh_texts() -> dict[str, list[str]]:
    files = [*sorted((CONTENT / "lessons").glob("*.toml"))]
    files += [CONTENT / n for n in ("advice.toml", "reasons.toml", "texts.toml", "recovery.toml")]
    files += [CONTENT / "contacts.toml"]
    texts = {f.name: _kk_strings(tomllib.loads(f.read_text(encoding="utf-8"))) for f in files}
    with (CONTENT / "locales/kk/LC_MESSAGES/messages.po").open("rb") as po:
        catalog = read_po(po, locale="kk")
    texts["messages.po"] = [
        s
        for m in catalog
        if m.id
        for s in (m.string if isinstance(m.string, tuple) else [m.string])
    ]
    return texts


TEXTS = kazakh_texts()


def test_every_file_has_kazakh_texts_to_scan() -> None:
    assert all(len(found) >= 3 for found in TEXTS.values()), {k: len(v) for k, v in TEXTS.items()}


@pytest.mark.parametrize("wrong", WRONG, ids=lambda w: w["form"])
def test_wrong_form_is_not_used(wrong: dict[str, str]) -> None:
    form = wrong["form"].lower()
    found = [(name, t[:80]) for name, texts in TEXTS.items() for t in texts if form in t.lower()]
    assert found == [], f"use {wrong['use']} instead ({wrong['why']})"


def test_scan_sees_a_wrong_form_when_there_is_one() -> None:
    assert _kk_strings({"ru": "құпия сөз", "kk": ["Құпия сөзді айтпаңыз"]}) == [
        "Құпия сөзді айтпаңыз"
    ]
