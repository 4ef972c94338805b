"""/privacy, /forget, /stats, the checks log, logs without secrets, stats CSV and backup."""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.emulator import BotApiEmulator, SimUser
from bot.settings import Settings
from tests.conftest import ADMIN_ID, RunningBot, rows, tap

CARD = "4400430123456789"
SECRET_TEXT = "Бабушка, это внук Тимур, срочно переведи"


async def test_privacy_explains_what_is_kept(user: SimUser) -> None:
    user.send("/privacy")
    text = (await user.reply()).text or ""
    assert text.startswith("🔒 Что я храню и зачем\n\n• Сообщения, которые вы присылаете")
    assert text.endswith("/forget удаляет всё о вас.")


async def test_checks_are_logged_without_text_and_forget_removes_the_person(
    user: SimUser, settings: Settings
) -> None:
    user.send(f"{SECRET_TEXT} 50 000 на карту {CARD}")
    await user.reply()
    user.send("/subscribe")
    hours = await tap(user, await user.reply(), "Каждый день")
    await tap(user, hours, "09:00")
    user.send("/quiz")
    await tap(user, await user.reply(), 0)
    user.send("/report kaspi-bonus.top")
    await tap(user, await user.reply(), "✅ Отправить")
    [(level, scheme, kinds, person)] = rows(
        settings, "SELECT level, scheme, kinds, person FROM checks_log"
    )
    assert (level, kinds) == ("dangerous", "card")
    assert scheme == "relative_in_trouble"
    assert isinstance(person, str) and str(user.id) not in person
    with sqlite3.connect(settings.db_path) as db:  # the checked text is nowhere in the database
        dump = "\n".join(db.iterdump())
    assert SECRET_TEXT not in dump and CARD not in dump

    user.send("/forget")
    ask = await user.reply()
    assert ask.button_texts == ["🗑 Удалить всё", "✖️ Отмена"]
    done = await tap(user, ask, "🗑 Удалить всё")
    assert done.text == "Готово: я удалил всё о вас. Если напишете снова, начнём с чистого листа."
    for table in ("users", "subscriptions", "quiz_answers", "lesson_views", "replies"):
        assert rows(settings, f"SELECT COUNT(*) FROM {table}") == [(0,)], table
    assert rows(settings, "SELECT person FROM checks_log") == [(None,)]
    [(reporter,)] = rows(settings, "SELECT reporter FROM report_votes")
    assert str(reporter).startswith("forgotten:")
    assert rows(settings, "SELECT display, status FROM reports") == [
        ("kaspi-bonus[.]top", "pending")
    ]


async def test_forget_leaves_no_telegram_id_in_delivered_lessons(
    emulator: BotApiEmulator, running_bot: RunningBot, settings: Settings
) -> None:
    person = emulator.user(user_id=73519462, language_code="ru")
    person.send("/subscribe")
    hours = await tap(person, await person.reply(), "Каждый день")
    await tap(person, hours, "09:00")
    await running_bot.runtime.repos.subscriptions.make_due(person.id)
    assert await running_bot.runtime.tips.tick() == 1
    lesson = await person.reply()
    assert lesson.method == "sendMessage"
    await running_bot.runtime.broadcaster.drain()  # sent and recorded
    person.send("/forget")
    await tap(person, await person.reply(), "🗑 Удалить всё")
    with sqlite3.connect(settings.db_path) as db:
        dump = "\n".join(db.iterdump())
    assert "73519462" not in dump
    assert rows(settings, "SELECT status, user_id FROM outbox") == [("sent", 0)]


async def test_forget_can_be_cancelled(user: SimUser, settings: Settings) -> None:
    user.send("/forget")
    assert (await tap(user, await user.reply(), "✖️ Отмена")).text == "Ничего не удалено."
    assert rows(settings, "SELECT id FROM users") == [(user.id,)]


async def test_stats_for_admins_only(
    emulator: BotApiEmulator, running_bot: RunningBot, user: SimUser
) -> None:
    user.send("Переведите 5000 на карту 4400 4301 2345 6789 срочно, служба безопасности банка")
    await user.reply()
    user.send("Привет, как дела?")
    await user.reply()
    user.send("/stats")  # silently ignored: the next answer is to /help
    user.send("/help")
    assert ((await user.reply()).text or "").startswith("Что я умею:")
    admin = emulator.user(user_id=ADMIN_ID, language_code="ru")
    admin.send("/stats")
    text = (await admin.reply()).text or ""
    assert text.startswith(
        "📈 Статистика\n\n24h: проверок: 2\n🔴 1  🟠 0  ⚪ 0  🟢 1\nСхемы: safe_account 1"
    )
    assert "Людей: 2; подписчиков: 0" in text
    admin.send("/stats chart")
    chart = await admin.reply()
    assert chart.method == "sendPhoto"
    assert chart.text == "Проверки по дням за 30 дней"
    assert chart.params["photo"][:4] == b"\x89PNG"
    with sqlite3.connect(running_bot.settings.db_path) as db:
        audited = db.execute("SELECT admin_id, action, target FROM audit_log").fetchall()
    assert audited == [(ADMIN_ID, "stats", "text"), (ADMIN_ID, "stats", "chart")]


async def test_logs_never_carry_texts_tokens_or_card_numbers(
    emulator: BotApiEmulator, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    bot = RunningBot(settings.model_copy(update={"log_level": "DEBUG"}))
    await bot.start()
    person_id = 43217777
    try:
        person = emulator.user(user_id=person_id)
        person.send(f"{SECRET_TEXT} на карту {CARD} hxxps://kaspi-bonus[.]top/секрет-путь-77")
        await person.reply()
        person.send("/report " + CARD)
        await person.reply()
        hashed = bot.runtime.repos.hasher.person(person_id)
    finally:
        await bot.stop()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "update" in logged.lower()  # the log did capture the bot's work
    secrets = (SECRET_TEXT, CARD, "4400 4301", emulator.token, emulator.token.split(":")[1])
    for secret in (*secrets, "секрет-путь-77", str(person_id), hashed):
        assert secret not in logged


def run_cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {"DB_PATH": str(db), "PATH": "/usr/bin:/bin", "BOT_TOKEN": "", "HOME": str(db.parent)}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=db.parent,
        check=False,
        timeout=60,
    )


async def test_stats_csv_and_backup_from_the_command_line(
    user: SimUser, running_bot: RunningBot, settings: Settings, tmp_path: Path
) -> None:
    user.send("Переведите 5000 на карту 4400 4301 2345 6789 срочно, служба безопасности банка")
    await user.reply()
    out = tmp_path / "stats.csv"
    result = run_cli("stats", "--csv", str(out), db=settings.db_path)
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "window,metric,key,value"
    assert "24h,checks,,1" in lines and "24h,level,dangerous,1" in lines
    assert "30d,scheme,safe_account,1" in lines and "now,people,,1" in lines
    copy = tmp_path / "backup.sqlite3"
    result = run_cli("backup", str(copy), db=settings.db_path)  # while the bot is running
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(copy) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT COUNT(*) FROM checks_log").fetchone() == (1,)
    again = run_cli("backup", str(copy), db=settings.db_path)
    assert again.returncode == 1 and "exists" in again.stderr
