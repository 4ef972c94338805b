"""After the scam: /sos steps per situation, /contacts, official numbers, file types, and the
Report button on a scam with nothing in it to report. Through the Bot API emulator."""

from __future__ import annotations

import pytest

from bot.emulator import BotApiEmulator, SimUser
from content.recovery import load_recovery
from tests.conftest import tap

SITUATIONS = [s.id for s in load_recovery().situations]
SOS = {"ru": "😟 Я уже это сделал(а)", "kk": "😟 Мен мұны істеп қойдым"}
BRING = {
    "ru": "Что подготовить для полиции и банка:",
    "kk": "Полиция мен банк үшін не дайындау керек:",
}
NUMBERS = {"ru": "📞 Официальные номера", "kk": "📞 Ресми нөмірлер"}
BACK = {"ru": "⬅️ Случилось другое", "kk": "⬅️ Басқа жағдай болды"}


def person(emulator: BotApiEmulator, lang: str) -> SimUser:
    return emulator.user(user_id=1001, first_name="Айгүл", language_code=lang)


@pytest.mark.usefixtures("running_bot")
@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.parametrize("situation_id", SITUATIONS)
async def test_each_situation_gives_its_steps_in_order(
    emulator: BotApiEmulator, lang: str, situation_id: str
) -> None:
    situation = load_recovery().get(situation_id)
    assert situation is not None
    text = situation.text(lang)
    user = person(emulator, lang)
    user.send("/sos")
    menu = await user.reply()
    buttons = [f"{s.emoji} {s.text(lang).button}" for s in load_recovery().situations]
    assert menu.button_texts[: len(buttons)] == buttons
    assert menu.button_texts[-1] == NUMBERS[lang]

    steps = await tap(user, menu, f"{situation.emoji} {text.button}")
    assert steps.method == "editMessageText" and steps.message_id == menu.message_id
    expected = [f"{situation.emoji} {text.title}", ""]
    expected += [f"{n}. {step}" for n, step in enumerate(text.steps, 1)]
    expected += ["", BRING[lang], text.bring]
    assert (steps.text or "").splitlines() == expected
    assert steps.button_texts == [BACK[lang], menu.button_texts[-1]]

    again = await tap(user, steps, BACK[lang])  # back to the question, same message
    assert again.message_id == menu.message_id
    assert again.button_texts == menu.button_texts


async def test_loan_steps_name_the_law_and_the_self_ban(user: SimUser) -> None:
    user.send("/sos")
    steps = await tap(user, await user.reply(), "📄 На меня взяли кредит")
    text = steps.text or ""
    assert "п. 15 ст. 34 Закона о банках" in text
    assert "«Стоп кредит»" in text and "eGov" in text


async def test_sos_button_under_a_warning_and_in_help(user: SimUser) -> None:
    user.send("Срочно переведите деньги на безопасный счёт: kaspi-safe.top")
    verdict = await user.reply()
    assert (verdict.text or "").startswith("🔴 Опасно")
    assert verdict.button_texts[-1] == SOS["ru"]
    menu = await tap(user, verdict, SOS["ru"])
    assert menu.method == "sendMessage"  # a new message: the verdict stays as it was
    assert (menu.text or "").startswith("😟 Что случилось?")
    assert menu.button_texts[0] == "💸 Перевёл(а) деньги"

    user.send("Привет, как дела?")
    calm = await user.reply()
    assert SOS["ru"] not in calm.button_texts  # not under a calm verdict

    user.send("/help")
    help_ = await user.reply()
    assert "/sos — Уже перевёл(а) деньги или назвал(а) код: что делать" in (help_.text or "")
    assert "/contacts — Официальные номера банков, полиции и eGov" in (help_.text or "")
    assert help_.button_texts == [SOS["ru"]]
    assert (await tap(user, help_, SOS["ru"])).button_texts == menu.button_texts


async def test_contacts_are_grouped_unmasked_and_searchable(
    emulator: BotApiEmulator, user: SimUser
) -> None:
    user.send("/contacts")
    full = (await user.reply()).text or ""
    lines = full.splitlines()
    assert lines[0] == "📞 Официальные номера и сайты"
    assert "🚨 Экстренные службы" in lines and "🏦 Банки" in lines
    assert "• Полиция (МВД Казахстана): 102 · polisia.kz" in lines
    assert "• Халык Банк: 7111 · halykbank.kz" in lines
    assert "• Банк ЦентрКредит: 505, +7 800 080-00-88, +7 7272 44 22 54 · bcc.kz" in lines
    # No verified number: never a guessed one.
    kaspi = "• Каспи Банк (Kaspi.kz): номер на обороте карты или в приложении банка · kaspi.kz"
    assert kaspi in lines
    assert "9999" not in full and "•••" not in full
    assert lines[-1] == "Найти одну организацию: /contacts halyk"

    user.send("/contacts халык")
    found = ((await user.reply()).text or "").splitlines()
    assert found[2:5] == ["", "🏦 Банки", "• Халык Банк: 7111 · halykbank.kz"]
    assert found[5].startswith("  Halyk Bank: короткий номер 7111")
    assert "Полиция" not in "\n".join(found)

    kk = emulator.user(user_id=1002, language_code="kk")
    kk.send("/contacts халик")  # a slip
    assert "• Halyk Bank: 7111 · halykbank.kz" in ((await kk.reply()).text or "")
    kk.send("/contacts 1400")
    cert = (await kk.reply()).text or ""
    assert "• KZ-CERT (Мемлекеттік техникалық қызмет): 1400 · sts.kz" in cert
    assert "Telegram: @KZ_CERT_chat_bot" in cert

    user.send("/contacts абырвалг")
    missing = ((await user.reply()).text or "").splitlines()
    assert missing[2] == "По запросу «абырвалг» ничего не нашёл. Вот весь список:"
    assert "• Халык Банк: 7111 · halykbank.kz" in missing


