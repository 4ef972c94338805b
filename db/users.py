"""Users repository: language and first/last contact."""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime

import aiosqlite


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class User:
    id: int
    language: str
    created_at: str
    last_seen_at: str


class UsersRepo:
    """Users, with the rows of people seen in the last minute kept in memory.

    Every update needs the person's language; writing `last_seen_at` for each of them
    would put a database round trip in front of every answer.
    """

    RECENT = 50_000  # people kept in memory
    FRESH_SECONDS = 60.0  # a row this recent is not written again

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn
        self._recent: OrderedDict[int, tuple[User, float]] = OrderedDict()

    async def get(self, user_id: int) -> User | None:
        async with self._conn.execute(
            "SELECT id, language, created_at, last_seen_at FROM users WHERE id = ?", (user_id,)
        ) as cur:
            row = await cur.fetchone()
        return User(*row) if row else None

    async def touch(self, user_id: int, language_if_new: str) -> User:
        """Record a contact; a new user gets `language_if_new`, an old one keeps theirs."""
        seen = self._recent.get(user_id)
        if seen is not None and time.monotonic() - seen[1] < self.FRESH_SECONDS:
            self._recent.move_to_end(user_id)
            return seen[0]
        now = utcnow()
        async with self._conn.execute(
            "INSERT INTO users (id, language, created_at, last_seen_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET last_seen_at = excluded.last_seen_at "
            "RETURNING id, language, created_at, last_seen_at",
            (user_id, language_if_new, now, now),
        ) as cur:
            row = await cur.fetchone()
        assert row is not None
        user = User(*row)
        self._recent[user_id] = (user, time.monotonic())
        if len(self._recent) > self.RECENT:
            self._recent.popitem(last=False)
        return user

    async def set_language(self, user_id: int, language: str) -> None:
        self.evict(user_id)
        await self._conn.execute("UPDATE users SET language = ? WHERE id = ?", (language, user_id))

    def evict(self, user_id: int) -> None:
        """Forget the cached row (the person changed it, or asked to be forgotten)."""
        self._recent.pop(user_id, None)

    async def count(self) -> int:
        async with self._conn.execute("SELECT COUNT(*) FROM users") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0
