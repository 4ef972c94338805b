"""The outbox worker and the tip scheduler.

`Broadcaster` sends outbox rows at BROADCAST_RATE messages/s overall and at most one
message per second per chat; a 429 pauses all sending for `retry_after` and the row is
tried again; a person who blocked the bot is unsubscribed; network and server errors are
retried with backoff (5 attempts). Rows are claimed before sending and marked after, so
a restart resumes without losing or repeating deliveries (see db/outbox.py).

`TipScheduler` turns due subscriptions into outbox rows, one per time slot (the slot is
part of the row's key, so a tick repeated after a crash enqueues nothing twice).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import I18n
from aiolimiter import AsyncLimiter

from bot.backoff import Backoff
from content.library import Library
from db.outbox import Delivery
from db.repos import Repos
from db.subscriptions import next_slot
from handlers.alert import alert_html
from handlers.lesson_view import lesson_html, lesson_keyboard

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BATCH = 200
IDLE_SECONDS = 30.0  # look at the outbox at least this often even without a poke
PER_CHAT_SECONDS = 1.0
STOP_SECONDS = 10.0
RECORD_ATTEMPTS = 8  # a delivery's outcome is written again this many times before giving up


class _Stopped(Exception):
    """The broadcaster is stopping before this delivery was sent."""


class Broadcaster:
    def __init__(
        self,
        bot: Bot,
        repos: Repos,
        library: Library,
        i18n: I18n,
        *,
        rate: float,
        default_lang: str,
    ) -> None:
        self._bot = bot
        self._repos = repos
        self._library = library
        self._i18n = i18n
        self._default_lang = default_lang
        # A bucket of a tenth of a second: evenly spaced sends that can catch up on small
        # delays, and never more than rate/10 at once after a pause.
        self._limiter = AsyncLimiter(max(1.0, rate / 10), 0.1)
        # Enough requests in flight to keep the rate when Telegram answers slowly.
        self._in_flight = asyncio.Semaphore(max(4, min(100, int(rate / 5))))
        self._tasks: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._paused_until = 0.0
        self._last_sent: dict[int, float] = {}
        self._alerts: dict[str, dict[str, str]] = {}  # alert texts never change
        self._runner: asyncio.Task[None] | None = None

    def poke(self) -> None:
        """New rows were queued: look now instead of at the next idle check."""
        self._wake.set()

    async def run(self) -> None:
        """Send what is due until stopped; any error is logged and retried with backoff.

        A `database is locked` (a feed import in another process, a backup) or a bug in one
        pass must never end the loop: deliveries would wait silently until a restart.
        """
        self._runner = asyncio.current_task()
        backoff = Backoff(first=0.5, most=IDLE_SECONDS)
        recovered = False
        with contextlib.suppress(_Stopped):
            while not self._stopping.is_set():
                try:
                    if not recovered:
                        await self._recover()
                        recovered = True
                    await self._pass()
                    backoff.reset()
                except _Stopped:
                    raise
                except Exception as exc:
                    delay = backoff.next_delay()
                    log.error(
                        "outbox: pass failed (%s: %s), %d in a row; trying again in %.1f s",
                        type(exc).__name__,
                        exc,
                        backoff.failures,
                        delay,
                        exc_info=backoff.failures == 1,
                    )
                    await self._wait(delay)

    async def _recover(self) -> None:
        doubtful = await self._repos.outbox.recover()
        if doubtful:
            log.warning(
                "outbox: %d deliveries were in flight at a crash; not sent again", doubtful
            )

    async def _pass(self) -> None:
        """Start every due row that may go now, or wait until one may."""
        self._wake.clear()
        rows = await self._repos.outbox.due(BATCH)
        started = [row for row in rows if await self._start(row)]
        if started:
            return
        if rows:  # all due rows wait for their chat's second
            await self._wait(PER_CHAT_SECONDS / 4, wake=True)
            return
        wait = await self._repos.outbox.next_due_in()
        await self._wait(
            IDLE_SECONDS if wait is None else min(max(wait, 0.05), IDLE_SECONDS), wake=True
        )

    async def _start(self, row: Delivery) -> bool:
        """Pace, claim and send one row in the background; False if its chat must wait.

        Pacing happens before the claim, so only requests really in flight are claimed:
        a crash leaves at most those few `in_doubt`.
        """
        if (
            time.monotonic() - self._last_sent.get(row.user_id, -PER_CHAT_SECONDS)
            < PER_CHAT_SECONDS
        ):
            return False
        while (pause := self._paused_until - time.monotonic()) > 0:
            await self._wait(pause)  # Telegram said 429: everybody waits
        await self._limiter.acquire()
        await self._in_flight.acquire()
        try:
            if self._stopping.is_set():
                raise _Stopped
            claimed = await self._repos.outbox.claim(row.id)
        except BaseException:
            self._in_flight.release()
            raise
        if not claimed:
            self._in_flight.release()
            return False
        self._last_sent[row.user_id] = time.monotonic()
        if len(self._last_sent) > 10_000:
            cutoff = time.monotonic() - PER_CHAT_SECONDS
            self._last_sent = {c: t for c, t in self._last_sent.items() if t > cutoff}
        task = asyncio.create_task(self._deliver(row))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return True

    async def drain(self) -> None:
        """Wait until every delivery in flight has been sent and recorded."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def stop(self) -> None:
        """Claim nothing new and let deliveries in flight finish (and be recorded).

        The loop is not cancelled but left to notice: cancelling it between a claim and
        the send would leave a row claimed but never sent.
        """
        self._stopping.set()
        if self._runner is not None and self._runner is not asyncio.current_task():
            await asyncio.wait({self._runner}, timeout=STOP_SECONDS)
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _deliver(self, row: Delivery) -> None:
        try:
            outcome = await self._outcome(row)
            await self._record(row, outcome)
        finally:
            self._in_flight.release()

    async def _outcome(self, row: Delivery) -> tuple[str, str | None, float]:
        """Send one row: (status, error, retry delay); status "retry" puts it back."""
        try:
            await self._send(row)
        except TelegramRetryAfter as exc:
            self._paused_until = max(self._paused_until, time.monotonic() + exc.retry_after)
            return "retry", "429", float(exc.retry_after)
        except TelegramForbiddenError:
            return "blocked", "forbidden", 0.0
        except TelegramBadRequest as exc:
            status = "gone" if "chat not found" in exc.message else "failed"
            return status, exc.message[:200], 0.0
        except (TelegramNetworkError, TelegramServerError, TimeoutError, OSError) as exc:
            if row.attempts + 1 >= MAX_ATTEMPTS:
                return "failed", type(exc).__name__, 0.0
            return "retry", "transient", 2.0 ** (row.attempts + 1)
        except LookupError as exc:
            return "failed", str(exc)[:200], 0.0
        except sqlite3.Error as exc:  # before the request: nothing was sent, try again
            return "retry", type(exc).__name__, 1.0
        except Exception:
            log.exception("outbox: delivery %d failed", row.id)
            return "failed", "bug", 0.0
        return "sent", None, 0.0

    async def _record(self, row: Delivery, outcome: tuple[str, str | None, float]) -> None:
        """Write the outcome; a locked database is waited out rather than leaving the row
        `sending` (which a restart would call in doubt and never send)."""
        status, error, delay = outcome
        backoff = Backoff(first=0.1, most=5.0)
        for attempt in range(1, RECORD_ATTEMPTS + 1):
            try:
                if status == "retry":
                    await self._repos.outbox.retry(row.id, delay, error or "")
                else:
                    stored = "failed" if status == "gone" else status
                    await self._repos.outbox.finish(row.id, stored, error)
                    if status in ("blocked", "gone"):
                        await self._repos.subscriptions.remove(row.user_id)
                return
            except Exception as exc:
                if attempt == RECORD_ATTEMPTS:
                    log.error(
                        "outbox: could not record delivery %d as %s (%s); it stays 'sending'",
                        row.id,
                        status,
                        type(exc).__name__,
                    )
                    return
                wait = backoff.next_delay()
                log.warning(
                    "outbox: recording delivery %d failed (%s); again in %.1f s",
                    row.id,
                    type(exc).__name__,
                    wait,
                )
                await asyncio.sleep(wait)

    async def _wait(self, seconds: float, *, wake: bool = False) -> None:
        """Sleep (until poked, with `wake`); raise _Stopped when the broadcaster stops."""
        events = [self._stopping.wait()] + ([self._wake.wait()] if wake else [])
        waiters = [asyncio.ensure_future(e) for e in events]
        try:
            await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
        if self._stopping.is_set():
            raise _Stopped

    async def _send(self, row: Delivery) -> None:
        user = await self._repos.users.get(row.user_id)
        lang = user.language if user else self._default_lang
        text, markup = await self._render(row, lang)
        if text is None:  # a lesson removed from content/, or an alert row gone
            raise LookupError(f"{row.kind} {row.ref} not found")
        await self._bot.send_message(row.user_id, text, reply_markup=markup)
        if row.kind == "lesson":
            try:  # sent already: a failure here must not make it count as unsent
                await self._repos.learning.seen(row.user_id, row.ref)
            except sqlite3.Error as exc:
                log.warning("outbox: lesson %s sent but not marked seen (%s)", row.ref, exc)

    async def _render(
        self, row: Delivery, lang: str
    ) -> tuple[str | None, InlineKeyboardMarkup | None]:
        with self._i18n.context(), self._i18n.use_locale(lang):
            if row.kind == "lesson":
                lesson = self._library.get(row.ref)
                if lesson is None:
                    return None, None
                return lesson_html(lesson, lang), lesson_keyboard(lesson, in_menu=False)
            texts = self._alerts.get(row.ref)
            if texts is None:
                texts = self._alerts[row.ref] = await self._repos.outbox.alert_texts(int(row.ref))
            body = texts.get(lang) or texts.get("*") or next(iter(texts.values()), None)
            return (alert_html(body) if body else None), None


