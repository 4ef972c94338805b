"""Shared fixtures: no network, the Bot API emulator, a running bot on a fresh database."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.emulator import BotApiEmulator, SimUser
from bot.emulator.server import BotAction
from bot.settings import Settings

_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", None, ""}
ADMIN_ID = 9000


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that tries to reach a host other than loopback."""
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name not in _LOCAL_HOSTS:
            raise OSError(f"network access in tests: {name}")
        return real_getaddrinfo(host, *args, **kwargs)

    def guarded_connect(self: socket.socket, address: Any) -> Any:
        if isinstance(address, tuple) and address[0] not in _LOCAL_HOSTS:
            raise OSError(f"network access in tests: {address[0]}")
        return real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    emu = BotApiEmulator()
    await emu.start()
    yield emu
    await emu.stop()


@pytest.fixture
def settings(tmp_path: Path, emulator: BotApiEmulator) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        bot_token=emulator.token,
        telegram_api_url=emulator.base_url,
        db_path=tmp_path / "data" / "bot.sqlite3",
        admin_ids=[ADMIN_ID],
        expand_short_links=False,  # no network in tests; expansion has its own tests
    )


class RunningBot:
    """The real bot process, polling the emulator; can be stopped and started again."""

    def __init__(self, settings: Settings, **runtime_kwargs: Any) -> None:
        self.settings = settings
        self.runtime_kwargs = runtime_kwargs
        self.runtime: Any = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        from bot.app import BotRuntime

        self.runtime = await BotRuntime.create(self.settings, **self.runtime_kwargs)
        self._task = asyncio.create_task(self.runtime.run(handle_signals=False))

    async def stop(self) -> None:
        if self._task is None:
            return
        await self.runtime.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()


@pytest.fixture
async def running_bot(settings: Settings) -> AsyncIterator[RunningBot]:
    bot = RunningBot(settings)
    await bot.start()
    yield bot
    await bot.stop()


@pytest.fixture
def user(emulator: BotApiEmulator, running_bot: RunningBot) -> Iterator[SimUser]:
    """A Russian-speaking person in a private chat with the running bot."""
    yield emulator.user(user_id=1001, first_name="Айгүл", language_code="ru")


async def tap(person: SimUser, message: BotAction, button: str | int) -> BotAction:
    """Tap a button; the bot's message in answer (the callback answer is checked and skipped)."""
    person.tap(message, button)
    result = await person.reply()
    assert (await person.reply()).method == "answerCallbackQuery"
    return result


def rows(settings: Settings, sql: str, *args: object) -> list[tuple[object, ...]]:
    """Rows from the bot's database, read the way an operator would."""
    with sqlite3.connect(settings.db_path) as db:
        return db.execute(sql, args).fetchall()
