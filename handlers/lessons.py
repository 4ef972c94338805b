"""/lessons, /tip, /quiz, /progress and the lesson, quiz and menu buttons."""

from __future__ import annotations

import random
from html import escape
from typing import TYPE_CHECKING

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from content.library import Lesson, Library, load_library
from db.repos import Repos
from handlers.callbacks import LessonAction, LessonCb
from handlers.lesson_view import (
    answer_html,
    button,
    lesson_html,
    lesson_keyboard,
    quiz_html,
    quiz_keyboard,
)
from handlers.schedule_text import schedule_line

if TYPE_CHECKING:
    from bot.settings import Settings

PAGE = 5


def menu(
    library: Library, page: int, seen: set[str], locale: str
) -> tuple[str, InlineKeyboardMarkup]:
    pages = (len(library.lessons) + PAGE - 1) // PAGE
    page = min(max(page, 0), pages - 1)
    lessons = library.lessons[page * PAGE : (page + 1) * PAGE]
    rows = [
        [
            button(
                ("✅ " if lesson.id in seen else "") + lesson.text(locale).title,
                LessonAction.open,
                lesson.id,
            )
        ]
        for lesson in lessons
    ]
    nav = []
    if page > 0:
        nav.append(button("◀", LessonAction.page, n=page - 1))
    if page < pages - 1:
        nav.append(button("▶", LessonAction.page, n=page + 1))
    if nav:
        rows.append(nav)
    text = _(
        "📚 Lessons: short true-to-life stories about the schemes used in Kazakhstan, "
        "with a quiz. Page {page} of {pages}."
    ).format(page=page + 1, pages=pages)
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


async def cmd_lessons(message: Message, repos: Repos, locale: str) -> None:
    user = message.from_user
    seen = await repos.learning.seen_ids(user.id) if user else set()
    text, markup = menu(load_library(), 0, seen, locale)
    await message.answer(text, reply_markup=markup)


async def cmd_tip(message: Message, repos: Repos, locale: str) -> None:
    """A random lesson this person has not seen yet (or any, once all are seen)."""
    if message.from_user is None:
        return
    library = load_library()
    seen = await repos.learning.seen_ids(message.from_user.id)
    fresh = [lesson for lesson in library.lessons if lesson.id not in seen]
    lesson = random.choice(fresh or list(library.lessons))
    if not fresh:
        await message.answer(_("You have read every lesson. Here is one to refresh:"))
    await send_lesson(message, repos, lesson, locale)


async def cmd_quiz(message: Message, repos: Repos, locale: str) -> None:
    """A quiz not answered yet: from a lesson already read if there is one."""
    if message.from_user is None:
        return
    library = load_library()
    user_id = message.from_user.id
    answered = await repos.learning.answered_ids(user_id)
    seen = await repos.learning.seen_ids(user_id)
    open_ = [lesson for lesson in library.lessons if lesson.id not in answered]
    if not open_:
        progress = await repos.learning.progress(user_id)
        await message.answer(
            _(
                "You have answered every quiz: {right} of {total} right. /lessons to revise."
            ).format(right=progress.quizzes_correct, total=progress.quizzes_answered)
        )
        return
    lesson = next((lesson for lesson in open_ if lesson.id in seen), open_[0])
    await message.answer(quiz_html(lesson, locale), reply_markup=quiz_keyboard(lesson, locale))


async def cmd_progress(message: Message, repos: Repos, locale: str, settings: Settings) -> None:
    if message.from_user is None:
        return
    user_id = message.from_user.id
    progress = await repos.learning.progress(user_id)
    total = len(load_library().lessons)
    subscription = await repos.subscriptions.get(user_id)
    lines = [
        _("📊 Your progress"),
        "",
        _("Lessons read: {seen} of {total}").format(seen=progress.lessons_seen, total=total),
        _("Quizzes: {right} right of {answered} answered").format(
            right=progress.quizzes_correct, answered=progress.quizzes_answered
        ),
        "",
        schedule_line(subscription, settings.timezone, locale)
        if subscription
        else _("Tips: off. /subscribe to get one by schedule."),
    ]
    await message.answer("\n".join(escape(line) for line in lines))


async def send_lesson(message: Message, repos: Repos, lesson: Lesson, locale: str) -> None:
    await message.answer(
        lesson_html(lesson, locale), reply_markup=lesson_keyboard(lesson, in_menu=False)
    )
    if message.chat.type == "private":
        await repos.learning.seen(message.chat.id, lesson.id)


async def on_lesson_button(
    query: CallbackQuery,
    *,
    callback_data: LessonCb,
    repos: Repos,
    locale: str,
    callback_answer: CallbackAnswer,
) -> None:
    library = load_library()
    message = query.message if isinstance(query.message, Message) else None
    user_id = query.from_user.id
    lesson = library.get(callback_data.lesson) if callback_data.lesson else None
    if callback_data.lesson and lesson is None:  # a lesson removed since, or forged data
        callback_answer.text = _("This lesson is no longer available. /lessons shows them all.")
        return
    action = callback_data.action
    if action == LessonAction.page:
        page = library.index(lesson.id) // PAGE if lesson else callback_data.n
        text, markup = menu(library, page, await repos.learning.seen_ids(user_id), locale)
        if message is not None:
            await message.edit_text(text, reply_markup=markup)
        return
    if lesson is None:
        callback_answer.text = _("This button is out of date. /lessons shows every lesson.")
        return
    if action in (LessonAction.open, LessonAction.show):
        target = library.after(lesson.id) if callback_data.n == 1 else lesson
        if action == LessonAction.open and message is not None:
            await message.edit_text(
                lesson_html(target, locale), reply_markup=lesson_keyboard(target, in_menu=True)
            )
            await repos.learning.seen(user_id, target.id)
        elif message is not None:
            await send_lesson(message, repos, target, locale)
        return
    if action == LessonAction.quiz and message is not None:
        await message.answer(quiz_html(lesson, locale), reply_markup=quiz_keyboard(lesson, locale))
        return
    if action == LessonAction.answer and message is not None:
        options = lesson.text(locale).quiz.options
        if not 0 <= callback_data.n < len(options):
            callback_answer.text = _("This button is out of date. /quiz gives a new question.")
            return
        choice = callback_data.n
        await repos.learning.answer(user_id, lesson.id, choice, options[choice].correct)
        next_lesson = library.after(lesson.id)
        await message.edit_text(
            answer_html(lesson, locale, choice),
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[[button(_("📖 Next lesson"), LessonAction.show, next_lesson.id)]]
            ),
        )


def make_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_lessons, Command("lessons"))
    router.message.register(cmd_tip, Command("tip"))
    router.message.register(cmd_quiz, Command("quiz"))
    router.message.register(cmd_progress, Command("progress"))
    router.callback_query.register(on_lesson_button, LessonCb.filter())
    return router
