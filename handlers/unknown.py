"""Commands the bot does not know get a pointer to /help instead of a verdict."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from handlers.filters import ADMIN_COMMANDS, on_loop

COMMAND = r"^/[A-Za-z0-9_]{1,32}(@\w+)?(\s|$)"


async def on_unknown_command(message: Message) -> None:
    name = (message.text or "").split()[0][1:].split("@")[0].lower()
    if name in ADMIN_COMMANDS:
        return  # an admin command from someone else: silently ignored
    await message.answer(_("I don't know this command. Send /help to see what I can do."))


async def on_unknown_button(query: CallbackQuery, callback_answer: CallbackAnswer) -> None:
    """Stale or forged callback data: say so instead of leaving a spinner."""
    callback_answer.text = _("This button no longer works. Send /start to begin again.")


def make_router() -> Router:
    """Unknown commands: before the catch-all check, so they are never checked as text."""
    router = Router(name=__name__)
    router.message.register(
        on_unknown_command, on_loop(F.text.regexp(COMMAND) & (F.chat.type == "private"))
    )
    return router


def make_button_router() -> Router:
    """Unknown buttons: after every router that has buttons."""
    router = Router(name=f"{__name__}.buttons")
    router.callback_query.register(on_unknown_button)
    return router
