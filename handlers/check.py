"""The catch-all: any message that is not a command gets checked. Registered last."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
)
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from checks.render import render_html
from content.library import load_library
from handlers.callbacks import LessonAction, VerdictAction, VerdictCb
from handlers.filters import on_loop
from handlers.lesson_view import button as lesson_button
from handlers.message_source import Checkable, original_message, read_message
from handlers.picture_reader import PictureReader
from handlers.recovery import sos_button

if TYPE_CHECKING:
    from bot.checker import Checker
    from checks.verdict import Verdict
    from db.repos import Repos


def verdict_keyboard(verdict: Verdict, *, explained: bool = False) -> InlineKeyboardMarkup:
    """Buttons under every verdict; "False alarm" only where there was an alarm."""

    def button(text: str, action: VerdictAction) -> InlineKeyboardButton:
        return InlineKeyboardButton(text=text, callback_data=VerdictCb(action=action).pack())

    first = [] if explained else [button(_("❓ Why?"), VerdictAction.why)]
    if verdict.lesson and load_library().get(verdict.lesson) is not None:
        first.append(lesson_button(_("📚 Lesson"), LessonAction.show, verdict.lesson))
    rows = [first] if first else []
    row = [button(_("🚩 Report scam"), VerdictAction.report)]
    if verdict.level in ("suspicious", "dangerous"):
        row.append(button(_("👌 False alarm"), VerdictAction.false_alarm))
        return InlineKeyboardMarkup(inline_keyboard=[*rows, row, [sos_button()]])
    return InlineKeyboardMarkup(inline_keyboard=[*rows, row])


async def on_text(
    message: Message,
    *,
    bot: Bot,
    checker: Checker,
    repos: Repos,
    pictures: PictureReader,
    locale: str,
) -> None:
    source = await read_message(message, bot, pictures)
    if source.nothing_to_check:
        await message.answer(escape(source.note or ""))
        return
    verdict = await _verdict(source, checker, locale)
    person = repos.hasher.person(message.from_user.id) if message.from_user else None
    await repos.activity.record_check(
        verdict.level, verdict.scheme, [i.kind for i in verdict.indicators], person
    )
    sent = await message.answer(
        render_html(verdict, checker.advice_header(locale), note=source.note),
        reply_markup=verdict_keyboard(verdict),
        # The buttons find the checked message through this reply; nothing is stored.
        reply_parameters=ReplyParameters(
            message_id=message.message_id, allow_sending_without_reply=True
        ),
    )
    await repos.replies.remember(message.chat.id, message.message_id, sent.message_id)


async def on_edited(
    message: Message,
    *,
    bot: Bot,
    checker: Checker,
    repos: Repos,
    pictures: PictureReader,
    locale: str,
) -> None:
    """An edited message is checked again and its earlier verdict edited in place."""
    reply_id = await repos.replies.find(message.chat.id, message.message_id)
    if reply_id is None:  # answered before the bot kept ids, or long ago: a new verdict
        await on_text(
            message, bot=bot, checker=checker, repos=repos, pictures=pictures, locale=locale
        )
        return
    source = await read_message(message, bot, pictures)
    if source.nothing_to_check:
        text, markup = escape(source.note or ""), None
    else:
        verdict = await _verdict(source, checker, locale)
        text = render_html(verdict, checker.advice_header(locale), note=source.note)
        markup = verdict_keyboard(verdict)
    try:
        await bot.edit_message_text(
            text, chat_id=message.chat.id, message_id=reply_id, reply_markup=markup
        )
    except TelegramBadRequest:  # the verdict was deleted ("not modified" is success)
        await on_text(
            message, bot=bot, checker=checker, repos=repos, pictures=pictures, locale=locale
        )


async def on_why(
    query: CallbackQuery,
    *,
    bot: Bot,
    checker: Checker,
    pictures: PictureReader,
    locale: str,
    callback_answer: CallbackAnswer,
) -> None:
    """Every reason and indicator, and the score, in place of the short verdict."""
    original = original_message(query, callback_answer)
    if original is None or not isinstance(query.message, Message):
        return
    source = await read_message(original, bot, pictures)
    verdict = await _verdict(source, checker, locale)
    await query.message.edit_text(
        render_html(
            verdict,
            checker.advice_header(locale),
            score_line=checker.score_line(verdict.score, locale),
            note=source.note,
        ),
        reply_markup=verdict_keyboard(verdict, explained=True),
    )


async def _verdict(source: Checkable, checker: Checker, locale: str) -> Verdict:
    return await checker.check(
        source.text, entities=source.entities, context=source.context, lang=locale
    )


async def on_other(message: Message) -> None:
    await message.answer(
        _(
            "I can check text, links, phone and card numbers, and QR codes in pictures. "
            "Send me the text of the message or forward it here."
        )
    )


def make_router() -> Router:
    router = Router(name=__name__)
    private = on_loop(F.chat.type == "private")
    router.message.filter(private)
    router.edited_message.filter(private)
    checkable = on_loop(F.text | F.caption | F.document | F.contact | F.photo)
    router.message.register(on_text, checkable)
    router.edited_message.register(on_edited, checkable)
    router.callback_query.register(on_why, VerdictCb.filter(F.action == VerdictAction.why))
    router.message.register(on_other)
    return router
