"""One error handler: log with the traceback, tell the person, never go silent."""

from __future__ import annotations

import logging
from contextlib import suppress

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ErrorEvent
from aiogram.utils.i18n import gettext as _

log = logging.getLogger(__name__)


async def on_error(event: ErrorEvent, bot: Bot) -> None:
    update = event.update
    log.error(
        "update_id=%s failed: %s",
        update.update_id,
        type(event.exception).__name__,
        exc_info=event.exception,
    )
    text = _("Sorry, something went wrong on my side. Please try again in a minute.")
    with suppress(TelegramAPIError):  # the apology itself may fail; it is already logged
        if update.message is not None:
            await update.message.answer(text)
        elif update.callback_query is not None:  # already answered by the middleware
            await bot.send_message(update.callback_query.from_user.id, text)


def make_router() -> Router:
    router = Router(name=__name__)
    router.errors.register(on_error)
    return router
