"""What each person has learned: lessons seen and quiz answers (the first answer counts)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import aiosqlite

from db.blocklist import Clock


@dataclass(frozen=True, slots=True)
class Progress:
    lessons_seen: int
    quizzes_answered: int
    quizzes_correct: int


class LearningRepo:
    def __init__(self, conn: aiosqlite.Connection, clock: Clock = time.time) -> None:
        self._conn = conn
        self._clock = clock

    async def seen(self, user_id: int, lesson_id: str) -> None:
        await self._conn.execute(
            "INSERT OR IGNORE INTO lesson_views (user_id, lesson_id, at) VALUES (?, ?, ?)",
            (user_id, lesson_id, int(self._clock())),
        )

    async def seen_ids(self, user_id: int) -> set[str]:
        rows = await self._conn.execute_fetchall(
            "SELECT lesson_id FROM lesson_views WHERE user_id = ?", (user_id,)
        )
        return {str(row[0]) for row in rows}

    async def answer(self, user_id: int, lesson_id: str, choice: int, correct: bool) -> bool:
        """Record the first answer; False when this quiz was answered before."""
        async with self._conn.execute(
            "INSERT OR IGNORE INTO quiz_answers (user_id, lesson_id, choice, correct, at) "
            "VALUES (?, ?, ?, ?, ?)",
            (user_id, lesson_id, choice, int(correct), int(self._clock())),
        ) as cur:
            return cur.rowcount == 1

    async def answered_ids(self, user_id: int) -> set[str]:
        rows = await self._conn.execute_fetchall(
            "SELECT lesson_id FROM quiz_answers WHERE user_id = ?", (user_id,)
        )
        return {str(row[0]) for row in rows}

    async def progress(self, user_id: int) -> Progress:
        rows = await self._conn.execute_fetchall(
            "SELECT (SELECT COUNT(*) FROM lesson_views WHERE user_id = :u), "
            "(SELECT COUNT(*) FROM quiz_answers WHERE user_id = :u), "
            "(SELECT COALESCE(SUM(correct), 0) FROM quiz_answers WHERE user_id = :u)",
            {"u": user_id},
        )
        seen, answered, correct = next(iter(rows))
        return Progress(int(seen), int(answered), int(correct))
