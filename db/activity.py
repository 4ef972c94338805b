"""The checks log and the statistics admins see: counts only, never texts."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import aiosqlite

from db.blocklist import Clock

WINDOWS = {"24h": 86_400, "7d": 7 * 86_400, "30d": 30 * 86_400}


@dataclass(frozen=True, slots=True)
class WindowStats:
    name: str
    checks: int
    by_level: dict[str, int]
    by_scheme: dict[str, int]
    lessons_read: int
    quiz_answers: int
    quiz_correct: int


@dataclass(frozen=True, slots=True)
class Stats:
    windows: list[WindowStats]
    subscribers: int
    people: int
    top_reported: list[tuple[str, int]] = field(default_factory=list)
    """(display, distinct reporters) of pending or approved scam reports."""


class ActivityRepo:
    def __init__(self, conn: aiosqlite.Connection, clock: Clock = time.time) -> None:
        self._conn = conn
        self._clock = clock

    async def record_check(
        self, level: str, scheme: str | None, kinds: list[str], person: str | None
    ) -> None:
        await self._conn.execute(
            "INSERT INTO checks_log (at, level, scheme, kinds, person) VALUES (?, ?, ?, ?, ?)",
            (int(self._clock()), level, scheme, ",".join(sorted(set(kinds))), person),
        )

    async def stats(self, top: int = 10) -> Stats:
        now = int(self._clock())
        windows = [await self._window(name, now - seconds) for name, seconds in WINDOWS.items()]
        return Stats(
            windows=windows,
            subscribers=await self._scalar("SELECT COUNT(*) FROM subscriptions"),
            people=await self._scalar("SELECT COUNT(*) FROM users"),
            top_reported=[
                (str(display), int(n))
                for display, n in await self._conn.execute_fetchall(
                    "SELECT r.display, COUNT(v.reporter) AS n FROM reports r "
                    "JOIN report_votes v ON v.report_id = r.id "
                    "WHERE r.type = 'scam' AND r.kind IN ('url', 'domain') "
                    "AND r.status IN ('pending', 'approved') "
                    "GROUP BY r.id ORDER BY n DESC, r.id LIMIT ?",
                    (top,),
                )
            ],
        )

    async def daily_levels(self, days: int = 30) -> list[tuple[str, str, int]]:
        """(UTC date, level, checks) per day for the chart."""
        since = int(self._clock()) - days * 86_400
        rows = await self._conn.execute_fetchall(
            "SELECT date(at, 'unixepoch'), level, COUNT(*) FROM checks_log WHERE at >= ? "
            "GROUP BY 1, 2 ORDER BY 1",
            (since,),
        )
        return [(str(d), str(level), int(n)) for d, level, n in rows]

    async def _window(self, name: str, since: int) -> WindowStats:
        levels = {
            str(level): int(n)
            for level, n in await self._conn.execute_fetchall(
                "SELECT level, COUNT(*) FROM checks_log WHERE at >= ? GROUP BY level", (since,)
            )
        }
        schemes = {
            str(scheme): int(n)
            for scheme, n in await self._conn.execute_fetchall(
                "SELECT scheme, COUNT(*) AS n FROM checks_log "
                "WHERE at >= ? AND scheme IS NOT NULL GROUP BY scheme ORDER BY n DESC, scheme",
                (since,),
            )
        }
        answered, correct = next(
            iter(
                await self._conn.execute_fetchall(
                    "SELECT COUNT(*), COALESCE(SUM(correct), 0) FROM quiz_answers WHERE at >= ?",
                    (since,),
                )
            )
        )
        return WindowStats(
            name=name,
            checks=sum(levels.values()),
            by_level=levels,
            by_scheme=schemes,
            lessons_read=await self._scalar(
                "SELECT COUNT(*) FROM lesson_views WHERE at >= ?", since
            ),
            quiz_answers=int(answered),
            quiz_correct=int(correct),
        )

    async def _scalar(self, sql: str, *args: object) -> int:
        rows = await self._conn.execute_fetchall(sql, args)
        return int(next(iter(rows))[0])


async def forget(conn: aiosqlite.Connection, user_id: int, person: str) -> None:
    """Everything about one person goes; their reports stay, no longer linked to them.

    Report votes keep counting (a scam reported by 5 people is still reported by 5) but
    the reporter becomes a random token nobody can trace back.
    """
    # One statement at a time on the shared connection (no transaction another coroutine's
    # write could fall into); each is idempotent, so a /forget cut short can be repeated.
    for sql in (
        "DELETE FROM subscriptions WHERE user_id = ?",
        "DELETE FROM lesson_views WHERE user_id = ?",
        "DELETE FROM quiz_answers WHERE user_id = ?",
        "DELETE FROM outbox WHERE user_id = ? AND status = 'pending'",
        # Delivered rows stay for the counts, with nothing left that points to the person
        # (the dedup key of a lesson or an alert carries the Telegram id).
        "UPDATE outbox SET user_id = 0, dedup = 'forgotten:' || id WHERE user_id = ?",
        "DELETE FROM replies WHERE chat_id = ?",
        "DELETE FROM users WHERE id = ?",
    ):
        await conn.execute(sql, (user_id,))
    await conn.execute("UPDATE checks_log SET person = NULL WHERE person = ?", (person,))
    await conn.execute(
        "UPDATE report_votes SET reporter = 'forgotten:' || lower(hex(randomblob(12))) "
        "WHERE reporter = ?",
        (person,),
    )
