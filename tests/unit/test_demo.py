"""The offline demo: `#N` taps, `::` actions, `\\` continued lines, the bot's text as shown.

Most tests type into `TerminalChat` wired to the real bot and the emulator (as stdin
would deliver the lines); one runs `python -m bot demo` itself with a pipe for stdin.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.demo import ACTIONS, TerminalChat
from bot.emulator import BotApiEmulator, SimUser
from checks import pictures
from tests.conftest import ADMIN_ID, RunningBot

ROOT = Path(__file__).resolve().parents[2]
TYPED = 60.0  # seconds for a whole typed session; each reply is awaited, never slept for


@pytest.fixture
def person(emulator: BotApiEmulator, running_bot: RunningBot) -> SimUser:
    """The demo's person: Russian-speaking and an admin, as in `python -m bot demo`."""
    return emulator.user(user_id=ADMIN_ID, first_name="Demo", language_code="ru")


async def type_lines(person: SimUser, running_bot: RunningBot, *lines: str) -> TerminalChat:
    """Type `lines` (each ended by Enter) into the demo chat, then close the input."""
    chat = TerminalChat(person, color=False, runtime=running_bot.runtime)
    typed: asyncio.Queue[str | None] = asyncio.Queue()
    for line in lines:
        typed.put_nowait(line + "\n")
    typed.put_nowait(None)
    await asyncio.wait_for(chat.loop(typed), TYPED)
    return chat


def received(emulator: BotApiEmulator, person: SimUser) -> list[dict[str, Any]]:
    """The messages the emulator got from the person, in order."""
    return [
        message
        for (chat_id, _), message in sorted(emulator.messages.items())
        if chat_id == person.id and message["from"]["id"] == person.id
    ]


def calls(emulator: BotApiEmulator, method: str) -> list[dict[str, Any]]:
    return [params for name, params in emulator.calls if name == method]


async def test_numbers_and_exclamations_are_messages_once_buttons_exist(
    emulator: BotApiEmulator, running_bot: RunningBot, person: SimUser, capsys: Any
) -> None:
    await type_lines(
        person, running_bot, "Бонус: kaspi-bonus.top", "87011234567", "!!! ВНИМАНИЕ", "!help"
    )
    out = capsys.readouterr().out
    texts = [m.get("text") for m in received(emulator, person)]
    assert texts == ["Бонус: kaspi-bonus.top", "87011234567", "!!! ВНИМАНИЕ", "!help"]
    assert calls(emulator, "answerCallbackQuery") == []  # no digit was taken for a tap
    assert "[#1] ❓ Почему?" in out  # the verdict came with buttons to tap
    assert out.count("bot: ") == 4  # each of the four lines got its own answer
    assert ACTIONS not in out


async def test_hash_number_taps_a_button_and_is_checked(
    emulator: BotApiEmulator, running_bot: RunningBot, person: SimUser, capsys: Any
) -> None:
    await type_lines(person, running_bot, "#1", "/language", "#9", "#2", "#2")
    out = capsys.readouterr().out
    assert "you> " + "  (no buttons to tap)" in out  # nothing to tap before any buttons
    assert "[#1] Русский  [#2] Қазақша  [#3] English" in out
    assert "  (pick a button from #1 to #3)" in out
    assert "bot (edited): Тіл: Қазақша." in out
    assert out.rstrip().endswith("(no buttons to tap)\nyou>")  # the edit took the buttons
    assert [m.get("text") for m in received(emulator, person)] == ["/language"]
    assert len(calls(emulator, "answerCallbackQuery")) == 1


async def test_qr_action_sends_a_photo_with_the_code(
    emulator: BotApiEmulator,
    running_bot: RunningBot,
    person: SimUser,
    capsys: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pictures, "ocr_available", lambda: False)  # the QR code alone
    await type_lines(person, running_bot, "::qr https://kaspi-bonus.top/login")
    out = capsys.readouterr().out
    (photo,) = received(emulator, person)
    assert "text" not in photo
    assert "photo" in photo
    assert emulator.downloads == 1  # the bot fetched the picture the demo uploaded
    assert "bot: 📷 Я нашёл QR-код на картинке и проверил, куда он ведёт." in out
    assert "🔴 Опасно" in out
    assert "hxxps://kaspi-bonus[.]top/login" in out


