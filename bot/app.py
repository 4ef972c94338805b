"""Assembly: Bot + Dispatcher + routers + middlewares, and the polling lifecycle."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.utils.callback_answer import CallbackAnswerMiddleware
from aiogram.utils.i18n import I18n

from bot.broadcast import Broadcaster, TipScheduler
from bot.checker import Checker
from bot.commands import set_commands
from bot.fairness import FairGate
from bot.feeds.schedule import FeedRefresher
from bot.i18n import build_i18n
from bot.logs import quiet_private_loggers
from bot.middlewares import ChatOrder, FairTurns, Throttle, UserLocale, UserRow
from bot.settings import Settings
from bot.shortlinks import ShortLinkExpander
from bot.telegram_session import telegram_session
from content.library import load_library
from db.repos import Repos
from handlers import get_routers
from handlers.groups import GroupGuard
from handlers.picture_reader import PictureReader

log = logging.getLogger(__name__)


def build_bot(settings: Settings) -> Bot:
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is not set")
    session = telegram_session(settings.telegram_api_url)
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def build_dispatcher(
    settings: Settings,
    repos: Repos,
    checker: Checker,
    i18n: I18n,
    *,
    poke_broadcast: Callable[[], None] = lambda: None,
    clock: Callable[[], float] = time.time,
) -> Dispatcher:
    dp = Dispatcher(
        settings=settings,
        repos=repos,
        checker=checker,
        pictures=PictureReader(),
        group_guard=GroupGuard(),
        poke_broadcast=poke_broadcast,
        clock=clock,
    )
    dp.update.outer_middleware(FairTurns(FairGate(slots=1), i18n, settings.default_lang))
    dp.update.outer_middleware(UserRow(settings.default_lang))
    dp.update.outer_middleware(ChatOrder())
    UserLocale(i18n).setup(dp)
    throttle = Throttle(settings.throttle_messages, settings.throttle_seconds)
    dp.message.middleware(throttle)
    dp.edited_message.middleware(throttle)
    dp.callback_query.middleware(CallbackAnswerMiddleware())  # answers after the handler
    dp.include_routers(*get_routers())

    async def on_startup(bot: Bot) -> None:
        await bot.delete_webhook(drop_pending_updates=False)
        await set_commands(bot, i18n, settings.default_lang)
        log.info("bot started")

    dp.startup.register(on_startup)
    return dp


@dataclass(slots=True)
class BotRuntime:
    """Owns every long-lived resource of one bot process.

    `run()` polls until `stop()` (or SIGINT/SIGTERM) and then releases everything; `stop()`
    may come at any moment, even before polling has started, and is safe to call twice.
    """

    settings: Settings
    repos: Repos
    bot: Bot
    dp: Dispatcher
    feeds: FeedRefresher
    broadcaster: Broadcaster
    tips: TipScheduler
    expander: ShortLinkExpander | None = None
    _background: list[asyncio.Task[None]] = field(default_factory=list)
    _stop_requested: asyncio.Event = field(default_factory=asyncio.Event)
    _running: asyncio.Task[None] | None = None
    _released: bool = False

    @classmethod
    async def create(
        cls,
        settings: Settings,
        *,
        checker: Checker | None = None,
        expander: ShortLinkExpander | None = None,
        clock: Callable[[], float] = time.time,
    ) -> BotRuntime:
        quiet_private_loggers()
        repos = await Repos.open(settings.db_path, settings.secret_hash_key)
        try:
            i18n = build_i18n(settings.default_lang)
            bot = build_bot(settings)
            if checker is None:
                checker = Checker.from_repos(repos)
                if expander is None and settings.expand_short_links:
                    expander = ShortLinkExpander(checker.is_shortener)
                checker.expander = expander
            library = load_library()
            broadcaster = Broadcaster(
                bot,
                repos,
                library,
                i18n,
                rate=settings.broadcast_rate,
                default_lang=settings.default_lang,
            )
            tips = TipScheduler(repos, library, settings.tz, broadcaster.poke, clock=clock)
            dp = build_dispatcher(
                settings, repos, checker, i18n, poke_broadcast=broadcaster.poke, clock=clock
            )
        except BaseException:
            await repos.close()
            raise
        feeds = FeedRefresher(settings, repos.hasher)
        return cls(settings, repos, bot, dp, feeds, broadcaster, tips, expander)

    async def run(self, *, handle_signals: bool = True, polling_timeout: int = 25) -> None:
        """Poll until stopped (SIGINT/SIGTERM or `stop()`), then release everything."""
        self._running = asyncio.current_task()
        try:
            if self._stop_requested.is_set():
                return
            self.feeds.start()
            self._background = [
                asyncio.create_task(self.broadcaster.run(), name="broadcaster"),
                asyncio.create_task(self.tips.run(), name="tips"),
            ]
            polling = asyncio.create_task(
                self.dp.start_polling(
                    self.bot,
                    handle_signals=handle_signals,
                    polling_timeout=polling_timeout,
                    close_bot_session=False,  # deliveries in flight still need it
                ),
                name="polling",
            )
            stopper = asyncio.create_task(self._stop_requested.wait())
            await asyncio.wait({polling, stopper}, return_when=asyncio.FIRST_COMPLETED)
            stopper.cancel()
            if not polling.done():
                await self._stop_polling(polling)
            if not polling.cancelled():
                await polling  # its own errors (a revoked token...) propagate from here
        finally:
            await self._release()

    async def _stop_polling(self, polling: asyncio.Task[None]) -> None:
        try:
            await self.dp.stop_polling()
        except RuntimeError:  # the polling task has not begun yet: nothing to wind down
            polling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await polling

    async def _release(self) -> None:
        """Stop background work first, then close what it uses (once)."""
        if self._released:
            return
        self._released = True
        self.feeds.shutdown()
        self.tips.stop()
        await self.broadcaster.stop()
        for task in self._background:
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        await self.bot.session.close()
        if self.expander is not None:
            await self.expander.close()
        await self.repos.close()

    async def stop(self) -> None:
        """Ask `run()` to finish and wait for it; without a `run()`, just release."""
        self._stop_requested.set()
        if self._running is not None:
            await asyncio.wait({self._running})
        else:
            await self._release()
