"""The lesson library: complete in every language, one lesson per scheme, official links only."""

from __future__ import annotations

import re

import pytest

from checks.extract import extract
from checks.rules import default_rules
from content.library import LANGS, Lesson, load_library

LIBRARY = load_library()
RULES = default_rules()
# Hotlines KZ_FACTS.md verifies: police, eGov contact centre, National Bank contact centre.
VERIFIED_NUMBERS = {"102", "1414", "1477"}
CALLED_NUMBER = re.compile(
    r"(номер|звон|call|phone|line|нөмір|хабарлас|қоңырау)[^.!?\n]{0,30}?"
    r"(?<![\d-])(?<!\d[,.\s\u00a0])(\d{3,5})(?!\d|[,.\s\u00a0]\d{3}\b)",
    re.IGNORECASE,
)


def all_texts(lesson: Lesson, lang: str) -> list[str]:
    text = lesson.texts[lang]
    quiz = text.quiz
    return [
        text.title,
        text.story,
        *text.red_flags,
        *text.what_to_do,
        quiz.question,
        *(o.text for o in quiz.options),
        *(o.explanation for o in quiz.options),
    ]


def test_at_least_fifteen_lessons_in_every_language() -> None:
    assert len(LIBRARY.lessons) >= 15
    for lesson in LIBRARY.lessons:
        assert set(lesson.texts) == set(LANGS), lesson.id


def test_every_scheme_the_engine_names_has_a_lesson() -> None:
    missing = {name for name, s in RULES.schemes.items() if LIBRARY.get(s.lesson) is None}
    assert missing == set()


@pytest.mark.parametrize("lesson", LIBRARY.lessons, ids=lambda lesson: lesson.id)
def test_lesson_fits_one_phone_screen(lesson: Lesson) -> None:
    for lang in LANGS:
        text = lesson.texts[lang]
        assert len(text.title) <= 64, (lang, text.title)
        assert len(text.story) <= 480, lang
        body = len(text.title) + len(text.story) + sum(map(len, text.red_flags + text.what_to_do))
        assert body <= 1300, (lang, body)
        assert len(text.quiz.question) <= 250, lang
        for option in text.quiz.options:
            assert len(option.text) <= 64, (lang, option.text)
            assert len(option.explanation) <= 200, (lang, option.explanation)


@pytest.mark.parametrize("lesson", LIBRARY.lessons, ids=lambda lesson: lesson.id)
def test_links_in_lessons_are_official_and_numbers_to_call_verified(lesson: Lesson) -> None:
    for lang in LANGS:
        for text in all_texts(lesson, lang):
            for url in extract(text).urls:
                assert RULES.brands.official_brand(url) is not None, (lang, url.host)
            for _word, number in CALLED_NUMBER.findall(text):
                assert number in VERIFIED_NUMBERS, (lang, number, text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Позвоните по номеру 9999 сейчас", ["9999"]),
        ("call 7575 at once", ["7575"]),
        ("звоните в полицию по номеру 102.", ["102"]),
        ("по ст. 232-1 УК РК, позвонили про 800 000 тенге", []),
    ],
)
def test_called_number_pattern(text: str, found: list[str]) -> None:
    assert [n for _w, n in CALLED_NUMBER.findall(text)] == found


def test_the_right_answer_is_not_always_in_the_same_place() -> None:
    assert len({lesson.texts["ru"].quiz.answer for lesson in LIBRARY.lessons}) >= 2
