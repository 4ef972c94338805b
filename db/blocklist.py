"""Blocklist and allowlist: storage and the one-query lookup of a message's indicators."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import aiosqlite

from checks.indicators import Indicators
from checks.lookup import Indicator, Key, all_indicators, keys_of
from checks.matches import Matches
from db.hashing import Hasher

# Shared with the feed importer (bot/feeds), which writes through plain sqlite3.
UPSERT = (
    "INSERT INTO blocklist (kind, value, source, display, first_seen, last_seen, expires_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (kind, value, source) DO UPDATE SET "
    "last_seen = excluded.last_seen, expires_at = excluded.expires_at"
)
MANUAL = "manual"
COMMUNITY = "community"

Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class SourceCount:
    kind: str
    source: str
    entries: int
    hits: int


class BlocklistRepo:
    def __init__(self, conn: aiosqlite.Connection, hasher: Hasher, clock: Clock = time.time):
        self._conn = conn
        self._hasher = hasher
        self._clock = clock

    def now(self) -> int:
        return int(self._clock())

    async def match(self, found: Indicators) -> Matches:
        """Blocklist hits, allowlisted indicators and distinct reporters, in one query."""
        items = all_indicators(found)
        if not items:
            return Matches()
        owners: dict[tuple[str, str], list[Indicator]] = {}
        for item in items:
            for key in keys_of(item):
                stored = self._hasher.stored(key.kind, key.value)
                owners.setdefault((key.kind, stored), []).append(item)
        by_kind: dict[str, list[str]] = {}
        for kind, value in owners:
            by_kind.setdefault(kind, []).append(value)
        sql, params = _match_query(by_kind, self.now())
        rows = await self._conn.execute_fetchall(sql, params)  # one trip to the db thread
        blocked: dict[Indicator, None] = {}
        by_feed: set[Indicator] = set()
        allowed: set[Indicator] = set()
        hit_keys: set[tuple[str, str]] = set()
        reporters, last_report = 0, None
        for tag, kind, value in rows:
            if tag == "r":
                reporters = int(value)
            elif tag == "t":
                last_report = None if value is None else int(value)
            elif tag == "a":
                allowed.update(owners[(kind, value)])
            else:
                hit_keys.add((kind, value))
                blocked.update(dict.fromkeys(owners[(kind, value)]))
                if tag == "b":
                    by_feed.update(owners[(kind, value)])
        hit_keys = {k for k in hit_keys if not allowed.intersection(owners[k])}
        if hit_keys:
            await self._conn.executemany(
                "UPDATE blocklist SET hits = hits + 1 WHERE kind = ? AND value = ?",
                sorted(hit_keys),
            )
        shown = tuple(i for i in blocked if i not in allowed)
        return Matches(
            blocked=shown,
            confirmed=tuple(i for i in shown if i not in by_feed),
            reporters=reporters,
            last_report_age=None if last_report is None else max(0, self.now() - last_report),
            allowed=frozenset(allowed),
        )

    async def add(self, key: Key, source: str = MANUAL, *, expires_at: int | None = None) -> bool:
        """Add or refresh one entry; True when it was new for this source."""
        now = self.now()
        stored = self._hasher.stored(key.kind, key.value)
        async with self._conn.execute(
            "SELECT 1 FROM blocklist WHERE kind = ? AND value = ? AND source = ?",
            (key.kind, stored, source),
        ) as cur:
            existed = await cur.fetchone() is not None
        await self._conn.execute(
            UPSERT, (key.kind, stored, source, key.display, now, now, expires_at)
        )
        return not existed

    async def add_stored(self, kind: str, stored: str, display: str, source: str) -> None:
        """Add an entry whose value is already in stored form (e.g. from a report)."""
        now = self.now()
        await self._conn.execute(UPSERT, (kind, stored, source, display, now, now, None))

    async def remove(self, key: Key) -> int:
        """Remove an entry from every source; the number of rows removed."""
        stored = self._hasher.stored(key.kind, key.value)
        cur = await self._conn.execute(
            "DELETE FROM blocklist WHERE kind = ? AND value = ?", (key.kind, stored)
        )
        return cur.rowcount

    async def allow(self, kind: str, stored: str, display: str, added_by: int) -> None:
        await self._conn.execute(
            "INSERT INTO allowlist (kind, value, display, added_by, added_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, value) DO NOTHING",
            (kind, stored, display, added_by, self.now()),
        )
        await self._conn.execute(  # open scam reports of it no longer count
            "UPDATE reports SET status = 'allowlisted', updated_at = ? "
            "WHERE kind = ? AND value = ? AND type = 'scam' AND status = 'pending'",
            (self.now(), kind, stored),
        )

    async def allow_key(self, key: Key, added_by: int) -> None:
        await self.allow(key.kind, self._hasher.stored(key.kind, key.value), key.display, added_by)

    async def sources_of(self, kind: str, stored: str) -> list[str]:
        async with self._conn.execute(
            "SELECT source FROM blocklist WHERE kind = ? AND value = ? ORDER BY source",
            (kind, stored),
        ) as cur:
            return [row[0] for row in await cur.fetchall()]

    async def stats(self) -> list[SourceCount]:
        async with self._conn.execute(
            "SELECT kind, source, count(*), coalesce(sum(hits), 0) FROM blocklist "
            "GROUP BY kind, source ORDER BY kind, source"
        ) as cur:
            return [SourceCount(*row) for row in await cur.fetchall()]

    async def allowlist_count(self) -> int:
        async with self._conn.execute("SELECT count(*) FROM allowlist") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def prune(self) -> int:
        """Delete expired entries; the number deleted."""
        cur = await self._conn.execute(
            "DELETE FROM blocklist WHERE expires_at IS NOT NULL AND expires_at <= ?",
            (self.now(),),
        )
        return cur.rowcount


def _match_query(by_kind: dict[str, list[str]], now: int) -> tuple[str, list[object]]:
    """One statement: an indexed IN lookup per kind in both lists, plus reporters.

    Rows are (tag, kind, value): 'b' a blocklist hit from a feed or an admin, 'c' one that
    is there because a moderator confirmed people's reports, 'a' allowlisted, 'r' the number
    of distinct reporters and 't' the time of the latest report.
    """
    parts: list[str] = []
    params: list[object] = []
    votes: list[str] = []
    vote_params: list[object] = []
    for kind, values in by_kind.items():
        marks = ",".join("?" * len(values))
        parts.append(
            "SELECT CASE WHEN source = ? THEN 'c' ELSE 'b' END, kind, value FROM blocklist "
            f"WHERE kind = ? AND value IN ({marks}) AND (expires_at IS NULL OR expires_at > ?)"
        )
        params += [COMMUNITY, kind, *values, now]
        parts.append(
            f"SELECT 'a', kind, value FROM allowlist WHERE kind = ? AND value IN ({marks})"
        )
        params += [kind, *values]
        votes.append(
            f"SELECT id FROM reports WHERE kind = ? AND value IN ({marks}) "
            "AND type = 'scam' AND status IN ('pending', 'approved')"
        )
        vote_params += [kind, *values]
    voted = f"FROM report_votes v WHERE v.report_id IN ({' UNION ALL '.join(votes)})"
    parts.append(f"SELECT 'r', '', count(DISTINCT v.reporter) {voted}")
    parts.append(f"SELECT 't', '', max(v.created_at) {voted}")
    return " UNION ALL ".join(parts), params + vote_params + vote_params
