"""Per-update context: the user's row (created on first contact) and their language."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Chat, Message, TelegramObject, Update, User
from aiogram.utils.i18n import I18n, I18nMiddleware
from aiogram.utils.i18n import gettext as _
from aiolimiter import AsyncLimiter

from bot.checker import Checker
from bot.fairness import FairGate
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


BUSY_NOTE_SECONDS = 5.0  # a long message expected to wait this long is told so first


def heavy_update(update: Update) -> bool:
    """A long text, a picture, or a tap that re-checks one: worth a turn at the gate."""
    message = update.message or update.edited_message
    if message is None and update.callback_query is not None:
        shown = update.callback_query.message
        message = shown.reply_to_message if isinstance(shown, Message) else None
    if message is None:
        return False
    if message.photo or (message.document and (message.document.mime_type or "")[:6] == "image/"):
        return True
    return Checker.is_heavy(message.text or message.caption or "")


class FairTurns(BaseMiddleware):
    """Long messages go in people's turns, before any other work is spent on them.

    The first outer middleware: a flood of 4,096-character messages costs a suspended
    coroutine each, while short messages from everybody else pass straight through.
    One person's short message waits behind their own long ones, to keep their order.
    """

    def __init__(self, gate: FairGate, i18n: I18n, default_lang: str) -> None:
        self.gate = gate
        self.i18n = i18n
        self.default_lang = default_lang

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        chat: Chat | None = data.get("event_chat")
        if chat is None or not isinstance(event, Update):
            return await handler(event, data)
        heavy = heavy_update(event)
        if not heavy and not self.gate.has_waiting(chat.id):
            return await handler(event, data)
        if heavy and chat.type == "private":
            wait = self.gate.estimated_wait()
            if wait > 0 and wait >= BUSY_NOTE_SECONDS:  # only when the queue is really long
                await self._note(data["bot"], chat.id, data.get("event_from_user"), wait)
        async with self.gate.turn(chat.id):
            return await handler(event, data)

    async def _note(self, bot: Bot, chat_id: int, user: User | None, wait: float) -> None:
        locale = pick_language(user.language_code if user else None, self.default_lang)
        with self.i18n.context(), self.i18n.use_locale(locale):
            text = _(
                "⏳ Many long messages are being checked right now. Yours is in the queue: "
                "I will answer in about {seconds} seconds."
            ).format(seconds=max(5, round(wait / 5) * 5))
        with contextlib.suppress(TelegramAPIError):  # the check itself still comes
            await bot.send_message(chat_id, text)
