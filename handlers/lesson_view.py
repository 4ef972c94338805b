"""A lesson, a quiz and their buttons as Telegram messages (used by handlers and tips)."""

from __future__ import annotations

from html import escape

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from content.library import Lesson
from handlers.callbacks import LessonAction, LessonCb


def button(text: str, action: LessonAction, lesson: str = "", n: int = 0) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=LessonCb(action=action, lesson=lesson, n=n).pack()
    )


def lesson_html(lesson: Lesson, lang: str) -> str:
    text = lesson.text(lang)
    lines = [f"📖 <b>{escape(text.title)}</b>", "", escape(text.story), ""]
    red_flags, steps = _("Red flags:"), _("What to do:")
    lines.append(f"<b>{escape(red_flags)}</b>")
    lines += [f"🚩 {escape(flag)}" for flag in text.red_flags]
    lines += ["", f"<b>{escape(steps)}</b>"]
    lines += [f"{n}. {escape(step)}" for n, step in enumerate(text.what_to_do, 1)]
    return "\n".join(lines)


def lesson_keyboard(lesson: Lesson, *, in_menu: bool) -> InlineKeyboardMarkup:
    """Quiz and Next; in the menu, "Next" and "All lessons" edit the same message."""
    next_action = LessonAction.open if in_menu else LessonAction.show
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                button(_("🧠 Quiz"), LessonAction.quiz, lesson.id),
                button(_("Next ▶"), next_action, lesson.id, n=1),
            ],
            [button(_("📚 All lessons"), LessonAction.page, lesson.id)],
        ]
    )


def quiz_html(lesson: Lesson, lang: str) -> str:
    quiz = lesson.text(lang).quiz
    title = _("Quiz")
    return f"🧠 <b>{escape(title)}</b>\n\n{escape(quiz.question)}"


def quiz_keyboard(lesson: Lesson, lang: str) -> InlineKeyboardMarkup:
    options = lesson.text(lang).quiz.options
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [button(option.text, LessonAction.answer, lesson.id, n=i)]
            for i, option in enumerate(options)
        ]
    )


def answer_html(lesson: Lesson, lang: str, choice: int) -> str:
    quiz = lesson.text(lang).quiz
    chosen = quiz.options[choice]
    lines = [f"🧠 {escape(quiz.question)}", ""]
    if chosen.correct:
        lines.append(f"✅ <b>{escape(chosen.text)}</b>")
        lines.append(escape(chosen.explanation))
    else:
        right = quiz.options[quiz.answer]
        lines.append(f"❌ <b>{escape(chosen.text)}</b>")
        lines.append(escape(chosen.explanation))
        lines += ["", f"✅ <b>{escape(right.text)}</b>", escape(right.explanation)]
    return "\n".join(lines)
