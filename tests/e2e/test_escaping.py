"""Names and texts from people never break the bot's own sentences or its HTML."""

from __future__ import annotations

from bot.emulator import BotApiEmulator, SimUser
from checks.lookup import parse_value
from tests.conftest import ADMIN_ID, RunningBot, tap

RLO = "\u202e"


async def test_a_reversing_character_in_a_sender_name_is_dropped(user: SimUser) -> None:
    user.forward(
        "Ваша карта заблокирована. Назовите код из SMS для разблокировки.",
        {"type": "hidden_user", "sender_user_name": f"Kaspi{RLO} Служба"},
    )
    verdict = await user.reply()
    assert RLO not in (verdict.text or "")
    assert (verdict.text or "").startswith("🔴")


async def test_lone_surrogates_in_names_and_inline_queries(
    emulator: BotApiEmulator, user: SimUser
) -> None:
    user.forward(
        "Переведите 5000 на карту 4400 4301 2345 6789 срочно",
        {"type": "hidden_user", "sender_user_name": "Kaspi \ud83d Bank"},
    )
    verdict = await user.reply()
    assert verdict.method == "sendMessage"
    assert not (verdict.text or "").startswith("Извините")
    user.inline("kaspi-bonus.top \udc00 срочно")
    answer = await user.reply()
    assert answer.method == "answerInlineQuery"
    assert answer.params["results"][0]["title"].startswith("🔴")


async def test_a_feed_name_with_markup_does_not_break_pending(
    emulator: BotApiEmulator, running_bot: RunningBot, user: SimUser
) -> None:
    key = parse_value("cheap-phones-almaty.kz", "domain")
    assert key is not None
    await running_bot.runtime.repos.blocklist.add(key, source="a<b>&c feed")
    user.send("/report cheap-phones-almaty.kz")
    await tap(user, await user.reply(), "✅ Отправить")
    admin = emulator.user(user_id=ADMIN_ID, language_code="ru")
    admin.send("/pending")
    screen = await admin.reply()
    assert screen.method == "sendMessage"
    assert "a<b>&c feed" in (screen.text or "")  # shown as written, escaped in the HTML
