"""Reliability: background work survives a locked database, and the process winds down
cleanly whatever the timing of a stop."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Iterator

import pytest

from bot.emulator import BotApiEmulator, SimUser
from bot.settings import Settings
from tests.conftest import ADMIN_ID, RunningBot, rows, tap

ALERT = "⚠️ Предупреждение о мошенниках\n\nВнимание!"


class LogWatch(logging.Handler):
    """Wakes a waiting test when a log line containing `needle` is emitted."""

    def __init__(self, needle: str) -> None:
        super().__init__(logging.DEBUG)
        self.needle = needle
        self.seen = asyncio.Event()
        self.lines: list[str] = []

    def expect(self, needle: str) -> None:
        self.needle = needle
        self.seen.clear()

    def emit(self, record: logging.LogRecord) -> None:
        line = record.getMessage()
        self.lines.append(line)
        if self.needle and self.needle in line:
            self.seen.set()


@pytest.fixture
def watch() -> Iterator[LogWatch]:
    handler = LogWatch("")
    logger = logging.getLogger("bot")
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(old_level)


async def subscribe(person: SimUser) -> None:
    person.send("/subscribe")
    hours = await tap(person, await person.reply(), 0)
    await tap(person, hours, "20:00")


def write_lock(settings: Settings) -> sqlite3.Connection:
    """Another process's writer (a feed import, a backup) holding the database."""
    blocker = sqlite3.connect(settings.db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    return blocker


async def test_broadcaster_survives_a_locked_database_and_delivers_after(
    emulator: BotApiEmulator, running_bot: RunningBot, settings: Settings, watch: LogWatch
) -> None:
    person = emulator.user(user_id=7100, language_code="ru")
    await subscribe(person)
    runtime = running_bot.runtime
    await runtime.repos.conn.execute("PRAGMA busy_timeout = 50")  # fail fast, as under load
    await runtime.repos.outbox.create_alert(ADMIN_ID, {"*": "Внимание!"})
    watch.expect("outbox: pass failed")
    listener = emulator.listen()
    blocker = write_lock(settings)
    try:
        runtime.broadcaster.poke()
        await asyncio.wait_for(watch.seen.wait(), 10)  # the claim hit the lock
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    action = await asyncio.wait_for(listener.get(), 10)
    assert (action.method, action.chat_id, action.text) == ("sendMessage", 7100, ALERT)
    await running_bot.stop()
    assert rows(settings, "SELECT status FROM outbox") == [("sent",)]
    assert any("database is locked" in line for line in watch.lines), watch.lines


async def test_a_lock_while_recording_a_delivery_is_waited_out(
    emulator: BotApiEmulator, running_bot: RunningBot, settings: Settings, watch: LogWatch
) -> None:
    person = emulator.user(user_id=7101, language_code="ru")
    await subscribe(person)
    runtime = running_bot.runtime
    await runtime.repos.conn.execute("PRAGMA busy_timeout = 50")
    held = emulator.hold("sendMessage")
    await runtime.repos.outbox.create_alert(ADMIN_ID, {"*": "Внимание!"})
    runtime.broadcaster.poke()
    await asyncio.wait_for(held.arrived.wait(), 10)
    watch.expect("outbox: recording delivery")
    blocker = write_lock(settings)  # taken while the request is in flight
    held.release()
    try:
        await asyncio.wait_for(watch.seen.wait(), 10)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    await running_bot.stop()
    assert rows(settings, "SELECT status FROM outbox") == [("sent",)]
    sends = [p for m, p in emulator.calls if m == "sendMessage" and "Внимание!" in p["text"]]
    assert len(sends) == 1


async def test_tip_scheduler_survives_an_error_and_keeps_ticking(
    running_bot: RunningBot, settings: Settings, watch: LogWatch
) -> None:
    tips = running_bot.runtime.tips
    await running_bot.runtime.repos.conn.execute("PRAGMA busy_timeout = 50")
    watch.expect("tip scheduler: tick failed")
    blocker = write_lock(settings)
    try:
        await running_bot.runtime.repos.subscriptions.set(1, "daily", 9, None, 0)
    except sqlite3.OperationalError:
        pass  # the lock holds: the subscription cannot even be written
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    await running_bot.runtime.repos.subscriptions.set(1, "daily", 9, None, 0)
    blocker = write_lock(settings)
    try:
        task = asyncio.create_task(tips.run(every=0.05))
        await asyncio.wait_for(watch.seen.wait(), 10)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    queued = await asyncio.wait_for(_until_queued(settings), 10)
    tips.stop()
    await asyncio.wait_for(task, 5)
    assert queued == 1


async def _until_queued(settings: Settings) -> int:
    while True:
        count = rows(settings, "SELECT COUNT(*) FROM outbox WHERE kind = 'lesson'")[0][0]
        if count:
            return int(count)
        await asyncio.sleep(0)


async def test_stop_before_polling_starts_releases_everything(
    settings: Settings, watch: LogWatch
) -> None:
    from bot.app import BotRuntime

    runtime = await BotRuntime.create(settings)
    task = asyncio.create_task(runtime.run(handle_signals=False))
    await runtime.stop()  # before the task has even begun
    await asyncio.wait_for(task, 10)
    await runtime.stop()  # twice is fine
    assert not [line for line in watch.lines if "failed" in line]
