"""Recovery steps and official contacts: complete, and naming only verified numbers and sites.

A wrong hotline sends a robbed person to a second scammer, so every number and address in
these texts is checked against the organisation registry (content/registry.toml, sourced)
and the list of what the fact sheet marks unverified (content/unverified.toml).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from checks.extract import extract
from checks.rules import default_rules
from content.contacts import load_contacts
from content.recovery import LANGS, Situation, load_recovery
from tests.unit.test_lessons_content import CALLED_NUMBER, LIBRARY, all_texts

CONTENT = Path(__file__).parents[2] / "content"
RULES = default_rules()
RECOVERY = load_recovery()
CONTACTS = load_contacts()
UNVERIFIED = tomllib.loads((CONTENT / "unverified.toml").read_text(encoding="utf-8"))
# Numbers recovery steps may tell people to call: police, eGov, National Bank contact centres.
VERIFIED_NUMBERS = {"102", "1414", "1477"}
SITUATIONS_ASKED = {"sent_money", "told_code", "card_details", "remote_app", "loan_in_name"}
SITUATIONS_ASKED |= {"egov_code"}


def situation_texts(situation: Situation, lang: str) -> list[str]:
    text = situation.text(lang)
    return [text.button, text.title, *text.steps, text.bring]


def people_texts() -> list[str]:
    """Everything people read that names numbers or sites, in every language."""
    texts = [t for s in RECOVERY.situations for lang in LANGS for t in situation_texts(s, lang)]
    texts += [t for lesson in LIBRARY.lessons for lang in LANGS for t in all_texts(lesson, lang)]
    for contact in CONTACTS.items:
        texts += [*contact.what.values(), contact.site, contact.page, contact.telegram]
    for name in ("advice.toml", "reasons.toml", "texts.toml"):
        data = tomllib.loads((CONTENT / name).read_text(encoding="utf-8"))
        texts += list(_strings(data))
    return texts


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_every_situation_the_issue_names_is_there_in_every_language() -> None:
    assert {s.id for s in RECOVERY.situations} >= SITUATIONS_ASKED
    for situation in RECOVERY.situations:
        for lang in LANGS:
            text = situation.text(lang)
            assert 3 <= len(text.steps) <= 7, (situation.id, lang)
            assert len(text.button) <= 32, (situation.id, lang, text.button)  # one phone row
            body = len(text.title) + sum(map(len, text.steps)) + len(text.bring)
            assert body <= 1500, (situation.id, lang, body)  # one screen, well under 4,096


@pytest.mark.parametrize("situation", RECOVERY.situations, ids=lambda s: s.id)
def test_recovery_names_only_verified_numbers_and_official_sites(situation: Situation) -> None:
    for lang in LANGS:
        for text in situation_texts(situation, lang):
            for url in extract(text).urls:
                assert RULES.brands.official_brand(url) is not None, (lang, url.host)
            assert extract(text).phones == [], (lang, text)  # no full numbers at all
            for _word, number in CALLED_NUMBER.findall(text):
                assert number in VERIFIED_NUMBERS, (lang, number, text)


def test_a_bank_number_is_always_the_one_on_the_card() -> None:
    card = {"ru": "на обороте карты", "kk": "картаның артындағы", "en": "on the back"}
    for lang, words in card.items():
        texts = {s.id: situation_texts(s, lang) for s in RECOVERY.situations}
        said = [sid for sid, found in texts.items() if any(words in t for t in found)]
        assert {"sent_money", "told_code", "card_details"} <= set(said), lang


@pytest.mark.parametrize("contact", CONTACTS.items, ids=lambda c: c.org)
def test_each_contact_is_the_registry_s_own(contact: object) -> None:
    brand = RULES.brands.get(contact.org)  # type: ignore[attr-defined]
    assert brand is not None
    for number in contact.numbers:  # type: ignore[attr-defined]
        assert number in brand.short or number in brand.numbers, (contact, number)
    for address in (contact.site, contact.page):  # type: ignore[attr-defined]
        if address:
            url = extract(f"https://{address}").urls[0]
            assert RULES.brands.official_brand(url) is not None, address


def test_nothing_unverified_is_ever_shown() -> None:
    texts = "\n".join(people_texts()).lower()
    for number in UNVERIFIED["numbers"]:
        assert not re.search(rf"(?<!\d){number}(?!\d)", texts), number
    for domain in UNVERIFIED["domains"]:
        assert not re.search(rf"(?<![\w.-]){re.escape(domain)}", texts), domain
    for handle in UNVERIFIED["handles"]:
        assert handle not in texts, handle


def test_unverified_list_is_never_in_the_registry() -> None:
    numbers = {n for b in RULES.brands.brands for n in (*b.short, *b.numbers)}
    domains = {d for b in RULES.brands.brands for d in b.official}
    assert numbers.isdisjoint(UNVERIFIED["numbers"])
    assert domains.isdisjoint(UNVERIFIED["domains"])


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("halyk", "halyk"),
        ("Халык", "halyk"),
        ("халик", "halyk"),  # a slip
        ("каспи", "kaspi"),
        ("jysan", "jusan"),
        ("102", "police"),
        ("полиция", "police"),
        ("центркредит", "bcc"),
        ("1400", "kz_cert"),
        ("егов", "egov"),
    ],
)
def test_contacts_search(query: str, first: str) -> None:
    assert CONTACTS.search(query)[0].org == first


def test_contacts_search_finds_nothing_for_nonsense_or_one_letter() -> None:
    assert CONTACTS.search("абырвалг") == ()
    assert CONTACTS.search("х") == ()
    assert CONTACTS.search("") == ()
