"""Verdict message ids per checked message (ids only), so an edited message updates its verdict."""

from __future__ import annotations

import time

import aiosqlite

KEEP_SECONDS = 2 * 86_400  # Telegram lets bots edit their messages for about 48 hours


class RepliesRepo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def remember(self, chat_id: int, message_id: int, reply_id: int) -> None:
        await self._conn.execute(
            "INSERT INTO replies (chat_id, message_id, reply_id, at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (chat_id, message_id) DO UPDATE SET reply_id = excluded.reply_id",
            (chat_id, message_id, reply_id, int(time.time())),
        )

    async def find(self, chat_id: int, message_id: int) -> int | None:
        rows = await self._conn.execute_fetchall(
            "SELECT reply_id FROM replies WHERE chat_id = ? AND message_id = ?",
            (chat_id, message_id),
        )
        return int(next(iter(rows))[0]) if rows else None
