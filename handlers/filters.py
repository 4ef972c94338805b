"""Filters that run on the event loop.

aiogram runs a plain function or a magic filter (`F.text`) given as a filter through
`asyncio.to_thread`: one thread hop per filter per update, which cost the bot more than
the whole fraud check. Async filters run inline, so every filter here is async.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from aiogram.types import CallbackQuery, Message, TelegramObject
from magic_filter import MagicFilter

if TYPE_CHECKING:
    from bot.settings import Settings


def on_loop(magic: MagicFilter) -> Callable[[TelegramObject], Awaitable[bool]]:
    """`magic` (e.g. `F.text | F.caption`) as an async filter."""

    async def check(event: TelegramObject) -> bool:
        return bool(magic.resolve(event))

    return check


ADMIN_COMMANDS = frozenset({"pending", "alert", "stats"})
"""Commands that exist only for ADMIN_IDS; anyone else gets no answer at all."""


async def is_admin(event: Message | CallbackQuery, settings: Settings) -> bool:
    """Admin routers filter on this, so for anyone else their commands do not exist."""
    user = event.from_user
    return user is not None and user.id in settings.admin_ids
