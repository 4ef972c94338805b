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
        self._limiter = AsyncLimiter(max(rate, 1.0), 1.0)
        # Enough requests in flight to reach the rate even when Telegram answers slowly.
        self._in_flight = asyncio.Semaphore(max(4, min(200, int(rate))))
        self._tasks: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._paused_until = 0.0
        self._last_sent: dict[int, float] = {}
        self.sent = 0

    def poke(self) -> None:
        """New rows were queued: look now instead of at the next idle check."""
        self._wake.set()

    async def run(self) -> None:
        doubtful = await self._repos.outbox.recover()
        if doubtful:
            log.warning(
                "outbox: %d deliveries were in flight at a crash; not sent again", doubtful
            )
        while not self._stopping.is_set():
            self._wake.clear()
            rows = await self._repos.outbox.due(BATCH)
            for row in rows:
                if self._stopping.is_set():
                    break
                await self._in_flight.acquire()
                if not await self._repos.outbox.claim(row.id):
                    self._in_flight.release()
                    continue
                task = asyncio.create_task(self._deliver(row))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            if rows:
                continue
            wait = await self._repos.outbox.next_due_in()
            timeout = IDLE_SECONDS if wait is None else min(max(wait, 0.05), IDLE_SECONDS)
            stop = asyncio.create_task(self._stopping.wait())
            wake = asyncio.create_task(self._wake.wait())
            await asyncio.wait({stop, wake}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            stop.cancel()
            wake.cancel()

    async def stop(self) -> None:
        """Claim nothing new and let deliveries in flight finish (and be recorded)."""
        self._stopping.set()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _deliver(self, row: Delivery) -> None:
        try:
            await self._pace(row.user_id)
            await self._send(row)
        except _Stopped:  # nothing was sent: the row simply waits for the next start
            await self._repos.outbox.retry(row.id, 0, "stopped")
        except TelegramRetryAfter as exc:
            self._paused_until = max(self._paused_until, time.monotonic() + exc.retry_after)
            await self._repos.outbox.retry(row.id, exc.retry_after, "429")
        except TelegramForbiddenError:
            await self._repos.outbox.finish(row.id, "blocked", "forbidden")
            await self._repos.subscriptions.remove(row.user_id)
        except TelegramBadRequest as exc:
            await self._repos.outbox.finish(row.id, "failed", exc.message[:200])
            if "chat not found" in exc.message:
                await self._repos.subscriptions.remove(row.user_id)
        except (TelegramNetworkError, TelegramServerError, TimeoutError, OSError) as exc:
            if row.attempts + 1 >= MAX_ATTEMPTS:
                await self._repos.outbox.finish(row.id, "failed", type(exc).__name__)
            else:
                await self._repos.outbox.retry(row.id, 2.0 ** (row.attempts + 1), "transient")
        except LookupError as exc:
            await self._repos.outbox.finish(row.id, "failed", str(exc)[:200])
        except Exception:
            log.exception("outbox: delivery %d failed", row.id)
            await self._repos.outbox.finish(row.id, "failed", "bug")
        else:
            await self._repos.outbox.finish(row.id, "sent")
            self.sent += 1
        finally:
            self._in_flight.release()
            self._wake.set()

    async def _pace(self, chat_id: int) -> None:
        """Wait out a 429 pause, the per-chat second and the overall rate."""
        while (pause := self._paused_until - time.monotonic()) > 0:
            await self._wait(pause)
        since = time.monotonic() - self._last_sent.get(chat_id, 0.0)
        if since < PER_CHAT_SECONDS:
            await self._wait(PER_CHAT_SECONDS - since)
        await self._limiter.acquire()
        if self._stopping.is_set():
            raise _Stopped
        self._last_sent[chat_id] = time.monotonic()
        if len(self._last_sent) > 10_000:
            cutoff = time.monotonic() - PER_CHAT_SECONDS
            self._last_sent = {c: t for c, t in self._last_sent.items() if t > cutoff}

    async def _wait(self, seconds: float) -> None:
        """Sleep, but give up at once when the broadcaster stops."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)
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
            await self._repos.learning.seen(row.user_id, row.ref)

    async def _render(
        self, row: Delivery, lang: str
    ) -> tuple[str | None, InlineKeyboardMarkup | None]:
        with self._i18n.context(), self._i18n.use_locale(lang):
            if row.kind == "lesson":
                lesson = self._library.get(row.ref)
                if lesson is None:
                    return None, None
                return lesson_html(lesson, lang), lesson_keyboard(lesson, in_menu=False)
            texts = await self._repos.outbox.alert_texts(int(row.ref))
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
        while not self._stopping.is_set():
            try:
                await self.tick()
            except Exception:
                log.exception("tip scheduler tick failed")
            delay = every - self._clock() % every
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), delay)

    def stop(self) -> None:
        self._stopping.set()
