"""The broadcast outbox: every scheduled lesson and every alert is one row until delivered.

A row goes pending -> sending -> sent (or failed / blocked). Claiming (sending) is
committed before the request and `sent` right after it, so after a restart nothing is
lost and nothing already sent goes again. A row found in `sending` at start-up was in
flight when the process died: whether Telegram got it is unknown, so it is marked
`in_doubt` and not sent again (a duplicate tip is the worse failure for an alert).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import aiosqlite

from db.blocklist import Clock


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    user_id: int
    kind: str
    ref: str
    attempts: int


class OutboxRepo:
    def __init__(self, conn: aiosqlite.Connection, clock: Clock = time.time) -> None:
        self._conn = conn
        self._clock = clock

    async def enqueue(self, user_id: int, kind: str, ref: str, dedup: str) -> bool:
        """Add a delivery; False if one with the same `dedup` key exists (idempotent)."""
        now = int(self._clock())
        async with self._conn.execute(
            "INSERT OR IGNORE INTO outbox (user_id, kind, ref, dedup, not_before, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (user_id, kind, ref, dedup, now, now),
        ) as cur:
            return cur.rowcount == 1

    async def create_alert(self, admin_id: int, texts: dict[str, str]) -> tuple[int, int]:
        """Store an alert and queue it for every subscriber: (alert id, deliveries queued)."""
        now = int(self._clock())
        async with self._conn.execute(
            "INSERT INTO alerts (admin_id, created_at, texts) VALUES (?, ?, ?)",
            (admin_id, now, json.dumps(texts, ensure_ascii=False)),
        ) as cur:
            alert_id = int(cur.lastrowid or 0)
        async with self._conn.execute(
            "INSERT OR IGNORE INTO outbox (user_id, kind, ref, dedup, not_before, created_at) "
            "SELECT user_id, 'alert', :ref, 'alert:' || :ref || ':' || user_id, :now, :now "
            "FROM subscriptions",
            {"ref": str(alert_id), "now": now},
        ) as cur:
            return alert_id, cur.rowcount

    async def alert_texts(self, alert_id: int) -> dict[str, str]:
        rows = await self._conn.execute_fetchall(
            "SELECT texts FROM alerts WHERE id = ?", (alert_id,)
        )
        row = next(iter(rows), None)
        return dict(json.loads(row[0])) if row else {}

    async def due(self, limit: int) -> list[Delivery]:
        rows = await self._conn.execute_fetchall(
            "SELECT id, user_id, kind, ref, attempts FROM outbox "
            "WHERE status = 'pending' AND not_before <= ? ORDER BY id LIMIT ?",
            (int(self._clock()), limit),
        )
        return [Delivery(*row) for row in rows]

    async def claim(self, delivery_id: int) -> bool:
        async with self._conn.execute(
            "UPDATE outbox SET status = 'sending', attempts = attempts + 1 "
            "WHERE id = ? AND status = 'pending'",
            (delivery_id,),
        ) as cur:
            return cur.rowcount == 1

    async def finish(self, delivery_id: int, status: str, error: str | None = None) -> None:
        """Mark a claimed delivery sent, failed or blocked."""
        await self._conn.execute(
            "UPDATE outbox SET status = ?, sent_at = ?, error = ? WHERE id = ?",
            (status, int(self._clock()), error, delivery_id),
        )

    async def retry(self, delivery_id: int, delay: float, error: str) -> None:
        """Put a claimed delivery back, to be tried again after `delay` seconds."""
        await self._conn.execute(
            "UPDATE outbox SET status = 'pending', not_before = ?, error = ? WHERE id = ?",
            (int(self._clock() + delay + 0.999), error, delivery_id),
        )

    async def recover(self) -> int:
        """At start-up: rows left `sending` by a crash become `in_doubt`; returns how many."""
        async with self._conn.execute(
            "UPDATE outbox SET status = 'in_doubt' WHERE status = 'sending'"
        ) as cur:
            return cur.rowcount

    async def next_due_in(self) -> float | None:
        """Seconds until the earliest pending delivery is due (0 if one is due now)."""
        rows = await self._conn.execute_fetchall(
            "SELECT MIN(not_before) FROM outbox WHERE status = 'pending'"
        )
        first = next(iter(rows))[0]
        return None if first is None else max(0.0, float(first) - self._clock())

    async def counts(self) -> dict[str, int]:
        rows = await self._conn.execute_fetchall(
            "SELECT status, COUNT(*) FROM outbox GROUP BY status"
        )
        return {str(status): int(n) for status, n in rows}
