"""The audit log: who did what to the blocklist, allowlist and reports, and when."""

from __future__ import annotations

import time

import aiosqlite

from db.blocklist import Clock


class AuditLog:
    def __init__(self, conn: aiosqlite.Connection, clock: Clock = time.time) -> None:
        self._conn = conn
        self._clock = clock

    async def record(self, admin_id: int, action: str, target: str, detail: str = "") -> None:
        await self._conn.execute(
            "INSERT INTO audit_log (at, admin_id, action, target, detail) VALUES (?, ?, ?, ?, ?)",
            (int(self._clock()), admin_id, action, target, detail),
        )

    async def recent(self, limit: int = 50) -> list[tuple[int, int, str, str, str]]:
        async with self._conn.execute(
            "SELECT at, admin_id, action, target, detail FROM audit_log ORDER BY id DESC LIMIT ?",
            (limit,),
        ) as cur:
            return [tuple(row) for row in await cur.fetchall()]  # type: ignore[misc]
