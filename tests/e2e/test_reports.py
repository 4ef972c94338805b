"""Community reports and moderation through the fake Bot API, with the exact replies."""

from __future__ import annotations

import sqlite3

from bot.emulator import BotApiEmulator, SimUser
from bot.emulator.server import BotAction
from tests.conftest import ADMIN_ID, RunningBot

SHOP = "Интересный магазин: cheap-phones-almaty.kz"
THANKS_TAIL = (
    "Пока идёт проверка: не платите и никому не сообщайте коды. Если сомневаетесь, "
    "позвоните в банк по номеру на обороте карты."
)


def db(bot: RunningBot) -> sqlite3.Connection:
    return sqlite3.connect(bot.settings.db_path)


async def restart_with(bot: RunningBot, changes: dict[str, object]) -> None:
    await bot.stop()
    bot.settings = bot.settings.model_copy(update=changes)
    await bot.start()


async def check(person: SimUser, text: str) -> BotAction:
    person.send(text)
    return await person.reply()


async def report_via_button(person: SimUser, verdict: BotAction) -> BotAction:
    """Tap "Report scam" under a verdict and confirm; returns the edited thank-you."""
    person.tap(verdict, "🚩 Это мошенники")
    confirm = await person.reply()
    assert (await person.reply()).method == "answerCallbackQuery"
    person.tap(confirm, "✅ Отправить")
    thanks = await person.reply()
    assert (await person.reply()).method == "answerCallbackQuery"
    return thanks


async def test_report_then_admin_blocks_then_the_link_is_dangerous(
    emulator: BotApiEmulator, running_bot: RunningBot, user: SimUser
) -> None:
    first = await check(user, SHOP)
    assert first.text is not None and first.text.startswith("⚪ Не уверен")
    assert first.button_texts == ["❓ Почему?", "🚩 Это мошенники"]  # no "false alarm" yet
    assert first.params["reply_parameters"]["message_id"] > 0

    user.tap(first, "🚩 Это мошенники")
    confirm = await user.reply()
    assert confirm.text == (
        "Я отправлю модераторам:\n• cheap-phones-almaty[.]kz\n\nОтправить жалобу?"
    )
    assert confirm.button_texts == ["✅ Отправить", "✖️ Отмена"]
    assert (await user.reply()).method == "answerCallbackQuery"
    user.tap(confirm, "✅ Отправить")
    thanks = await user.reply()
    assert thanks.method == "editMessageText"
    assert thanks.text == (
        "Спасибо! Отправлено модераторам:\n"
        "• cheap-phones-almaty[.]kz — пожаловался 1 человек\n\n" + THANKS_TAIL
    )
    assert (await user.reply()).method == "answerCallbackQuery"

    admin = emulator.user(user_id=ADMIN_ID, first_name="Админ", language_code="ru")
    admin.send("/pending")
    screen = await admin.reply()
    assert screen.text is not None
    lines = screen.text.splitlines()
    assert lines[0] == "Модерация: в очереди 1"
    assert lines[2] == "#1 · Жалоба на мошенников"
    assert lines[3] == "Сайт: cheap-phones-almaty[.]kz"
    assert lines[4].startswith("От 1 человека, впервые ")
    assert screen.button_texts == [
        "✅ Заблокировать",
        "❌ Отклонить",
        "🛡 В белый список",
        "⏭ Дальше",
    ]
    admin.tap(screen, "✅ Заблокировать")
    edited = await admin.reply()
    assert edited.text == "Жалоб в очереди нет. 🎉"
    answer = await admin.reply()
    assert answer.text == "Заблокировано: cheap-phones-almaty[.]kz"

    again = await check(user, SHOP)
    assert again.text is not None
    assert again.text.startswith("🔴 Опасно")
    assert (
        "• hxxp://cheap-phones-almaty[.]kz: модератор подтвердил жалобы пользователей бота"
        " — 1 чел., последняя 1 минуту назад." in again.text
    )
    assert again.button_texts[0] == "❓ Почему?"
    assert again.button_texts[-3:] == [
        "🚩 Это мошенники",
        "👌 Ложная тревога",
        "😟 Я уже это сделал(а)",
    ]
    with db(running_bot) as conn:
        assert conn.execute("SELECT kind, value, source FROM blocklist").fetchall() == [
            ("domain", "cheap-phones-almaty.kz", "community")
        ]
        assert conn.execute("SELECT admin_id, action, target FROM audit_log").fetchall() == [
            (ADMIN_ID, "approved", "domain cheap-phones-almaty[.]kz")
        ]


