"""The foundation end to end: the real Dispatcher against the emulator."""

from __future__ import annotations

import sqlite3

import pytest

from bot.checker import Checker
from bot.emulator import BotApiEmulator, SimUser
from bot.settings import Settings
from checks.verdict import Verdict
from tests.conftest import RunningBot

WELCOME_RU = "Здравствуйте! Я помогаю распознать мошенников."
WELCOME_KK = "Сәлеметсіз бе! Мен алаяқтарды анықтауға көмектесемін."
WELCOME_EN = "Hello! I help you spot fraudsters."


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [
        ("ru", WELCOME_RU),
        ("kk", WELCOME_KK),
        ("en", WELCOME_EN),
        ("de", WELCOME_EN),
        ("ru-RU", WELCOME_RU),
        (None, WELCOME_RU),
    ],
    ids=["ru", "kk", "en", "other-is-en", "ru-region", "none-is-default"],
)
async def test_start_answers_in_the_telegram_language(
    emulator: BotApiEmulator, running_bot: RunningBot, language_code: str | None, expected: str
) -> None:
    person = emulator.user(user_id=2001, language_code=language_code)
    person.send("/start")
    reply = await person.reply()
    assert reply.method == "sendMessage"
    assert reply.text is not None
    assert reply.text.startswith(expected)
    assert reply.text.endswith("/help")


async def test_first_contact_stores_the_user(user: SimUser, settings: Settings) -> None:
    user.send("/start")
    await user.reply()
    with sqlite3.connect(settings.db_path) as db:
        rows = db.execute("SELECT id, language FROM users").fetchall()
        mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    assert rows == [(1001, "ru")]
    assert mode == "wal"


async def test_help_lists_every_command(user: SimUser) -> None:
    user.send("/help")
    reply = await user.reply()
    assert reply.text is not None
    for command in (
        "/start",
        "/help",
        "/report",
        "/lessons",
        "/tip",
        "/quiz",
        "/progress",
        "/subscribe",
        "/unsubscribe",
        "/privacy",
        "/forget",
        "/language",
    ):
        assert f"{command} — " in reply.text


async def test_language_switch_persists_across_restart(
    user: SimUser, running_bot: RunningBot
) -> None:
    user.send("/language")
    menu = await user.reply()
    assert menu.text == "Выберите язык:"
    assert menu.button_texts == ["Русский", "Қазақша", "English"]

    user.tap(menu, "Қазақша")
    edited = await user.reply()
    assert edited.method == "editMessageText"
    assert edited.message_id == menu.message_id
    assert edited.text == "Тіл: Қазақша. Хабарлама жіберіңіз, мен оны тексеремін."
    assert (await user.reply()).method == "answerCallbackQuery"

    await running_bot.restart()
    user.send("/start")
    assert (await user.reply()).text.startswith(WELCOME_KK)  # type: ignore[union-attr]


async def test_commands_are_registered_per_language(
    emulator: BotApiEmulator, user: SimUser
) -> None:
    user.send("/start")
    await user.reply()  # startup ran before the first update was handled
    assert emulator.commands[("default", "kk")][-1] == {
        "command": "language",
        "description": "Тілді ауыстыру",
    }
    assert emulator.commands[("default", "ru")][2] == {
        "command": "sos",
        "description": "Уже перевёл(а) деньги или назвал(а) код: что делать",
    }
    assert emulator.commands[("default", "kk")][3] == {
        "command": "contacts",
        "description": "Банктердің, полицияның және eGov-тың ресми нөмірлері",
    }
    assert emulator.commands[("default", "en")][1]["description"] == "All commands"
    assert emulator.commands[("default", "")] == emulator.commands[("default", "ru")]


async def test_unknown_command_points_to_help(user: SimUser) -> None:
    user.send("/frobnicate now")
    reply = await user.reply()
    assert reply.text == "Я не знаю такой команды. Отправьте /help, чтобы увидеть, что я умею."


async def test_forged_button_gets_a_polite_answer(user: SimUser) -> None:
    user.send("/language")
    menu = await user.reply()
    user.tap_data(menu.message_id or 0, "lang:xx")
    answer = await user.reply()
    assert answer.method == "answerCallbackQuery"
    assert answer.text == "Эта кнопка больше не работает. Отправьте /start, чтобы начать заново."


@pytest.mark.parametrize(
    "text",
    ["😀" * 4096, "a" * 4096, "\ud800 broken \udfff surrogates", "\u200b\u200f\u202e", " "],
    ids=["emoji-flood", "max-length", "lone-surrogates", "invisible-only", "blank"],
)
async def test_odd_text_gets_a_verdict_not_a_crash(user: SimUser, text: str) -> None:
    user.send(text)
    reply = await user.reply()
    assert reply.method == "sendMessage"
    assert reply.text is not None
    assert reply.text.splitlines()[0] in {"⚪ Не уверен", "🟢 Похоже на безопасное"}


async def test_message_without_text_gets_a_hint(user: SimUser) -> None:
    user.send(
        sticker={
            "file_id": "s1",
            "file_unique_id": "u1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
    )
    reply = await user.reply()
    assert reply.text == (
        "Я проверяю текст, ссылки, номера телефонов и карт, а также QR-коды на картинках. "
        "Пришлите текст сообщения или перешлите его сюда."
    )


class ExplodingChecker(Checker):
    """The real checker with a bug in it."""

    async def check(self, text: str, **_: object) -> Verdict:
        raise RuntimeError("engine bug")


async def test_errors_are_logged_and_answered(
    emulator: BotApiEmulator, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    bot = RunningBot(settings, checker=ExplodingChecker())
    await bot.start()
    try:
        person = emulator.user(user_id=3003, language_code="kk")
        person.send("secret message text 4400 4301 2345 6781")
        reply = await person.reply()
    finally:
        await bot.stop()
    assert (
        reply.text
        == "Кешіріңіз, менде техникалық қате шықты. Бір минуттан кейін қайталап көріңіз."
    )
    assert "RuntimeError" in caplog.text
    assert "secret message text" not in caplog.text
    assert "4400 4301" not in caplog.text
