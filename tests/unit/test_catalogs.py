"""Every UI string is translated in ru, kk and en, with the same placeholders."""

from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.i18n import locales_dir
from checks.rules import LANGS, default_rules

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def catalog(lang: str):
    with (locales_dir() / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=lang)


@pytest.mark.parametrize("lang", LANGS)
def test_every_msgid_translated_with_same_placeholders(lang: str) -> None:
    for message in catalog(lang):
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        assert all(forms), f"{lang}: untranslated {message.id!r}"
        assert not message.fuzzy, f"{lang}: fuzzy {message.id!r}"
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for form in forms:
            assert set(PLACEHOLDER.findall(form)) == wanted, f"{lang}: {form!r}"


def test_catalogs_cover_every_string_in_the_code() -> None:
    keywords = {"_": None, "__": None, "lazy_gettext": None, "ngettext": (1, 2)}
    wanted = {
        message[2]
        for folder in ("bot", "handlers")
        for message in extract_from_dir(folder, keywords=keywords)
    }
    for lang in LANGS:
        have = {m.id for m in catalog(lang) if m.id}
        assert wanted <= have, f"{lang} lacks {sorted(wanted - have)}"


def test_engine_texts_have_every_language_and_placeholders() -> None:
    texts = default_rules().texts
    for key in texts:
        variants = [texts.get(key, lang) for lang in LANGS]
        assert all(v.strip() for v in variants), key
        assert len({frozenset(PLACEHOLDER.findall(v)) for v in variants}) == 1, key
