"""Importing a feed into the blocklist: streamed, batched, idempotent, tolerant of bad rows.

Synchronous on purpose (plain sqlite3 in batches of one transaction each): the command
line calls it directly and the running bot calls it in a worker thread, so a big feed
never holds up the event loop and readers keep working (WAL).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bot.feeds.formats import PARSERS, FeedUrl, Row
from bot.feeds.source import NotModified, is_url, open_source
from checks.lookup import HASHED_KINDS, SKIP, WHOLE_SITE, Key, SitePolicy, domain_key
from checks.rules import Rules, default_rules
from db.blocklist import UPSERT
from db.hashing import Hasher

BATCH = 5_000
DAY = 86_400

Progress = Callable[[int], None]


@dataclass(slots=True)
class ImportSummary:
    source: str
    rows: int = 0
    added: int = 0
    refreshed: int = 0
    skipped: int = 0
    """Rows on official or allowlisted sites: the engine would ignore them anyway."""
    malformed: int = 0
    not_modified: bool = False
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        if self.not_modified:
            return f"{self.source}: not modified since the last import"
        text = (
            f"{self.source}: {self.rows:,} rows in {self.seconds:.1f} s: "
            f"{self.added:,} entries added, {self.refreshed:,} refreshed, "
            f"{self.skipped:,} skipped (official or allowlisted), {self.malformed:,} malformed"
        )
        return text + "".join(f"; stopped early: {e}" for e in self.errors)


class Importer:
    """Writes entries of one source; decides per host whether to block the whole site."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        hasher: Hasher,
        source: str,
        *,
        rules: Rules | None = None,
        ttl_days: int | None = 30,
        urls_only: bool = False,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._conn = conn
        self._hasher = hasher
        self._source = source
        self._now = int(clock())
        self._expires = self._now + ttl_days * DAY if ttl_days else None
        self._urls_only = urls_only
        allowed = [r[0] for r in conn.execute("SELECT value FROM allowlist WHERE kind = 'domain'")]
        self._policy = SitePolicy(rules or default_rules(), allowed)
        self._site_of: dict[str, int] = {}
        self._domains_written: set[str] = set()

    def run(self, rows: Iterable[Row], summary: ImportSummary, progress: Progress | None) -> None:
        before = self._count()
        batch: list[tuple[str, str, str | None]] = []
        written = 0
        try:
            for row in rows:
                summary.rows += 1
                if row is None:
                    summary.malformed += 1
                elif not self._collect(row, batch):
                    summary.skipped += 1
                if len(batch) >= BATCH:
                    written += self._write(batch)
                    if progress:
                        progress(summary.rows)
        finally:  # a feed that breaks off still keeps every row read before the break
            written += self._write(batch)
            summary.added = self._count() - before
            summary.refreshed = written - summary.added

    def _collect(self, row: FeedUrl | Key, batch: list[tuple[str, str, str | None]]) -> bool:
        """Put a row's entries into the batch; False when it is skipped."""
        if isinstance(row, Key):
            if row.kind == "domain" and self._site(row.value) == SKIP:
                return False
            shown = row.display if row.kind in HASHED_KINDS else None
            batch.append((row.kind, self._hasher.stored(row.kind, row.value), shown))
            return True
        site = self._site(row.host)
        if site == SKIP:
            return False
        batch.append(("url", row.key, None))
        if site == WHOLE_SITE and not self._urls_only:
            domain = domain_key(row.host)
            if domain not in self._domains_written:
                if len(self._domains_written) > 500_000:  # bounded memory on huge feeds
                    self._domains_written.clear()
                self._domains_written.add(domain)
                batch.append(("domain", domain, None))
        return True

    def _site(self, host: str) -> int:
        found = self._site_of.get(host)
        if found is None:
            found = self._policy.judge(host)
            if len(self._site_of) > 200_000:
                self._site_of.clear()
            self._site_of[host] = found
        return found

    def _write(self, batch: list[tuple[str, str, str | None]]) -> int:
        if not batch:
            return 0
        now, expires, source = self._now, self._expires, self._source
        with self._conn:
            self._conn.executemany(
                UPSERT,
                [(kind, value, source, shown, now, now, expires) for kind, value, shown in batch],
            )
        count = len(batch)
        batch.clear()
        return count

    def _count(self) -> int:
        row = self._conn.execute(
            "SELECT count(*) FROM blocklist WHERE source = ?", (self._source,)
        ).fetchone()
        return int(row[0])


def open_db(path: Path | str) -> sqlite3.Connection:
    """A plain sqlite3 connection to an already migrated database."""
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA busy_timeout = 30000")
    if conn.execute("PRAGMA user_version").fetchone()[0] < 2:
        conn.close()
        raise RuntimeError("the database is not migrated; open it with the bot first")
    return conn


def import_feed(
    conn: sqlite3.Connection,
    hasher: Hasher,
    fmt: str,
    source: str,
    *,
    name: str | None = None,
    ttl_days: int | None = 30,
    urls_only: bool = False,
    progress: Progress | None = None,
    client: httpx.Client | None = None,
    rules: Rules | None = None,
) -> ImportSummary:
    """Import one feed; a broken row is counted, a broken stream stops with what it had."""
    from bot.feeds.formats import FeedError

    started = time.perf_counter()
    summary = ImportSummary(source=name or fmt)
    state = _feed_state(conn, source) if is_url(source) else (None, None)
    importer = Importer(
        conn, hasher, summary.source, rules=rules, ttl_days=ttl_days, urls_only=urls_only
    )
    try:
        with open_source(source, etag=state[0], last_modified=state[1], client=client) as opened:
            try:
                importer.run(PARSERS[fmt](opened.lines), summary, progress)
            except FeedError as exc:
                if summary.rows == 0:
                    raise
                summary.errors.append(str(exc))
            if is_url(source) and not summary.errors:
                _save_state(conn, source, opened.etag, opened.last_modified)
    except NotModified:
        summary.not_modified = True
    summary.seconds = time.perf_counter() - started
    return summary


def _feed_state(conn: sqlite3.Connection, url: str) -> tuple[str | None, str | None]:
    row = conn.execute(
        "SELECT etag, last_modified FROM feed_state WHERE url = ?", (url,)
    ).fetchone()
    return (row[0], row[1]) if row else (None, None)


def _save_state(
    conn: sqlite3.Connection, url: str, etag: str | None, last_modified: str | None
) -> None:
    conn.execute(
        "INSERT INTO feed_state (url, etag, last_modified, fetched_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
        "last_modified = excluded.last_modified, fetched_at = excluded.fetched_at",
        (url, etag, last_modified, int(time.time())),
    )
