"""The catch-all: any message that is not a command gets checked. Registered last."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiogram import F, Router
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from checks.render import render_html

if TYPE_CHECKING:
    from bot.checker import Checker


def entities_of(message: Message) -> list[dict[str, object]]:
    found = message.entities if message.text is not None else message.caption_entities
    return [e.model_dump(exclude_none=True) for e in (found or [])]


async def on_text(message: Message, checker: Checker, locale: str) -> None:
    text = message.text if message.text is not None else message.caption or ""
    verdict = await checker.check(text, entities=entities_of(message), lang=locale)
    await message.answer(render_html(verdict, checker.advice_header(locale)))


async def on_other(message: Message) -> None:
    await message.answer(
        _(
            "I can check text, links, phone and card numbers. Send me the text of the "
            "message or forward it here."
        )
    )


def make_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_text, F.text | F.caption)
    router.message.register(on_other)
    return router
