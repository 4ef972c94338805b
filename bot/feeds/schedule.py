"""Feed refresh and expiry inside the running bot (APScheduler on the bot's event loop).

Imports run in a worker thread with their own SQLite connection, so a big feed never holds
up replies. With no `FEEDS` configured nothing touches the network; expired entries are
still pruned once a day.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

import httpx
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.feeds.formats import FeedError
from bot.feeds.importer import ImportSummary, import_feed, open_db
from bot.settings import Settings
from db.hashing import Hasher
from db.replies import KEEP_SECONDS

log = logging.getLogger(__name__)
FIRST_REFRESH_DELAY = timedelta(minutes=1)  # let the bot start answering first


class FeedRefresher:
    def __init__(
        self,
        settings: Settings,
        hasher: Hasher,
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._settings = settings
        self._hasher = hasher
        self._transport = transport
        self._scheduler: AsyncIOScheduler | None = None

    def start(self) -> None:
        scheduler = AsyncIOScheduler(timezone=self._settings.tz)
        scheduler.add_job(self.prune, IntervalTrigger(days=1), id="prune", coalesce=True)
        if self._settings.feeds:
            scheduler.add_job(
                self.refresh_all,
                IntervalTrigger(hours=self._settings.feed_refresh_hours),
                id="feeds",
                coalesce=True,
                max_instances=1,
                next_run_time=datetime.now(self._settings.tz) + FIRST_REFRESH_DELAY,
            )
        scheduler.start()
        self._scheduler = scheduler

    def job_ids(self) -> list[str]:
        return [job.id for job in self._scheduler.get_jobs()] if self._scheduler else []

    def shutdown(self) -> None:
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        self._scheduler = None

    async def refresh_all(self) -> list[ImportSummary]:
        """Import every feed; one that fails (network, a locked database, a bug) is logged
        and the others still run. The schedule tries again at the next interval."""
        done = []
        for fmt, url in self._settings.feeds:
            try:
                summary = await asyncio.to_thread(self._import, fmt, url)
            except FeedError as exc:
                log.warning("feed=%s refresh failed: %s", url, exc)
                continue
            except Exception as exc:
                log.error(
                    "feed=%s refresh failed (%s: %s)", url, type(exc).__name__, exc, exc_info=True
                )
                continue
            log.info("feed refreshed: %s", summary.line())
            done.append(summary)
        await self.prune()
        return done

    async def prune(self) -> int:
        try:
            removed = await asyncio.to_thread(self._prune)
        except Exception as exc:
            log.error("blocklist: pruning failed (%s: %s)", type(exc).__name__, exc)
            return 0
        if removed:
            log.info("blocklist: %d expired entries pruned", removed)
        return removed

    def _import(self, fmt: str, url: str) -> ImportSummary:
        conn = open_db(self._settings.db_path)
        client = httpx.Client(
            transport=self._transport, timeout=httpx.Timeout(60, connect=10), follow_redirects=True
        )
        try:
            return import_feed(
                conn, self._hasher, fmt, url, ttl_days=self._settings.feed_ttl_days, client=client
            )
        finally:
            client.close()
            conn.close()

    def _prune(self) -> int:
        conn = open_db(self._settings.db_path)
        try:
            with conn:
                cur = conn.execute(
                    "DELETE FROM blocklist WHERE expires_at IS NOT NULL "
                    "AND expires_at <= strftime('%s', 'now')"
                )
                conn.execute(
                    "DELETE FROM replies WHERE at < strftime('%s', 'now') - ?", (KEEP_SECONDS,)
                )
            return cur.rowcount
        finally:
            conn.close()
