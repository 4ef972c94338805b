"""A person sends a suspicious message; the exact verdict the bot sends back."""

from __future__ import annotations

import sqlite3

from bot.emulator import SimUser
from bot.settings import Settings


async def test_lookalike_link_is_dangerous_in_russian(user: SimUser) -> None:
    user.send("Ваша карта заблокирована! Подтвердите данные: kaspi-bonus.top")
    reply = await user.reply()
    assert reply.text is not None
    lines = reply.text.splitlines()
    assert lines[0] == "🔴 Опасно"
    assert lines[1] == (
        "Очень похоже на мошенничество. Не переходите по ссылке, не платите и не сообщайте коды."
    )
    assert (
        "• Сайт kaspi-bonus[.]top выдаёт себя за «Каспи Банк (Kaspi.kz)», но это не их адрес. "
        "Настоящий адрес: kaspi[.]kz." in lines
    )
    assert "hxxp://kaspi-bonus[.]top" in lines
    assert "kaspi-bonus.top" not in reply.text  # never a tappable address
    assert "Что делать:" in lines
    bold = [e for e in reply.entities if e["type"] == "bold"]
    assert bold[0] == {"type": "bold", "offset": 3, "length": 6}  # after 🔴 (2 UTF-16 units)


async def test_kazakh_user_gets_a_kazakh_verdict(emulator, running_bot) -> None:
    person = emulator.user(user_id=4004, language_code="kk")
    person.send("Сәлеметсіз бе, банктің қауіпсіздік қызметі. Ақшаңызды қауіпсіз шотқа аударыңыз.")
    reply = await person.reply()
    assert reply.text is not None
    assert reply.text.splitlines()[0] == "🔴 Қауіпті"
    assert "«Банктің қауіпсіздік қызметі» мен «қауіпсіз шот» схемасына ұқсайды." in reply.text
    assert "Не істеу керек:" in reply.text


async def test_official_link_is_safe(user: SimUser) -> None:
    user.send("Оплатил коммуналку через https://kaspi.kz/payments")
    reply = await user.reply()
    assert reply.text is not None
    assert reply.text.splitlines()[:3] == [
        "🟢 Похоже на безопасное",
        "Я не нашёл признаков мошенничества. Если всё же попросят деньги или код — остановитесь "
        "и перезвоните сами.",
        "",
    ]
    assert "hxxps://kaspi[.]kz/payments — Каспи Банк (Kaspi.kz)" in reply.text


async def test_hidden_link_and_card_are_shown_safely(user: SimUser) -> None:
    text = "Переведите предоплату на карту 4400 4301 2345 6789 и заполните анкету"
    offset = text.index("анкету")
    user.send(
        text,
        entities=[
            {
                "type": "text_link",
                "offset": offset,
                "length": 6,
                "url": "https://olx-kz.delivery/pay",
            }
        ],
    )
    reply = await user.reply()
    assert reply.text is not None
    assert reply.text.startswith("🔴 Опасно")
    assert "4400 43•• •••• 6789 — Kaspi Bank, Visa" in reply.text
    assert "hxxps://olx-kz[.]delivery/pay" in reply.text
    assert "4400 4301 2345 6789" not in reply.text


async def test_the_checked_text_is_not_stored(user: SimUser, settings: Settings) -> None:
    secret = "Мама, я попал в беду, переведи 50 000 на карту 4400 4301 2345 6789"
    user.send(secret)
    await user.reply()
    dump = "\n".join(sqlite3.connect(settings.db_path).iterdump())
    assert "попал в беду" not in dump
    assert "4400430123456789" not in dump
