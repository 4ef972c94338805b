"""/language: three buttons; the choice is stored per user."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from db.repos import Repos
from handlers.callbacks import LanguageCb

# Each language named in itself, so a person finds theirs whatever the current one is.
LANGUAGE_NAMES = {"ru": "Русский", "kk": "Қазақша", "en": "English"}


def language_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(text=name, callback_data=LanguageCb(code=code).pack())
                for code, name in LANGUAGE_NAMES.items()
            ]
        ]
    )


async def cmd_language(message: Message) -> None:
    await message.answer(_("Choose your language:"), reply_markup=language_keyboard())


async def cb_language(
    query: CallbackQuery, callback_data: LanguageCb, repos: Repos, i18n: I18n
) -> None:
    code = callback_data.code
    await repos.users.set_language(query.from_user.id, code)
    done = i18n.gettext("Language: {name}. Send me a message to check.", locale=code)
    if query.message is not None and hasattr(query.message, "edit_text"):
        await query.message.edit_text(done.format(name=LANGUAGE_NAMES[code]))


def make_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_language, Command("language", "lang"))
    router.callback_query.register(cb_language, LanguageCb.filter(F.code.in_(LANGUAGE_NAMES)))
    return router
