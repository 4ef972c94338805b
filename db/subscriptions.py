"""Who wants tips, how often and at what local hour; when their next one is due."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

import aiosqlite

from db.blocklist import Clock

Frequency = Literal["daily", "weekly"]


@dataclass(frozen=True, slots=True)
class Subscription:
    user_id: int
    frequency: Frequency
    hour: int
    weekday: int | None
    next_at: int


def next_slot(
    after: datetime, frequency: Frequency, hour: int, weekday: int | None, zone: ZoneInfo
) -> datetime:
    """The first delivery time strictly after `after`, at `hour` local time (and weekday)."""
    local = after.astimezone(zone)
    slot = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    while slot <= local or (frequency == "weekly" and slot.weekday() != weekday):
        slot = (slot + timedelta(days=1)).replace(hour=hour)
    return slot.astimezone(UTC)


class SubscriptionsRepo:
    def __init__(self, conn: aiosqlite.Connection, clock: Clock = time.time) -> None:
        self._conn = conn
        self._clock = clock

    async def set(
        self, user_id: int, frequency: Frequency, hour: int, weekday: int | None, next_at: int
    ) -> None:
        await self._conn.execute(
            "INSERT INTO subscriptions (user_id, frequency, hour, weekday, next_at, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET "
            "frequency = excluded.frequency, hour = excluded.hour, weekday = excluded.weekday, "
            "next_at = excluded.next_at",
            (user_id, frequency, hour, weekday, next_at, int(self._clock())),
        )

    async def get(self, user_id: int) -> Subscription | None:
        rows = await self._conn.execute_fetchall(
            "SELECT user_id, frequency, hour, weekday, next_at FROM subscriptions "
            "WHERE user_id = ?",
            (user_id,),
        )
        return next((Subscription(*row) for row in rows), None)

    async def remove(self, user_id: int) -> bool:
        async with self._conn.execute(
            "DELETE FROM subscriptions WHERE user_id = ?", (user_id,)
        ) as cur:
            return cur.rowcount > 0

    async def due(self, now: int, limit: int = 500) -> list[Subscription]:
        rows = await self._conn.execute_fetchall(
            "SELECT user_id, frequency, hour, weekday, next_at FROM subscriptions "
            "WHERE next_at <= ? ORDER BY next_at LIMIT ?",
            (now, limit),
        )
        return [Subscription(*row) for row in rows]

    async def move(self, user_id: int, expected: int, next_at: int) -> None:
        """Advance to the next slot, unless the person changed their schedule meanwhile."""
        await self._conn.execute(
            "UPDATE subscriptions SET next_at = ? WHERE user_id = ? AND next_at = ?",
            (next_at, user_id, expected),
        )

    async def make_due(self, user_id: int) -> None:
        """Bring a person's next delivery to now (the demo's "deliver it now")."""
        await self._conn.execute(
            "UPDATE subscriptions SET next_at = ? WHERE user_id = ?",
            (int(self._clock()), user_id),
        )

    async def count(self) -> int:
        rows = await self._conn.execute_fetchall("SELECT COUNT(*) FROM subscriptions")
        return int(next(iter(rows))[0])
