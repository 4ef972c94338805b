"""Group settings, cached in memory (read on every group message, written rarely)."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import aiosqlite

from db.blocklist import Clock


@dataclass(frozen=True, slots=True)
class Group:
    chat_id: int
    enabled: bool
    mode: str  # warn | delete
    language: str


class GroupsRepo:
    def __init__(self, conn: aiosqlite.Connection, clock: Clock = time.time) -> None:
        self._conn = conn
        self._clock = clock
        self._cache: dict[int, Group | None] = {}

    async def get(self, chat_id: int) -> Group | None:
        if chat_id not in self._cache:
            rows = await self._conn.execute_fetchall(
                "SELECT chat_id, enabled, mode, language FROM groups WHERE chat_id = ?",
                (chat_id,),
            )
            row = next(iter(rows), None)
            self._cache[chat_id] = (
                Group(int(row[0]), bool(row[1]), str(row[2]), str(row[3])) if row else None
            )
        return self._cache[chat_id]

    async def add(self, chat_id: int, language: str) -> Group:
        """A group the bot joined; an earlier setup is kept if it was there before."""
        await self._conn.execute(
            "INSERT OR IGNORE INTO groups (chat_id, language, added_at) VALUES (?, ?, ?)",
            (chat_id, language, int(self._clock())),
        )
        self._cache.pop(chat_id, None)
        group = await self.get(chat_id)
        assert group is not None
        return group

    async def update(self, group: Group, **changes: object) -> Group:
        new = replace(group, **changes)  # type: ignore[arg-type]
        await self._conn.execute(
            "UPDATE groups SET enabled = ?, mode = ?, language = ? WHERE chat_id = ?",
            (int(new.enabled), new.mode, new.language, new.chat_id),
        )
        self._cache[new.chat_id] = new
        return new

    async def remove(self, chat_id: int) -> None:
        await self._conn.execute("DELETE FROM groups WHERE chat_id = ?", (chat_id,))
        self._cache.pop(chat_id, None)
