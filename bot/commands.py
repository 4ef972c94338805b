"""Register the command menu with Telegram, once per language."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import BotCommand
from aiogram.utils.i18n import I18n

from bot.settings import LANGS
from handlers.commands import command_descriptions


async def set_commands(bot: Bot, i18n: I18n, default_lang: str) -> None:
    with i18n.context():
        for lang in LANGS:
            commands = [
                BotCommand(command=c, description=d) for c, d in command_descriptions(lang)
            ]
            await bot.set_my_commands(commands, language_code=lang)
        default = [
            BotCommand(command=c, description=d) for c, d in command_descriptions(default_lang)
        ]
        await bot.set_my_commands(default)