async def test_other_actions_send_what_a_telegram_app_would(
    emulator: BotApiEmulator, running_bot: RunningBot, person: SimUser, capsys: Any
) -> None:
    await type_lines(
        person,
        running_bot,
        "::forward Служба безопасности: Назовите код из SMS",
        "::channel Kaspi Bank Official: Обновите приложение",
        "::contact +77011234567 Айдос",
        "::file фото.apk посмотри",
        "Привет",
        "::edit Срочно переведите деньги на безопасный счёт: kaspi-safe.top",
    )
    first, channel, contact, document, hello = received(emulator, person)
    assert first["forward_origin"]["type"] == "hidden_user"
    assert first["forward_origin"]["sender_user_name"] == "Служба безопасности"
    assert first["text"] == "Назовите код из SMS"
    assert channel["forward_origin"]["chat"]["title"] == "Kaspi Bank Official"
    assert contact["contact"] == {"phone_number": "+77011234567", "first_name": "Айдос"}
    assert document["document"]["file_name"] == "фото.apk"
    assert document["caption"] == "посмотри"
    assert hello["text"].startswith("Срочно переведите")  # edited in place
    assert "bot (edited): 🔴 Опасно" in capsys.readouterr().out


@pytest.mark.parametrize(
    "line", ["::frobnicate now", "::help", "::qr", "::forward no colon here", "::"]
)
async def test_unknown_or_incomplete_action_prints_help_and_sends_nothing(
    emulator: BotApiEmulator, running_bot: RunningBot, person: SimUser, capsys: Any, line: str
) -> None:
    await type_lines(person, running_bot, line)
    out = capsys.readouterr().out
    assert ACTIONS in out
    assert ("(unknown action ::frobnicate)" in out) == line.startswith("::frobnicate")
    assert received(emulator, person) == []
    person.send("/help")  # the next thing the bot does is answer this, so nothing was queued
    assert ((await person.reply()).text or "").startswith("Что я умею:")


async def test_alert_typed_over_two_lines_goes_through_the_admin_preview(
    emulator: BotApiEmulator, running_bot: RunningBot, person: SimUser, capsys: Any
) -> None:
    await type_lines(
        person,
        running_bot,
        "/alert",
        "ru: Звонят «из Kaspi» — это мошенники.\\",
        "kk: «Kaspi-ден» қоңырау шалады — бұл алаяқтар.",
        "#1",
    )
    out = capsys.readouterr().out
    assert [m["text"] for m in received(emulator, person)] == [
        "/alert",
        "ru: Звонят «из Kaspi» — это мошенники.\nkk: «Kaspi-ден» қоңырау шалады — бұл алаяқтар.",
    ]
    assert "...> " in out  # the continuation prompt
    assert (
        "bot: Предпросмотр. Получат подписчики: 0.\n"
        "     \n"
        "     [ru]\n"
        "     ⚠️ Предупреждение о мошенниках\n"
        "     \n"
        "     Звонят «из Kaspi» — это мошенники.\n"
        "     \n"
        "     [kk]\n"
        "     ⚠️ Предупреждение о мошенниках\n"
        "     \n"
        "     «Kaspi-ден» қоңырау шалады — бұл алаяқтар.\n"
        "     [#1] 📣 Отправить (0)  [#2] ✖️ Отмена\n"
    ) in out
    assert "bot (edited): Поставлено в очередь: подписчики (0) получат его" in out


async def test_literal_markup_comes_back_exactly_as_typed(
    emulator: BotApiEmulator, running_bot: RunningBot, person: SimUser, capsys: Any
) -> None:
    typed = "Не жмите <b>ссылку</b> &amp; не называйте код <i> 5 < 7 &lt;"
    await type_lines(person, running_bot, "/alert", typed, "#2")
    out = capsys.readouterr().out
    assert received(emulator, person)[-1]["text"] == typed
    (preview,) = [p for p in calls(emulator, "sendMessage") if "Предпросмотр" in p["text"]]
    assert "&lt;b&gt;ссылку&lt;/b&gt; &amp;amp;" in preview["text"]  # the bot escaped it
    assert f"     {typed}\n" in out  # and the person sees what they typed
    assert "bot (edited): Отменено." in out


async def test_input_ending_inside_a_continued_message_sends_it(
    emulator: BotApiEmulator, running_bot: RunningBot, person: SimUser
) -> None:
    await type_lines(person, running_bot, "первая строка\\", "вторая\\")
    assert [m["text"] for m in received(emulator, person)] == ["первая строка\nвторая"]


def test_the_real_demo_process_reads_taps_and_continued_lines(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "ADMIN_IDS"}}
    env.update(PYTHONPATH=str(ROOT), DB_PATH=str(tmp_path / "unused.sqlite3"))
    typed = "/alert\nru: Первая строка.\\\nkk: Екінші жол.\n#2\n87011234567\n/quit\nnever sent\n"
    result = subprocess.run(  # noqa: PLW1510 (the exit code is asserted)
        [sys.executable, "-m", "bot", "demo"],
        input=typed,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "     [ru]\n     ⚠️ Предупреждение о мошенниках\n     \n     Первая строка.\n" in out
    assert "     [kk]\n     ⚠️ Предупреждение о мошенниках\n     \n     Екінші жол.\n" in out
    assert "bot (edited): Отменено." in out
    assert "bot: ⚪ Не уверен" in out
    assert "     +7 701 •••-••-67\n" in out  # the number was checked, not taken for a tap
    assert "never sent" not in out
