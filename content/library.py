"""The lesson library: content/lessons/*.toml, one lesson per scheme, in ru, kk and en.

Loaded once and checked strictly: a lesson missing a language or a field fails loudly
at start-up (and in the test suite), never in front of a person.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LANGS = ("ru", "kk", "en")
LESSONS_DIR = Path(__file__).with_name("lessons")


class LessonError(ValueError):
    """A lesson file is malformed."""


@dataclass(frozen=True, slots=True)
class Option:
    text: str
    correct: bool
    explanation: str


@dataclass(frozen=True, slots=True)
class Quiz:
    question: str
    options: tuple[Option, ...]

    @property
    def answer(self) -> int:
        return next(i for i, o in enumerate(self.options) if o.correct)


@dataclass(frozen=True, slots=True)
class LessonText:
    title: str
    story: str
    red_flags: tuple[str, ...]
    what_to_do: tuple[str, ...]
    quiz: Quiz


@dataclass(frozen=True, slots=True)
class Lesson:
    id: str
    order: int
    texts: dict[str, LessonText]

    def text(self, lang: str) -> LessonText:
        return self.texts.get(lang) or self.texts["ru"]


@dataclass(frozen=True, slots=True)
class Library:
    lessons: tuple[Lesson, ...]
    """In teaching order."""

    def get(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def index(self, lesson_id: str) -> int:
        return next(i for i, lesson in enumerate(self.lessons) if lesson.id == lesson_id)

    def after(self, lesson_id: str) -> Lesson:
        """The next lesson in order, wrapping round to the first."""
        return self.lessons[(self.index(lesson_id) + 1) % len(self.lessons)]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(lesson.id for lesson in self.lessons)


@cache
def load_library(directory: Path = LESSONS_DIR) -> Library:
    lessons = [_lesson(path) for path in sorted(directory.glob("*.toml"))]
    if not lessons:
        raise LessonError(f"no lessons in {directory}")
    orders = [lesson.order for lesson in lessons]
    if len(set(orders)) != len(orders):
        raise LessonError("two lessons share an order number")
    return Library(tuple(sorted(lessons, key=lambda lesson: lesson.order)))


def _lesson(path: Path) -> Lesson:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        lesson_id, order = str(data["id"]), int(data["order"])
        if lesson_id != path.stem:
            raise LessonError(f"id {lesson_id!r} differs from the file name")
        texts = {lang: _text(data[lang]) for lang in LANGS}
    except (KeyError, TypeError, ValueError, tomllib.TOMLDecodeError) as exc:
        raise LessonError(f"{path.name}: {exc}") from exc
    answers = {t.quiz.answer for t in texts.values()}
    if len(answers) != 1:
        raise LessonError(f"{path.name}: the right answer differs between languages")
    return Lesson(lesson_id, order, texts)


def _text(block: dict[str, object]) -> LessonText:
    quiz = block["quiz"]
    if not isinstance(quiz, dict):
        raise LessonError("quiz must be a table")
    options = tuple(
        Option(str(o["text"]), bool(o["correct"]), str(o["explanation"])) for o in quiz["options"]
    )
    if sum(o.correct for o in options) != 1 or not 2 <= len(options) <= 4:
        raise LessonError("a quiz needs 2-4 options with exactly one right answer")
    text = LessonText(
        title=_nonempty(block["title"]),
        story=_nonempty(block["story"]),
        red_flags=tuple(_nonempty(x) for x in _list(block["red_flags"])),
        what_to_do=tuple(_nonempty(x) for x in _list(block["what_to_do"])),
        quiz=Quiz(_nonempty(quiz["question"]), options),
    )
    if len(text.red_flags) != 3 or not 1 <= len(text.what_to_do) <= 3:
        raise LessonError("a lesson has 3 red flags and 1-3 steps")
    return text


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise LessonError("expected a list")
    return value


def _nonempty(value: object) -> str:
    text = str(value).strip()
    if not text:
        raise LessonError("empty text")
    return text
