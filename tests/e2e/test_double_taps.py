"""Every button tapped twice: the second tap is quiet, never an apology; forged ids too."""

from __future__ import annotations

import pytest

from bot.emulator import BotApiEmulator, SimUser
from bot.emulator.server import BotAction
from tests.conftest import ADMIN_ID, RunningBot, tap

APOLOGY = "Извините, у меня что-то пошло не так"


async def tap_twice(person: SimUser, message: BotAction, button: str | int) -> BotAction:
    """Tap, take the answer; tap the same button again: only the callback is answered."""
    first = await tap(person, message, button)
    person.tap(message, button)
    again = await person.reply()
    if again.method != "answerCallbackQuery":  # a button that sends a new message each time
        again = await person.reply()
    assert again.method == "answerCallbackQuery"
    assert not (again.text or "").startswith(APOLOGY)
    return first


async def no_apology(emulator: BotApiEmulator, person: SimUser) -> None:
    person.send("/help")  # flushes anything the taps still had to say
    assert ((await person.reply()).text or "").startswith("Что я умею:")
    said = [a.text or "" for a in emulator.actions if a.chat_id == person.id]
    assert not [t for t in said if t.startswith(APOLOGY)]


async def test_language_subscribe_lessons_and_quiz_twice(
    emulator: BotApiEmulator, user: SimUser
) -> None:
    user.send("/language")
    await tap_twice(user, await user.reply(), "Русский")
    user.send("/subscribe")
    hours = await tap_twice(user, await user.reply(), "Каждый день")
    await tap_twice(user, hours, "09:00")
    user.send("/lessons")
    menu = await user.reply()
    await tap_twice(user, menu, 0)
    user.send("/quiz")
    await tap_twice(user, await user.reply(), 0)
    await no_apology(emulator, user)


async def test_why_report_and_forget_twice(emulator: BotApiEmulator, user: SimUser) -> None:
    user.send("Ваша карта заблокирована, подтвердите данные: kaspi-bonus.top")
    verdict = await user.reply()
    await tap_twice(user, verdict, "❓ Почему?")
    confirm = await tap(user, verdict, "🚩 Это мошенники")
    await tap_twice(user, confirm, "✅ Отправить")
    user.send("/forget")
    await tap_twice(user, await user.reply(), "🗑 Удалить всё")
    await no_apology(emulator, user)


async def test_admin_block_twice(
    emulator: BotApiEmulator, running_bot: RunningBot, user: SimUser
) -> None:
    user.send("/report cheap-phones-almaty.kz")
    await tap(user, await user.reply(), "✅ Отправить")
    admin = emulator.user(user_id=ADMIN_ID, language_code="ru")
    admin.send("/pending")
    await tap_twice(admin, await admin.reply(), "✅ Заблокировать")
    await no_apology(emulator, admin)


@pytest.mark.parametrize(
    "data",
    [
        "mod:ok:99999999999999999999999",
        "l:an:phishing:99999999999999999999999",
        "s:h:daily:-1:99999999999999999999999",
        "rp:send",
        "v:fa",
    ],
)
async def test_forged_buttons_get_the_stale_note(
    emulator: BotApiEmulator, running_bot: RunningBot, data: str
) -> None:
    admin = emulator.user(user_id=ADMIN_ID, language_code="ru")
    admin.send("Привет")  # a message to hang the forged button on
    verdict = await admin.reply()
    admin.tap_data(verdict.message_id or 0, data)
    answer = await admin.reply()
    while answer.method != "answerCallbackQuery":
        assert not (answer.text or "").startswith(APOLOGY)
        assert not (answer.text or "").startswith("Спасибо")
        answer = await admin.reply()
    await no_apology(emulator, admin)
