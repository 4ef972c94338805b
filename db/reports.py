"""Community reports and false-alarm appeals, merged per indicator, with distinct voters."""

from __future__ import annotations

import time
from dataclasses import dataclass

import aiosqlite

from db.blocklist import Clock

DAY = 86_400


@dataclass(frozen=True, slots=True)
class Report:
    id: int
    type: str
    """scam | false_alarm"""
    kind: str
    value: str
    """Stored form (keyed hash for phones and cards)."""
    display: str
    detail: str
    status: str
    created_at: int
    updated_at: int
    reporters: int


@dataclass(frozen=True, slots=True)
class Filed:
    report_id: int
    new_vote: bool
    """False when this person had already reported the same thing."""
    reporters: int
    status: str


_SELECT = (
    "SELECT r.id, r.type, r.kind, r.value, r.display, r.detail, r.status, r.created_at, "
    "r.updated_at, (SELECT count(*) FROM report_votes v WHERE v.report_id = r.id) "
    "FROM reports r"
)


class ReportsRepo:
    def __init__(self, conn: aiosqlite.Connection, clock: Clock = time.time) -> None:
        self._conn = conn
        self._clock = clock

    def now(self) -> int:
        return int(self._clock())

    async def votes_today(self, reporter: str) -> int:
        async with self._conn.execute(
            "SELECT count(*) FROM report_votes WHERE reporter = ? AND created_at > ?",
            (reporter, self.now() - DAY),
        ) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def file(
        self,
        type_: str,
        kind: str,
        value: str,
        *,
        display: str,
        reporter: str,
        detail: str = "",
    ) -> Filed:
        """Queue a report, or add this person's vote to the same one already queued."""
        now = self.now()
        async with self._conn.execute(
            "INSERT INTO reports (type, kind, value, display, detail, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (type, kind, value) DO UPDATE SET updated_at = excluded.updated_at "
            "RETURNING id, status",
            (type_, kind, value, display, detail, now, now),
        ) as cur:
            row = await cur.fetchone()
        assert row is not None
        report_id, status = int(row[0]), str(row[1])
        cur = await self._conn.execute(
            "INSERT INTO report_votes (report_id, reporter, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (report_id, reporter, now),
        )
        new_vote = cur.rowcount == 1
        return Filed(report_id, new_vote, await self._count(report_id), status)

    async def _count(self, report_id: int) -> int:
        async with self._conn.execute(
            "SELECT count(*) FROM report_votes WHERE report_id = ?", (report_id,)
        ) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def get(self, report_id: int) -> Report | None:
        async with self._conn.execute(f"{_SELECT} WHERE r.id = ?", (report_id,)) as cur:
            row = await cur.fetchone()
        return Report(*row) if row else None

    async def next_pending(self, after_id: int = 0) -> Report | None:
        """The oldest pending item after `after_id` (wrapping round to the start)."""
        for bound in (after_id, 0):
            async with self._conn.execute(
                f"{_SELECT} WHERE r.status = 'pending' AND r.id > ? ORDER BY r.id LIMIT 1",
                (bound,),
            ) as cur:
                row = await cur.fetchone()
            if row:
                return Report(*row)
        return None

    async def pending_count(self) -> int:
        async with self._conn.execute(
            "SELECT count(*) FROM reports WHERE status = 'pending'"
        ) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def set_status(self, report_id: int, status: str) -> bool:
        """Move a pending item to `status`; False if someone else already decided it."""
        cur = await self._conn.execute(
            "UPDATE reports SET status = ?, updated_at = ? WHERE id = ? AND status = 'pending'",
            (status, self.now(), report_id),
        )
        return cur.rowcount == 1

    async def trusted_votes(self, report_id: int, trusted_after: int) -> int:
        """Voters on this report who already had `trusted_after` reports approved."""
        async with self._conn.execute(
            "SELECT count(*) FROM report_votes v WHERE v.report_id = ? AND ("
            " SELECT count(*) FROM report_votes w JOIN reports r ON r.id = w.report_id"
            " WHERE w.reporter = v.reporter AND r.status = 'approved' AND r.type = 'scam'"
            ") >= ?",
            (report_id, trusted_after),
        ) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0