async def test_false_alarm_then_allowlist_then_not_flagged(
    emulator: BotApiEmulator, running_bot: RunningBot, user: SimUser
) -> None:
    text = "Скидки для клиентов Kaspi: kaspi-magazin.kz"
    verdict = await check(user, text)
    assert verdict.text is not None and verdict.text.startswith("🔴 Опасно")
    user.tap(verdict, "👌 Ложная тревога")
    reply = await user.reply()
    assert reply.text == (
        "Спасибо. Модератор посмотрит, и если я ошибся, я перестану предупреждать об этом. "
        "А пока проверьте в официальном приложении банка или позвоните по номеру на обороте "
        "карты."
    )
    assert (await user.reply()).method == "answerCallbackQuery"

    admin = emulator.user(user_id=ADMIN_ID, language_code="ru")
    admin.send("/pending")
    screen = await admin.reply()
    assert screen.text is not None
    assert "#1 · Жалоба на ложную тревогу" in screen.text
    assert "Сайт: kaspi-magazin[.]kz" in screen.text
    assert "Вердикт, с которым не согласны: dangerous/phishing" in screen.text
    assert text not in screen.text  # the person's words are not kept
    assert screen.button_texts == ["🛡 В белый список", "❌ Оставить вердикт", "⏭ Дальше"]
    admin.tap(screen, "🛡 В белый список")
    await admin.reply()
    assert (await admin.reply()).text == "В белом списке: kaspi-magazin[.]kz"

    after = await check(user, text)
    assert after.text is not None
    assert not after.text.startswith(("🟠", "🔴"))
    assert "hxxp://kaspi-magazin[.]kz проверен модератором: это не мошенники." in after.text
    with db(running_bot) as conn:
        assert conn.execute("SELECT type, status FROM reports").fetchall() == [
            ("false_alarm", "allowlisted")
        ]


async def test_non_admin_cannot_reach_moderation(
    emulator: BotApiEmulator, running_bot: RunningBot, user: SimUser
) -> None:
    await report_via_button(user, await check(user, SHOP))
    user.send("/pending")  # silently ignored: the next answer is to /help
    user.send("/help")
    assert ((await user.reply()).text or "").startswith("Что я умею:")
    verdict = await check(user, SHOP)
    user.tap_data(verdict.message_id or 0, "mod:ok:1")  # forged: approve report #1
    answer = await user.reply()
    assert answer.method == "answerCallbackQuery"
    assert answer.text == "Эта кнопка больше не работает. Отправьте /start, чтобы начать заново."
    with db(running_bot) as conn:
        assert conn.execute("SELECT status FROM reports").fetchall() == [("pending",)]
        assert conn.execute("SELECT count(*) FROM blocklist").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone() == (0,)


async def test_reports_merge_and_count_people(
    emulator: BotApiEmulator, running_bot: RunningBot, user: SimUser
) -> None:
    await report_via_button(user, await check(user, SHOP))
    again = await report_via_button(user, await check(user, SHOP))  # same person twice
    assert "пожаловался 1 человек" in (again.text or "")
    # Someone else checks it: one pending report is shown as a count, and raises nothing.
    bystander = emulator.user(user_id=1003, language_code="kk")
    seen = await check(bystander, SHOP)
    assert (seen.text or "").startswith("⚪ Сенімді емеспін")
    assert (
        "• Бот пайдаланушылары бұған шағымданған: 1 адам, соңғы шағым 1 минут бұрын. "
        "Модератор әлі тексерген жоқ." in (seen.text or "")
    )
    other = emulator.user(user_id=1002, language_code="kk")
    thanks = await report_via_button_kk(other, await check(other, SHOP))
    assert "• cheap-phones-almaty[.]kz — 2 адам шағымданды" in (thanks.text or "")
    verdict = await check(user, SHOP)
    assert (verdict.text or "").startswith("🟠 Подозрительно")  # pending: never "dangerous"
    assert (
        "• На это жаловались пользователи бота: 2 чел., последняя жалоба 1 минуту назад. "
        "Модератор ещё не проверял." in (verdict.text or "")
    )
    with db(running_bot) as conn:
        assert conn.execute("SELECT count(*) FROM reports").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM report_votes").fetchone() == (2,)


async def report_via_button_kk(person: SimUser, verdict: BotAction) -> BotAction:
    person.tap(verdict, "🚩 Алаяқтық деп хабарлау")
    confirm = await person.reply()
    assert confirm.text is not None and confirm.text.startswith("Модераторларға мынаны жіберемін:")
    await person.reply()
    person.tap(confirm, "✅ Жіберу")
    thanks = await person.reply()
    await person.reply()
    return thanks