class TipScheduler:
    """Every minute: subscriptions that are due get their next unseen lesson queued."""

    def __init__(
        self,
        repos: Repos,
        library: Library,
        zone: object,
        poke: Callable[[], None],
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._repos = repos
        self._library = library
        self._zone = zone
        self._poke = poke
        self._clock = clock
        self._stopping = asyncio.Event()

    async def tick(self) -> int:
        """Queue what is due now; returns how many lessons were queued."""
        now = int(self._clock())
        queued = 0
        for _batch in range(1000):  # bounded, whatever happens to the rows meanwhile
            due = await self._repos.subscriptions.due(now)
            if not due:
                break
            for sub in due:
                seen = await self._repos.learning.seen_ids(sub.user_id)
                lesson = next(
                    (x for x in self._library.lessons if x.id not in seen),
                    self._library.lessons[sub.next_at // 86_400 % len(self._library.lessons)],
                )
                key = f"lesson:{sub.user_id}:{sub.next_at}"
                if await self._repos.outbox.enqueue(sub.user_id, "lesson", lesson.id, key):
                    queued += 1
                after = datetime.fromtimestamp(max(now, sub.next_at), UTC)
                slot = next_slot(after, sub.frequency, sub.hour, sub.weekday, self._zone)  # type: ignore[arg-type]
                await self._repos.subscriptions.move(
                    sub.user_id, sub.next_at, int(slot.timestamp())
                )
        if queued:
            self._poke()
        return queued

    async def run(self, every: float = 60.0) -> None:
        backoff = Backoff(first=1.0, most=every)
        while not self._stopping.is_set():
            try:
                await self.tick()
                backoff.reset()
                delay = every - self._clock() % every
            except Exception as exc:
                delay = backoff.next_delay()
                log.error(
                    "tip scheduler: tick failed (%s: %s); trying again in %.0f s",
                    type(exc).__name__,
                    exc,
                    delay,
                    exc_info=backoff.failures == 1,
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), delay)

    def stop(self) -> None:
        self._stopping.set()
