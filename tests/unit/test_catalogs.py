"""Every UI string is translated in ru, kk and en, with the same placeholders."""

from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.i18n import locales_dir
from checks.rules import LANGS, load_rules

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def catalog(lang: str):
    with (locales_dir() / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=lang)


@pytest.mark.parametrize("lang", LANGS)
def test_every_msgid_translated_with_same_placeholders(lang: str) -> None:
    for message in catalog(lang):
        if not message.id:
            continue
        assert message.string, f"{lang}: untranslated {message.id!r}"
        assert not message.fuzzy, f"{lang}: fuzzy {message.id!r}"
        assert set(PLACEHOLDER.findall(message.string)) == set(PLACEHOLDER.findall(message.id))


def test_catalogs_cover_every_string_in_the_code() -> None:
    keywords = {"_": None, "__": None, "lazy_gettext": None}
    wanted = {
        message[2]
        for folder in ("bot", "handlers")
        for message in extract_from_dir(folder, keywords=keywords)
    }
    for lang in LANGS:
        have = {m.id for m in catalog(lang) if m.id}
        assert wanted <= have, f"{lang} lacks {sorted(wanted - have)}"


def test_engine_texts_have_every_language_and_placeholders() -> None:
    texts = load_rules().texts
    for key in texts:
        variants = [texts.get(key, lang) for lang in LANGS]
        assert all(v.strip() for v in variants), key
        assert len({frozenset(PLACEHOLDER.findall(v)) for v in variants}) == 1, key
