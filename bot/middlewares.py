"""Per-update context: the user's row (created on first contact) and their language."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Chat, Message, TelegramObject, User
from aiogram.utils.i18n import I18nMiddleware
from aiogram.utils.i18n import gettext as _
from aiolimiter import AsyncLimiter

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
        chat: Chat | None = data.get("event_chat")
        if chat is not None and chat.type != "private":
            # Group members never asked to talk to the bot: nothing is stored about them.
            return await handler(event, data)
        if user is not None and not user.is_bot:
            language = pick_language(user.language_code, self.default_lang)
            data["user_row"] = await repos.users.touch(user.id, language)
        return await handler(event, data)


class UserLocale(I18nMiddleware):
    """The stored choice, else Telegram's language_code, else DEFAULT_LANG."""

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        row = data.get("user_row")
        chat: Chat | None = data.get("event_chat")
        if chat is not None and chat.type != "private":
            group = await data["repos"].groups.get(chat.id)
            locale = group.language if group else self.i18n.default_locale
            data["locale"] = locale
            return locale
        if row is not None:
            locale = str(row.language)
        else:
            user: User | None = data.get("event_from_user")
            locale = pick_language(user.language_code if user else None, self.i18n.default_locale)
        data["locale"] = locale
        return locale


class ChatOrder(BaseMiddleware):
    """Handle one chat's updates one at a time, in order; other chats run concurrently.

    Several messages pasted in a row are answered in the order they were sent, while a
    slow check in one chat never holds up anybody else.
    """

    def __init__(self) -> None:
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}  # chat -> (lock, users)

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        chat: Chat | None = data.get("event_chat")
        if chat is None:
            return await handler(event, data)
        lock, users = self._locks.get(chat.id) or (asyncio.Lock(), 0)
        self._locks[chat.id] = (lock, users + 1)
        try:
            async with lock:
                return await handler(event, data)
        finally:
            lock, users = self._locks[chat.id]
            if users == 1:
                del self._locks[chat.id]  # nobody else waiting: keep the table small
            else:
                self._locks[chat.id] = (lock, users - 1)


class Throttle(BaseMiddleware):
    """At most `rate` checks per `period` seconds per person; one friendly note, then quiet.

    Commands and button taps are not throttled: only messages that would be checked.
    """

    MAX_PEOPLE = 50_000

    def __init__(self, rate: int, period: float) -> None:
        self._rate, self._period = rate, period
        self._limits: OrderedDict[int, AsyncLimiter] = OrderedDict()
        self._noted: dict[int, float] = {}

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if (
            user is None
            or not isinstance(event, Message)
            or event.chat.type != "private"  # groups have their own warning budget
            or _is_command(event)
        ):
            return await handler(event, data)
        limiter = self._limiter(user.id)
        if limiter.has_capacity():
            await limiter.acquire()
            self._noted.pop(user.id, None)
            return await handler(event, data)
        now = time.monotonic()
        if now - self._noted.get(user.id, -self._period) >= self._period:
            self._noted[user.id] = now
            await event.answer(
                _(
                    "You are sending messages faster than I can check them. I skipped some: "
                    "wait half a minute and send the ones you need again."
                )
            )
        return None

    def _limiter(self, user_id: int) -> AsyncLimiter:
        limiter = self._limits.get(user_id)
        if limiter is None:
            limiter = self._limits[user_id] = AsyncLimiter(self._rate, self._period)
            if len(self._limits) > self.MAX_PEOPLE:
                old, _unused = self._limits.popitem(last=False)
                self._noted.pop(old, None)
        else:
            self._limits.move_to_end(user_id)
        return limiter


def _is_command(message: Message) -> bool:
    return (message.text or "").startswith("/")
