"""/start and /help."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from handlers.commands import command_descriptions
from handlers.recovery import sos_button


def welcome_text() -> str:
    return _(
        "Hello! I help you spot fraudsters.\n\n"
        "Forward me a suspicious message or send a link, a phone number, a card number "
        "or an IBAN. I will say whether it looks dangerous and what to do.\n\n"
        "All commands: /help"
    )


async def cmd_start(message: Message) -> None:
    await message.answer(welcome_text())


async def cmd_help(message: Message) -> None:
    lines = [_("What I can do:"), ""]
    lines += [f"/{name} — {text}" for name, text in command_descriptions()]
    lines += ["", _("Or just send me any message, link or number to check it.")]
    markup = InlineKeyboardMarkup(inline_keyboard=[[sos_button()]])
    await message.answer("\n".join(lines), reply_markup=markup)


def make_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_start, CommandStart())
    router.message.register(cmd_help, Command("help"))
    return router
