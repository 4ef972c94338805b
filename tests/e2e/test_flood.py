"""Floods of long messages: others are not held up, the flooders are told, order is kept."""

from __future__ import annotations

import asyncio

import pytest

from bot import middlewares
from bot.emulator import BotApiEmulator, SimUser

LONG = "Служба безопасности банка: переведите деньги на безопасный счёт. " * 70  # 4,480


async def test_long_messages_wait_their_turn_and_are_told_so(
    emulator: BotApiEmulator, user: SimUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(middlewares, "BUSY_NOTE_SECONDS", 0.0)  # any wait at all is "long"
    first = emulator.user(user_id=4301, language_code="ru")
    second = emulator.user(user_id=4302, language_code="kk")
    first.send(LONG)
    second.send(LONG)
    user.send("Привет, как дела?")
    note = await second.reply()
    assert (note.text or "").startswith("⏳ Қазір көп ұзын хабарламаны тексеріп жатырмын.")
    assert ((await second.reply()).text or "").startswith("🔴")
    assert ((await first.reply()).text or "").startswith("🔴")
    assert ((await user.reply()).text or "")[:1] in "⚪🟢"  # no note: a short one never waits


async def test_a_persons_short_message_keeps_its_place_behind_their_long_ones(
    emulator: BotApiEmulator, user: SimUser
) -> None:
    other = emulator.user(user_id=4311, language_code="ru")
    other.send(LONG)  # holds the only slot for a while
    user.send(LONG)
    user.send("kaspi-bonus.top")
    first = await user.reply()
    second = await user.reply()
    assert (
        first.params["reply_parameters"]["message_id"]
        < (second.params["reply_parameters"]["message_id"])
    )
    await asyncio.wait_for(other.reply(), 10)
