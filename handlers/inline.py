"""Inline mode: `@bot <text>` in any chat offers the verdict as a message to send there."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from aiogram import Router
from aiogram.types import (
    InlineQuery,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
)
from aiogram.utils.i18n import gettext as _

from checks.render import EMOJI, render_html

if TYPE_CHECKING:
    from bot.checker import Checker


async def on_inline(query: InlineQuery, checker: Checker, locale: str) -> None:
    text = query.query.strip()
    if not text:
        await query.answer(
            [],
            cache_time=300,
            button=InlineQueryResultsButton(
                text=_("Type or paste a message, link or number to check"),
                start_parameter="inline",
            ),
        )
        return
    verdict = await checker.check(text, lang=locale)
    article = InlineQueryResultArticle(
        id=hashlib.sha256(f"{locale}:{text}".encode()).hexdigest()[:32],
        title=f"{EMOJI[verdict.level]} {verdict.title}",
        description=verdict.summary,
        input_message_content=InputTextMessageContent(
            message_text=render_html(verdict, checker.advice_header(locale)),
        ),
    )
    await query.answer([article], cache_time=30, is_personal=True)


def make_router() -> Router:
    router = Router(name=__name__)
    router.inline_query.register(on_inline)
    return router
