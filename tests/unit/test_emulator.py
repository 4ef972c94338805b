"""The emulator refuses what Telegram refuses, so tests catch production failures."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.emulator import ApiError, BotApiEmulator
from bot.emulator.validate import parse_html


@pytest.fixture
async def api(emulator: BotApiEmulator) -> AsyncIterator[Bot]:
    bot = Bot(
        emulator.token, session=AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url))
    )
    yield bot
    await bot.session.close()


@pytest.mark.parametrize(
    "html",
    [
        "<b>open",
        "<b>x</i>",
        "<script>x</script>",
        "a < b",
        "fish & chips",
        "<span>x</span>",
        '<a href="">x</a>',
    ],
    ids=[
        "unclosed",
        "mismatched",
        "unknown-tag",
        "bare-lt",
        "bare-amp",
        "span-no-class",
        "no-href",
    ],
)
async def test_bad_html_is_refused(api: Bot, html: str) -> None:
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await api.send_message(1, html, parse_mode="HTML")


def test_html_becomes_text_and_utf16_entities() -> None:
    text, entities = parse_html('😀 <b>жир</b> &amp; <a href="https://kaspi.kz">x</a>')
    assert text == "😀 жир & x"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 3},
        {"type": "text_link", "url": "https://kaspi.kz", "offset": 9, "length": 1},
    ]


async def test_length_limits(api: Bot) -> None:
    await api.send_message(1, "я" * 4096)
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await api.send_message(1, "я" * 4097)
    with pytest.raises(TelegramBadRequest, match="text is empty"):
        await api.send_message(1, "<b></b>", parse_mode="HTML")


async def test_markdown_v2_needs_escaping(api: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="reserved"):
        await api.send_message(1, "Price 5.000!", parse_mode="MarkdownV2")
    await api.send_message(1, r"Price 5\.000\!", parse_mode="MarkdownV2")


async def test_keyboard_rules(api: Bot) -> None:
    too_long = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="x", callback_data="y" * 65)]]
    )
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await api.send_message(1, "hi", reply_markup=too_long)
    no_action = {"inline_keyboard": [[{"text": "x"}]]}
    two_actions = {
        "inline_keyboard": [[{"text": "x", "url": "https://a.kz", "callback_data": "z"}]]
    }
    for markup in (no_action, two_actions):
        with pytest.raises(TelegramBadRequest, match="exactly one"):
            await api.send_message(1, "hi", reply_markup=markup)  # type: ignore[arg-type]


async def test_injected_errors(api: Bot, emulator: BotApiEmulator) -> None:
    emulator.inject("sendMessage", ApiError(429, "Too Many Requests: retry after 3", 3))
    with pytest.raises(TelegramRetryAfter) as err:
        await api.send_message(5, "hi")
    assert err.value.retry_after == 3
    await api.send_message(5, "hi")  # only once
    emulator.block_bot(6)
    with pytest.raises(TelegramForbiddenError, match="blocked"):
        await api.send_message(6, "hi")


async def test_wrong_token_is_unauthorized(emulator: BotApiEmulator) -> None:
    bot = Bot(
        "1:wrong", session=AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url))
    )
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await bot.get_me()
    finally:
        await bot.session.close()


async def test_get_updates_confirms_with_offset(api: Bot, emulator: BotApiEmulator) -> None:
    person = emulator.user()
    person.send("one")
    person.send("two")
    first = await api.get_updates(timeout=0)
    assert [u.message.text for u in first if u.message] == ["one", "two"]
    again = await api.get_updates(timeout=0)
    assert len(again) == 2  # not confirmed yet: a restarted bot sees them again
    assert await api.get_updates(offset=first[-1].update_id + 1, timeout=0) == []


async def test_edit_to_same_content_is_refused(api: Bot) -> None:
    sent = await api.send_message(1, "same")
    with pytest.raises(TelegramBadRequest, match="not modified"):
        await api.edit_message_text("same", chat_id=1, message_id=sent.message_id)


async def test_forwards_reach_the_bot_with_their_origin(
    api: Bot, emulator: BotApiEmulator
) -> None:
    person = emulator.user()
    person.forward(
        "Ваша карта заблокирована", {"type": "hidden_user", "sender_user_name": "Kaspi Bank"}
    )
    person.forward(
        "Новости",
        {
            "type": "channel",
            "message_id": 7,
            "chat": {"id": -100123, "type": "channel", "title": "Halyk"},
        },
    )
    updates = await api.get_updates(timeout=0)
    origins = [u.message.forward_origin for u in updates if u.message]
    assert origins[0].type == "hidden_user"
    assert origins[0].sender_user_name == "Kaspi Bank"  # type: ignore[union-attr]
    assert origins[1].chat.title == "Halyk"  # type: ignore[union-attr]