async def test_report_command_with_a_phone_stores_only_a_hash(
    running_bot: RunningBot, user: SimUser
) -> None:
    confirm = await check(user, "/report +7 701 555 12 34")
    assert confirm.text == "Я отправлю модераторам:\n• +7 701 •••-••-34\n\nОтправить жалобу?"
    user.tap(confirm, "✅ Отправить")
    thanks = await user.reply()
    assert "• +7 701 •••-••-34 — пожаловался 1 человек" in (thanks.text or "")
    with db(running_bot) as conn:
        ((kind, value, display),) = conn.execute("SELECT kind, value, display FROM reports")
        (reporter,) = conn.execute("SELECT reporter FROM report_votes").fetchone()
    assert (kind, display) == ("phone", "+7 701 •••-••-34")
    assert "7015551234" not in value and len(value) == 32
    assert str(user.id) not in reporter


async def test_report_command_then_forward_from_a_channel(user: SimUser) -> None:
    prompt = await check(user, "/report")
    assert prompt.text == (
        "Пришлите или перешлите то, на что хотите пожаловаться: сообщение, ссылку, номер "
        "телефона или карты, @username. /cancel — отменить."
    )
    user.forward(
        "Бонус 50 000 ₸ клиентам! Заберите: https://kaspi-gift.top/get",
        {
            "type": "channel",
            "chat": {
                "id": -100777,
                "type": "channel",
                "title": "Kaspi Бонус",
                "username": "kaspi_bonus_kz",
            },
            "message_id": 5,
        },
    )
    confirm = await user.reply()
    assert confirm.text == (
        "Я отправлю модераторам:\n• kaspi-gift[.]top\n• @kaspi_bonus_kz\n\nОтправить жалобу?"
    )


async def test_official_addresses_are_never_reported(user: SimUser) -> None:
    reply = await check(user, "/report https://kaspi.kz/pay")
    assert reply.text == (
        "Здесь не на что жаловаться.\n\nНе отправляю — это официальные: hxxps://kaspi[.]kz/pay"
    )
    assert reply.buttons == []


async def test_cancel_and_deleted_message(user: SimUser) -> None:
    confirm = await check(user, "/report evil-shop.top")
    user.tap(confirm, "✖️ Отмена")
    assert (await user.reply()).text == "Жалоба отменена."
    await user.reply()
    message = user.send("/report evil-shop.top")
    confirm = await user.reply()
    user.delete(message)
    user.tap(confirm, "✅ Отправить")
    answer = await user.reply()
    assert answer.method == "answerCallbackQuery"
    assert answer.text == (
        "Я больше не вижу того сообщения. Пришлите его ещё раз или воспользуйтесь /report."
    )
    assert answer.params.get("show_alert") in (True, "true")


async def test_daily_limit(running_bot: RunningBot, user: SimUser) -> None:
    await restart_with(running_bot, {"report_daily_limit": 2})
    confirm = await check(user, "/report evil-1.top evil-2.top")
    user.tap(confirm, "✅ Отправить")
    assert "пожаловался 1 человек" in ((await user.reply()).text or "")
    await user.reply()
    confirm = await check(user, "/report evil-3.top")
    user.tap(confirm, "✅ Отправить")
    assert (await user.reply()).text == (
        "Спасибо, сегодня вы уже отправили много жалоб. Пожалуйста, продолжите завтра: такой "
        "лимит защищает базу от ложных жалоб."
    )
    with db(running_bot) as conn:
        assert conn.execute("SELECT count(*) FROM reports").fetchone() == (2,)


async def test_trusted_reporters_can_auto_approve(
    emulator: BotApiEmulator, running_bot: RunningBot, user: SimUser
) -> None:
    await restart_with(running_bot, {"report_auto_approve": 1, "report_trusted_after": 1})
    confirm = await check(user, "/report first-scam.top")  # nobody is trusted yet
    user.tap(confirm, "✅ Отправить")
    await user.reply()
    await user.reply()
    admin = emulator.user(user_id=ADMIN_ID, language_code="ru")
    admin.send("/pending")
    admin.tap(await admin.reply(), "✅ Заблокировать")
    await admin.reply()
    await admin.reply()
    confirm = await check(user, "/report second-scam.top")  # now this person is trusted
    user.tap(confirm, "✅ Отправить")
    await user.reply()
    await user.reply()
    verdict = await check(user, "Зайдите на second-scam.top")
    assert (verdict.text or "").startswith("🔴 Опасно")
    with db(running_bot) as conn:
        assert conn.execute("SELECT admin_id, action FROM audit_log ORDER BY id").fetchall() == [
            (ADMIN_ID, "approved"),
            (0, "auto_approve"),
        ]
