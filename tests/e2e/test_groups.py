"""Group protection: dangerous messages warned about (or deleted), the rest left alone."""

from __future__ import annotations

import sqlite3

from bot.emulator import BotApiEmulator, SimUser
from bot.emulator.group import SimGroup
from bot.emulator.server import BotAction
from bot.settings import Settings
from tests.conftest import RunningBot

SCAM = "Kaspi дарит 50 000 ₸ всем клиентам! Заберите бонус: kaspi-bonus.top"
WARNING = (
    "⚠️ Осторожно: это сообщение похоже на мошенничество. Сайт kaspi-bonus[.]top выдаёт себя "
    "за «Каспи Банк (Kaspi.kz)», но это не их адрес. Настоящий адрес: kaspi[.]kz. Не "
    "открывайте ссылки, не платите и не сообщайте коды."
)


async def next_in(emulator: BotApiEmulator, group: SimGroup) -> BotAction:
    return await emulator.next_action(group.id)


async def settled(emulator: BotApiEmulator, group: SimGroup, admin: SimUser) -> BotAction:
    """Everything sent before has been handled once /groupsettings is answered (per-chat order)."""
    group.send(admin, "/groupsettings")
    return await next_in(emulator, group)


async def setup(emulator: BotApiEmulator, **rights: bool) -> tuple[SimGroup, SimUser, SimUser]:
    group = emulator.group()
    admin = emulator.user(user_id=3101, first_name="Ержан")
    member = emulator.user(user_id=3102, first_name="Сауле")
    group.add_bot(admin, **rights)
    hello = await next_in(emulator, group)
    assert hello.text == (
        "Здравствуйте! Я буду предупреждать эту группу о сообщениях, похожих на мошенничество, "
        "и молчать об остальных. Администраторам группы: /groupsettings"
    )
    return group, admin, member


async def test_scam_is_warned_about_and_normal_talk_ignored(
    emulator: BotApiEmulator, running_bot: RunningBot, settings: Settings
) -> None:
    group, admin, member = await setup(emulator)
    group.send(member, "Всем привет! Встреча жильцов в субботу в 19:00 во дворе.")
    group.send(member, "Оплатить коммуналку можно в приложении kaspi.kz, как обычно.")
    scam = group.send(member, SCAM)
    warning = await next_in(emulator, group)
    assert warning.method == "sendMessage"
    assert warning.text == WARNING
    assert warning.params["reply_parameters"]["message_id"] == scam["message_id"]
    assert (await settled(emulator, group, admin)).text.startswith("🛡")  # type: ignore[union-attr]
    with sqlite3.connect(settings.db_path) as db:
        assert db.execute("SELECT COUNT(*) FROM users").fetchone() == (0,)
        assert db.execute("SELECT level FROM checks_log").fetchall() == [("safe",), ("dangerous",)]


async def test_delete_mode_removes_the_scam_when_the_bot_may(
    emulator: BotApiEmulator, running_bot: RunningBot
) -> None:
    group, admin, member = await setup(emulator, admin=True, can_delete=True)
    panel = await settled(emulator, group, admin)
    assert panel.text == (
        "🛡 Защита в этой группе\nПроверка: включена\nОпасные сообщения: только предупреждать\n"
        "Язык: Русский"
    )
    assert panel.button_texts == ["Выключить", "Удалять и предупреждать", "Қазақша", "English"]
    group.tap(admin, panel, "Удалять и предупреждать")
    edited = await next_in(emulator, group)
    assert edited.text is not None and "Опасные сообщения: удалять и предупреждать" in edited.text
    assert (await next_in(emulator, group)).method == "answerCallbackQuery"
    scam = group.send(member, SCAM)
    deleted = await next_in(emulator, group)
    assert (deleted.method, deleted.message_id) == ("deleteMessage", scam["message_id"])
    note = await next_in(emulator, group)
    assert note.text == (
        "🗑 Я удалил сообщение от Сауле, похожее на мошенничество. Сайт kaspi-bonus[.]top "
        "выдаёт себя за «Каспи Банк (Kaspi.kz)», но это не их адрес. Настоящий адрес: kaspi[.]kz."
    )


async def test_delete_mode_without_the_right_falls_back_to_a_warning(
    emulator: BotApiEmulator, running_bot: RunningBot
) -> None:
    group, admin, member = await setup(emulator, admin=True, can_delete=False)
    panel = await settled(emulator, group, admin)
    group.tap(admin, panel, "Удалять и предупреждать")
    await next_in(emulator, group)
    await next_in(emulator, group)
    group.send(member, SCAM)
    assert (await next_in(emulator, group)).text == WARNING


async def test_only_group_admins_change_settings(
    emulator: BotApiEmulator, running_bot: RunningBot
) -> None:
    group, admin, member = await setup(emulator)
    group.send(member, "/groupsettings")
    assert (await next_in(emulator, group)).text == (
        "Менять мои настройки в группе могут только её администраторы."
    )
    panel = await settled(emulator, group, admin)
    group.tap(member, panel, "Выключить")  # a forged or curious tap by a member
    answer = await next_in(emulator, group)
    assert answer.method == "answerCallbackQuery"
    assert answer.text == "Это могут менять только администраторы группы."
    group.tap(admin, panel, "Выключить")
    assert "Проверка: выключена" in ((await next_in(emulator, group)).text or "")
    await next_in(emulator, group)
    group.send(member, SCAM)  # off: nothing is said
    assert (await settled(emulator, group, admin)).text is not None


async def test_a_spam_wave_gets_at_most_five_warnings(
    emulator: BotApiEmulator, running_bot: RunningBot
) -> None:
    group, admin, member = await setup(emulator)
    for n in range(8):
        group.send(member, f"{SCAM} #{n}")
    for _ in range(5):
        assert (await next_in(emulator, group)).text == WARNING
    # The other three were handled before this command (one chat, in order): no warning.
    assert (await settled(emulator, group, admin)).text.startswith("🛡")  # type: ignore[union-attr]
