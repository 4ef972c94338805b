"""Per-update context: the user's row (created on first contact) and their language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User
from aiogram.utils.i18n import I18nMiddleware

from bot.i18n import pick_language
from db.repos import Repos

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class UserRow(BaseMiddleware):
    """Record the contact and put `user_row` into the handler data."""

    def __init__(self, default_lang: str) -> None:
        self.default_lang = default_lang

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        repos: Repos = data["repos"]
        if user is not None and not user.is_bot:
            language = pick_language(user.language_code, self.default_lang)
            data["user_row"] = await repos.users.touch(user.id, language)
        return await handler(event, data)


class UserLocale(I18nMiddleware):
    """The stored choice, else Telegram's language_code, else DEFAULT_LANG."""

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        row = data.get("user_row")
        if row is not None:
            locale = str(row.language)
        else:
            user: User | None = data.get("event_from_user")
            locale = pick_language(user.language_code if user else None, self.i18n.default_locale)
        data["locale"] = locale
        return locale
