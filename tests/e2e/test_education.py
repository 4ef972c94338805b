"""Lessons, quizzes, subscriptions, scheduled tips, alerts and the outbox, end to end."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from bot.emulator import ApiError, BotApiEmulator, SimUser
from bot.settings import Settings
from content.library import load_library
from tests.conftest import ADMIN_ID, RunningBot, rows, tap

LIBRARY = load_library()
RU = [lesson.texts["ru"] for lesson in LIBRARY.lessons]


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, at: datetime) -> None:
        self.now = at.timestamp()

    def __call__(self) -> float:
        return self.now


async def test_lessons_menu_pages_and_a_lesson_opens_in_place(user: SimUser) -> None:
    user.send("/lessons")
    menu = await user.reply()
    assert menu.text == (
        "📚 Уроки: короткие истории о схемах, которые встречаются в Казахстане, с вопросом "
        "в конце. Страница 1 из 4."
    )
    assert menu.button_texts == [t.title for t in RU[:5]] + ["▶"]
    page2 = await tap(user, menu, "▶")
    assert page2.method == "editMessageText"
    assert page2.text is not None and page2.text.endswith("Страница 2 из 4.")
    assert page2.button_texts == [t.title for t in RU[5:10]] + ["◀", "▶"]
    lesson = await tap(user, page2, RU[5].title)
    assert lesson.message_id == menu.message_id
    assert lesson.text is not None
    assert lesson.text.startswith(f"📖 {RU[5].title}\n\n{RU[5].story}\n\nТревожные признаки:\n🚩 ")
    assert f"Что делать:\n1. {RU[5].what_to_do[0]}" in lesson.text
    assert lesson.button_texts == ["🧠 Проверить себя", "Дальше ▶", "📚 Все уроки"]
    following = await tap(user, lesson, "Дальше ▶")
    assert following.text is not None and following.text.startswith(f"📖 {RU[6].title}")
    back = await tap(user, following, "📚 Все уроки")
    assert back.text is not None and back.text.endswith("Страница 2 из 4.")
    assert back.button_texts[:2] == [f"✅ {RU[5].title}", f"✅ {RU[6].title}"]


async def test_quiz_answer_is_explained_and_counted(user: SimUser) -> None:
    user.send("/quiz")
    question = await user.reply()
    quiz = RU[0].quiz
    assert question.text == f"🧠 Проверьте себя\n\n{quiz.question}"
    assert question.button_texts == [o.text for o in quiz.options]
    wrong = next(i for i, o in enumerate(quiz.options) if not o.correct)
    answer = await tap(user, question, wrong)
    right = quiz.options[quiz.answer]
    assert answer.text == (
        f"🧠 {quiz.question}\n\n❌ {quiz.options[wrong].text}\n{quiz.options[wrong].explanation}"
        f"\n\n✅ {right.text}\n{right.explanation}"
    )
    assert answer.button_texts == ["📖 Следующий урок"]
    await tap(user, question, quiz.answer)  # a second answer does not change the score
    user.send("/progress")
    progress = await user.reply()
    assert progress.text == (
        "📊 Ваши успехи\n\nПрочитано уроков: 0 из 20\nВопросы: верно 0 из 1 отвеченных\n\n"
        "Уроки по расписанию: выключены. /subscribe — включить."
    )
    user.send("/quiz")  # the next question is another lesson's
    assert (await user.reply()).text == f"🧠 Проверьте себя\n\n{RU[1].quiz.question}"


async def test_tip_gives_an_unseen_lesson_and_verdict_links_its_lesson(user: SimUser) -> None:
    user.send("Срочно переведите деньги на безопасный счёт, звонит служба безопасности банка")
    verdict = await user.reply()
    assert verdict.button_texts[:2] == ["❓ Почему?", "📚 Урок"]
    lesson = await tap(user, verdict, "📚 Урок")
    assert lesson.method == "sendMessage"
    assert lesson.text is not None and lesson.text.startswith(f"📖 {RU[0].title}\n")
    for _ in range(len(LIBRARY.lessons) - 1):
        user.send("/tip")
        tip = await user.reply()
        assert tip.text is not None and not tip.text.startswith(f"📖 {RU[0].title}\n")
    user.send("/tip")
    assert (
        await user.reply()
    ).text == "Вы прочитали все уроки. Вот один, чтобы освежить в памяти:"


async def test_subscribe_then_unsubscribe(user: SimUser, settings: Settings) -> None:
    user.send("/subscribe")
    ask = await user.reply()
    assert ask.text == "Как часто присылать короткий урок о схеме мошенников?"
    assert ask.button_texts == ["Каждый день", "Раз в неделю"]
    days = await tap(user, ask, "Раз в неделю")
    assert days.text == "В какой день недели?"
    assert days.button_texts[:3] == ["понедельник", "вторник", "среда"]
    hours = await tap(user, days, "среда")
    assert hours.text == "В какое время? (Asia/Almaty)"
    done = await tap(user, hours, "19:00")
    assert done.text == (
        "Вы подписаны!\nУроки: раз в неделю (среда) в 19:00 (Asia/Almaty).\n"
        "/unsubscribe — отписаться."
    )
    [(frequency, hour, weekday, next_at)] = rows(
        settings,
        "SELECT frequency, hour, weekday, next_at FROM subscriptions WHERE user_id = 1001",
    )
    local = datetime.fromtimestamp(int(next_at), settings.tz)  # type: ignore[arg-type]
    assert (frequency, hour, weekday) == ("weekly", 19, 2)
    assert (local.weekday(), local.hour, local.minute) == (2, 19, 0)
    user.send("/unsubscribe")
    assert (await user.reply()).text == (
        "Готово: уроков по расписанию больше не будет. /subscribe — подписаться снова."
    )
    assert rows(settings, "SELECT * FROM subscriptions") == []
    user.send("/unsubscribe")
    assert (await user.reply()).text == (
        "Вы не подписаны. /subscribe — получать уроки по расписанию."
    )


async def test_scheduled_lesson_arrives_at_the_chosen_hour(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    clock = Clock(datetime(2026, 12, 1, 3, 0, tzinfo=UTC))  # 08:00 in Almaty
    bot = RunningBot(settings, clock=clock)
    await bot.start()
    try:
        person = emulator.user(user_id=5005, language_code="kk")
        person.send("/subscribe")
        hours = await tap(person, await person.reply(), "Күн сайын")
        await tap(person, hours, "09:00")
        [(next_at,)] = rows(settings, "SELECT next_at FROM subscriptions WHERE user_id = 5005")
        assert await bot.runtime.tips.tick() == 0  # 08:00 by the frozen clock: not yet
        clock.now = float(next_at)  # type: ignore[arg-type]
        assert await bot.runtime.tips.tick() == 1
        assert await bot.runtime.tips.tick() == 0  # the same slot is never queued twice
        tip = await person.reply()
        kk = LIBRARY.lessons[0].texts["kk"]
        assert tip.text is not None
        assert tip.text.startswith(f"📖 {kk.title}\n\n{kk.story}\n\nКүдікті белгілер:\n🚩 ")
        assert tip.button_texts == ["🧠 Өзіңізді тексеріңіз", "Келесі ▶", "📚 Барлық сабақтар"]
        [(moved,)] = rows(settings, "SELECT next_at FROM subscriptions WHERE user_id = 5005")
        assert int(moved) == int(next_at) + 86_400  # type: ignore[call-overload]
        assert rows(settings, "SELECT lesson_id FROM lesson_views WHERE user_id = 5005") == [
            (LIBRARY.lessons[0].id,)
        ]
        clock.now = float(moved)  # type: ignore[arg-type]
        assert await bot.runtime.tips.tick() == 1
        second = await person.reply()
        assert second.text is not None
        assert second.text.startswith(f"📖 {LIBRARY.lessons[1].texts['kk'].title}\n")
    finally:
        await bot.stop()


async def subscribe(person: SimUser) -> None:
    person.send("/subscribe")
    hours = await tap(person, await person.reply(), 0)
    await tap(person, hours, "20:00")


async def test_alert_preview_confirm_and_delivery_in_each_language(
    emulator: BotApiEmulator, running_bot: RunningBot, settings: Settings
) -> None:
    ru_person = emulator.user(user_id=6001, language_code="ru")
    kk_person = emulator.user(user_id=6002, language_code="kk")
    for person in (ru_person, kk_person):
        await subscribe(person)
    outsider = emulator.user(user_id=6003, language_code="ru")
    outsider.send("/alert")  # silently ignored: the next answer is to /help
    outsider.send("/help")
    assert ((await outsider.reply()).text or "").startswith("Что я умею:")
    admin = emulator.user(user_id=ADMIN_ID, language_code="ru")
    admin.send("/alert")
    assert (await admin.reply()).text == (
        "Пришлите текст предупреждения (до 1000 символов). Для переводов начните каждый язык "
        "с новой строки: ru:, kk: или en:. /cancel — отмена."
    )
    admin.send(
        "ru: Звонят «из Kaspi» по WhatsApp — это мошенники.\n"
        "kk: WhatsApp арқылы «Kaspi-ден» қоңырау шалады — бұл алаяқтар."
    )
    preview = await admin.reply()
    assert preview.text == (
        "Предпросмотр. Получат подписчики: 2.\n\n[ru]\n⚠️ Предупреждение о мошенниках\n\n"
        "Звонят «из Kaspi» по WhatsApp — это мошенники.\n\n[kk]\n⚠️ Предупреждение о мошенниках"
        "\n\nWhatsApp арқылы «Kaspi-ден» қоңырау шалады — бұл алаяқтар."
    )
    assert preview.button_texts == ["📣 Отправить (2)", "✖️ Отмена"]
    assert (await tap(admin, preview, "📣 Отправить (2)")).text == (
        "Поставлено в очередь: подписчики (2) получат его в ближайшие минуты."
    )
    assert (await ru_person.reply()).text == (
        "⚠️ Предупреждение о мошенниках\n\nЗвонят «из Kaspi» по WhatsApp — это мошенники."
    )
    assert (await kk_person.reply()).text == (
        "⚠️ Алаяқтар туралы ескерту\n\nWhatsApp арқылы «Kaspi-ден» қоңырау шалады — бұл алаяқтар."
    )
    assert rows(settings, "SELECT action, target FROM audit_log") == [("alert", "alert #1")]
    stale = await tap(admin, preview, "📣 Отправить (2)")  # a second tap sends nothing more
    assert stale.text == "Этот предпросмотр устарел. Отправьте /alert ещё раз."
    assert rows(settings, "SELECT COUNT(*) FROM outbox") == [(2,)]


async def test_429_is_waited_out_and_a_blocked_person_is_unsubscribed(
    emulator: BotApiEmulator, running_bot: RunningBot, settings: Settings
) -> None:
    people = [emulator.user(user_id=7000 + n, language_code="ru") for n in range(3)]
    for person in people:
        await subscribe(person)
    emulator.block_bot(7002)
    emulator.inject(
        "sendMessage", ApiError(429, "Too Many Requests: retry after 1", 1), chat_id=7000
    )
    admin = emulator.user(user_id=ADMIN_ID)
    admin.send("/alert")
    await admin.reply()
    admin.send("Новая схема: «компенсация за вклад». Не переходите по ссылкам.")
    await tap(admin, await admin.reply(), 0)
    for person in people[:2]:
        got = await person.reply()
        assert got.text is not None and got.text.endswith("Не переходите по ссылкам.")
    await emulator.wait_until(
        lambda calls: any(m == "sendMessage" and int(p["chat_id"]) == 7002 for m, p in calls)
    )
    await running_bot.stop()  # waits for deliveries in flight to be recorded
    statuses = set(rows(settings, "SELECT user_id, status FROM outbox WHERE kind = 'alert'"))
    assert statuses == {(7000, "sent"), (7001, "sent"), (7002, "blocked")}
    assert rows(settings, "SELECT user_id FROM subscriptions ORDER BY user_id") == [
        (7000,),
        (7001,),
    ]
    sends = [
        int(p["chat_id"])
        for m, p in emulator.calls
        if m == "sendMessage" and str(p["text"]).startswith("⚠️")
    ]
    assert sorted(sends) == [7000, 7000, 7001, 7002]  # 7000 refused once with 429


async def test_outbox_resumes_after_a_restart_without_repeats(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    bot = RunningBot(settings)
    await bot.start()
    people = [emulator.user(user_id=8000 + n, language_code="ru") for n in range(30)]
    for person in people:
        await subscribe(person)
    listener = emulator.listen()
    emulator.inject("sendMessage", ApiError(429, "Too Many Requests: retry after 1", 1))
    alert_id, queued = await bot.runtime.repos.outbox.create_alert(ADMIN_ID, {"*": "Внимание!"})
    assert queued == 30
    bot.runtime.broadcaster.poke()
    await bot.stop()  # stops while the 429 pause holds everything back
    pending = rows(settings, "SELECT COUNT(*) FROM outbox WHERE status = 'pending'")
    assert pending[0][0] >= 1
    await bot.start()
    delivered: dict[int, int] = {}
    alert = "⚠️ Предупреждение о мошенниках\n\nВнимание!"
    while sum(delivered.values()) < 30:
        action = await asyncio.wait_for(listener.get(), 10)
        if action.method == "sendMessage" and action.text == alert:
            delivered[action.chat_id or 0] = delivered.get(action.chat_id or 0, 0) + 1
    await bot.stop()
    assert sorted(delivered) == [p.id for p in people]
    assert set(delivered.values()) == {1}
    assert rows(settings, "SELECT status, COUNT(*) FROM outbox GROUP BY status") == [("sent", 30)]
    assert alert_id == 1