async def test_contacts_button_from_the_steps(user: SimUser) -> None:
    user.send("/sos")
    steps = await tap(user, await user.reply(), "🔢 Назвал(а) код из SMS")
    contacts = await tap(user, steps, "📞 Официальные номера")
    assert (contacts.text or "").startswith("📞 Официальные номера и сайты")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Мне звонили с 7111, это правда Халык?", "7111 — официальный короткий номер: Халык Банк"),
        ("Сізге 1414 нөмірінен хабарласты ма?", "1414 — официальный короткий номер:"),
    ],
)
async def test_an_official_number_is_named_in_full(user: SimUser, text: str, said: str) -> None:
    user.send(text)
    assert said in ((await user.reply()).text or "")


async def test_report_button_on_a_scam_with_nothing_to_report(user: SimUser) -> None:
    user.send(
        "Здравствуйте, это служба безопасности банка. По вашей карте подозрительная операция, "
        "назовите код из SMS, чтобы отменить перевод."
    )
    verdict = await user.reply()
    assert (verdict.text or "").startswith(("🔴 Опасно", "🟠 Подозрительно"))
    answer = await tap(user, verdict, "🚩 Это мошенники")
    assert answer.text == (
        "Здесь не на что пожаловаться: жалоба предупреждает других о ссылке, номере телефона "
        "или карты, IBAN или @аккаунте, а в этом сообщении их нет. Если мошенник звонил или "
        "писал с номера или аккаунта — отправьте /report и этот номер или аккаунт."
    )
    assert answer.button_texts == []


async def test_report_offers_an_account_named_without_at(user: SimUser) -> None:
    user.send(
        "Вы выиграли iPhone! Чтобы забрать приз, напишите менеджеру в телеграм prize_manager24 "
        "и оплатите доставку"
    )
    verdict = await user.reply()
    answer = await tap(user, verdict, "🚩 Это мошенники")
    assert answer.text == "Я отправлю модераторам:\n• @prize_manager24\n\nОтправить жалобу?"


PROGRAMS = ["apk", "exe", "scr", "bat", "cmd", "js", "vbs", "msi", "jar"]


@pytest.mark.parametrize("ext", PROGRAMS)
async def test_each_program_file_is_dangerous(user: SimUser, ext: str) -> None:
    user.send_file(b"MZ\x90\x00", f"Фото_2026.{ext}", "application/octet-stream")
    text = (await user.reply()).text or ""
    assert text.startswith("🔴 Опасно")
    assert f"• Файл «Фото_2026.{ext}» — это программа: открыв его, вы её запустите." in text


@pytest.mark.parametrize(
    ("name", "mime", "level", "said"),
    [
        (
            "Акт сверки.pdf.scr",
            "application/octet-stream",
            "🔴 Опасно",
            "• Файл «Акт сверки.pdf.scr» притворяется документом (.pdf), а на деле это "
            "программа (.scr). Не открывайте его.",
        ),
        (
            "photo\u202egpj.exe",  # shown by Telegram as "photoexe.jpg"
            "application/octet-stream",
            "🔴 Опасно",
            "• Файл «photogpj.exe» — это программа",
        ),
        (
            "Фото.apk.zip",
            "application/zip",
            "🔴 Опасно",
            "• Файл «Фото.apk.zip» — это программа",
        ),
        (
            "install",
            "application/vnd.android.package-archive",
            "🔴 Опасно",
            "• Файл «install» — это программа",
        ),
        (
            "Документы.zip",
            "application/zip",
            "⚪ Не уверен",
            "• Файл «Документы.zip» — архив: внутри может быть программа.",
        ),
    ],
)
async def test_disguised_packed_and_archived_files(
    user: SimUser, name: str, mime: str, level: str, said: str
) -> None:
    user.send_file(b"PK\x03\x04", name, mime)
    text = (await user.reply()).text or ""
    assert text.startswith(level)
    assert said in text


async def test_a_number_that_called_shows_its_reports_to_someone_else(
    emulator: BotApiEmulator, user: SimUser
) -> None:
    user.send("/report +7 701 555 12 34")
    confirm = await user.reply()
    assert confirm.text == "Я отправлю модераторам:\n• +7 701 •••-••-34\n\nОтправить жалобу?"
    await tap(user, confirm, "✅ Отправить")

    other = emulator.user(user_id=1002, language_code="kk")
    other.send("Маған +7 701 555 12 34 нөмірінен банктен деп қоңырау шалды")
    text = (await other.reply()).text or ""
    assert "Бот пайдаланушылары бұған шағымданған: 1 адам, соңғы шағым 1 минут бұрын." in text
    assert "555" not in text  # still masked
