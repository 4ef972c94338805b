"""Users repository: language and first/last contact."""

from __future__ import annotations

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
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def get(self, user_id: int) -> User | None:
        async with self._conn.execute(
            "SELECT id, language, created_at, last_seen_at FROM users WHERE id = ?", (user_id,)
        ) as cur:
            row = await cur.fetchone()
        return User(*row) if row else None

    async def touch(self, user_id: int, language_if_new: str) -> User:
        """Record a contact; a new user gets `language_if_new`, an old one keeps theirs."""
        now = utcnow()
        async with self._conn.execute(
            "INSERT INTO users (id, language, created_at, last_seen_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET last_seen_at = excluded.last_seen_at "
            "RETURNING id, language, created_at, last_seen_at",
            (user_id, language_if_new, now, now),
        ) as cur:
            row = await cur.fetchone()
        assert row is not None
        return User(*row)

    async def set_language(self, user_id: int, language: str) -> None:
        await self._conn.execute("UPDATE users SET language = ? WHERE id = ?", (language, user_id))

    async def count(self) -> int:
        async with self._conn.execute("SELECT COUNT(*) FROM users") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0
