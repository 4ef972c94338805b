"""Everything a person can send: forwards, edits, contacts, files, floods; exact replies."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import httpx
import pytest
from PIL import Image, ImageDraw, ImageFont

from bot.emulator import BotApiEmulator, SimUser
from bot.emulator.pictures import plain_png, qr_png
from bot.settings import Settings
from bot.shortlinks import ShortLinkExpander
from checks import pictures
from checks.rules import default_rules
from tests.conftest import RunningBot
from tests.trap_server import trap_server


async def test_forward_from_a_hidden_user_is_checked_with_its_text(user: SimUser) -> None:
    user.forward(
        "Здравствуйте, служба безопасности банка. Назовите код из SMS, чтобы отменить перевод.",
        {"type": "hidden_user", "sender_user_name": "Aidos"},
    )
    reply = await user.reply()
    assert (reply.text or "")[:1] in "🟠🔴"


async def test_forward_from_a_channel_imitating_a_bank(user: SimUser) -> None:
    user.forward(
        "Уважаемые клиенты! Обновите приложение до новой версии.",
        {
            "type": "channel",
            "chat": {"id": -100555, "type": "channel", "title": "Kaspi Bank Official"},
            "message_id": 7,
        },
    )
    reply = await user.reply()
    assert (
        "• Переслано от «Kaspi Bank Official» — имя похоже на Каспи Банк (Kaspi.kz), но это не "
        "подтверждённый аккаунт." in (reply.text or "")
    )


async def test_edited_message_updates_its_verdict(user: SimUser) -> None:
    message = user.send("Привет, как дела?")
    first = await user.reply()
    assert (first.text or "").startswith("🟢 Похоже на безопасное")
    user.edit(message, "Срочно переведите деньги на безопасный счёт: kaspi-safe.top")
    edited = await user.reply()
    assert edited.method == "editMessageText"
    assert edited.message_id == first.message_id
    assert (edited.text or "").startswith("🔴 Опасно")
    assert edited.button_texts == [
        "❓ Почему?",
        "📚 Урок",
        "🚩 Это мошенники",
        "👌 Ложная тревога",
        "😟 Я уже это сделал(а)",
    ]
    user.edit(message, "Срочно переведите деньги на безопасный счёт: kaspi-safe.top ")
    user.send("/help")  # an edit that changes nothing leaves the verdict alone
    assert (await user.reply()).text.startswith("Что я умею:")  # type: ignore[union-attr]


async def test_several_messages_are_answered_in_order(user: SimUser) -> None:
    texts = [f"Сообщение {n}: посмотрите site-{n}.top" for n in range(6)]
    sent = [user.send(text) for text in texts]
    replies = [await user.reply() for _ in texts]
    quoted = [r.params["reply_parameters"]["message_id"] for r in replies]
    assert quoted == [m["message_id"] for m in sent]
    assert [f"site-{n}[.]top" in (r.text or "") for n, r in enumerate(replies)] == [True] * 6


async def test_shared_contact_is_checked(user: SimUser) -> None:
    user.send(
        contact={"phone_number": "79161234567", "first_name": "Kaspi", "last_name": "Служба"}
    )
    reply = await user.reply()
    text = reply.text or ""
    assert "+7 916 •••-••-67" in text
    assert (
        "• Контакт назван «Kaspi Служба» — похоже на Каспи Банк (Kaspi.kz), но имя контакта может "
        "написать кто угодно." in text
    )


async def test_apk_document_is_dangerous_whatever_the_caption(
    emulator: BotApiEmulator, user: SimUser
) -> None:
    user.send(
        caption="Фото с нашей встречи 🙂",
        document={
            "file_id": "doc1",
            "file_unique_id": "u-doc1",
            "file_name": "фото.apk",
            "mime_type": "application/vnd.android.package-archive",
            "file_size": 3_400_000,
        },
    )
    reply = await user.reply()
    assert emulator.downloads == 0  # judged by its name and type alone
    assert (reply.text or "").startswith("🔴 Опасно")
    assert (
        "• Файл «фото.apk» — это программа: открыв его, вы её запустите. Так воруют деньги и "
        "SMS-коды." in (reply.text or "")
    )


async def test_stickers_voice_and_polls_get_a_hint(user: SimUser) -> None:
    hint = (
        "Я проверяю текст, ссылки, номера телефонов и карт, а также QR-коды на картинках. "
        "Пришлите текст сообщения "
        "или перешлите его сюда."
    )
    user.send(
        sticker={
            "file_id": "s",
            "file_unique_id": "s",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
    )
    assert (await user.reply()).text == hint
    user.send(voice={"file_id": "v", "file_unique_id": "v", "duration": 3})
    assert (await user.reply()).text == hint


async def test_flood_is_throttled_with_one_note(
    emulator: BotApiEmulator, running_bot: RunningBot
) -> None:
    await running_bot.stop()
    running_bot.settings = running_bot.settings.model_copy(
        update={"throttle_messages": 3, "throttle_seconds": 600}
    )
    await running_bot.start()
    person = emulator.user(user_id=1500, language_code="ru")
    for n in range(6):
        person.send(f"Проверь, пожалуйста, номер {n}")
    replies = [await person.reply() for _ in range(4)]
    assert [r.text.split("\n")[0] for r in replies[:3]] == ["⚪ Не уверен"] * 3  # type: ignore[union-attr]
    assert replies[3].text == (
        "Вы присылаете сообщения быстрее, чем я успеваю проверять. Часть я пропустил: "
        "подождите полминуты и пришлите нужные ещё раз."
    )
    person.send("/help")  # commands still work, and the skipped messages got no reply
    assert (await person.reply()).text.startswith("Что я умею:")  # type: ignore[union-attr]
    other = emulator.user(user_id=1501, language_code="ru")
    other.send("Проверь kaspi.kz")  # someone else is not affected
    assert (await other.reply()).text.startswith("🟢")  # type: ignore[union-attr]


async def test_inline_query_offers_the_verdict(emulator: BotApiEmulator, user: SimUser) -> None:
    user.inline("Ваша карта заблокирована, подтвердите: kaspi-bonus.top")
    answer = await user.reply()
    assert answer.method == "answerInlineQuery"
    (article,) = answer.params["results"]
    assert article["title"] == "🔴 Опасно"
    message = article["input_message_content"]["message_text"]
    assert message.startswith("🔴 <b>Опасно</b>\n")
    assert "<code>hxxp://kaspi-bonus[.]top</code>" in message
    user.inline("   ")
    empty = await user.reply()
    assert empty.params["results"] == []
    assert empty.params["button"]["text"] == (
        "Напишите или вставьте сообщение, ссылку или номер для проверки"
    )


async def test_why_shows_every_reason_and_the_score(user: SimUser) -> None:
    user.send(
        "Служба безопасности Kaspi: ваша карта заблокирована! Срочно назовите код из SMS и "
        "переведите деньги на безопасный счёт по ссылке kaspi-secure.top, никому не говорите."
    )
    verdict = await user.reply()
    short = (verdict.text or "").split("\n\n")[1].splitlines()
    assert len(short) == 3  # three reasons on the first screen
    user.tap(verdict, "❓ Почему?")
    full = await user.reply()
    assert full.method == "editMessageText"
    assert full.message_id == verdict.message_id
    lines = (full.text or "").splitlines()
    assert lines[0] == "🔴 Опасно"
    assert lines[2].startswith("Оценка риска: ") and lines[2].endswith(" из 100.")
    reasons = [line for line in lines if line.startswith("• ")]
    assert len(reasons) > 3
    assert reasons[:3] == short
    assert full.button_texts == [
        "📚 Урок",
        "🚩 Это мошенники",
        "👌 Ложная тревога",
        "😟 Я уже это сделал(а)",
    ]
    assert (await user.reply()).method == "answerCallbackQuery"


async def test_photo_with_a_qr_code_checks_the_link_inside(
    emulator: BotApiEmulator, user: SimUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pictures, "ocr_available", lambda: False)
    user.send_photo(qr_png("https://kaspi-bonus.top/login"))
    text = (await user.reply()).text or ""
    assert text.startswith("📷 Я нашёл QR-код на картинке и проверил, куда он ведёт.\n\n🔴 Опасно")
    assert "hxxps://kaspi-bonus[.]top/login" in text
    assert emulator.downloads == 1


@pytest.mark.parametrize(
    "code",
    ["javascript://kaspi.kz/%0aalert(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2M="],
)
async def test_a_qr_code_with_a_script_link_is_dangerous_even_naming_an_official_site(
    user: SimUser, monkeypatch: pytest.MonkeyPatch, code: str
) -> None:
    monkeypatch.setattr(pictures, "ocr_available", lambda: False)
    user.send_photo(qr_png(code))
    text = (await user.reply()).text or ""
    assert text.startswith("📷 Я нашёл QR-код на картинке и проверил, куда он ведёт.\n\n🔴 Опасно")
    assert "это не адрес сайта, а код" in text.lower()
    assert "официальный адрес" not in text


async def test_screenshot_sent_as_a_file_is_read_too(
    user: SimUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pictures, "ocr_available", lambda: False)  # only the QR code counts
    user.send_file(qr_png("https://egov.kz/cms/ru"), "Screenshot_2026.png", "image/png")
    text = (await user.reply()).text or ""
    assert text.startswith("📷 Я нашёл QR-код на картинке и проверил, куда он ведёт.\n\n🟢")
    assert "egov[.]kz" in text


async def test_photo_without_code_and_without_ocr(
    user: SimUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pictures, "ocr_available", lambda: False)
    user.send_photo(plain_png())
    reply = await user.reply()
    assert reply.text == (
        "📷 Я пока не умею читать текст на картинках, а QR-кода здесь нет. Скопируйте текст "
        "сообщения или ссылку и пришлите мне."
    )
    assert reply.buttons == []
    user.send_file(plain_png(), "IMG_2041.png", "image/png")  # a picture sent as a file
    assert (await user.reply()).text == reply.text
    user.send_photo(plain_png(), caption="Переведите 5000 на карту 4400 4301 2345 6789 срочно")
    text = (await user.reply()).text or ""
    assert text.startswith(
        "📷 Я пока не умею читать текст на картинках, а QR-кода здесь нет. Я проверил только "
        "подпись."
    )
    assert "4400 43•• •••• 6789" in text


async def test_broken_picture_gets_a_clear_answer(user: SimUser) -> None:
    user.send_photo(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 100)
    assert (await user.reply()).text == (
        "📷 Не получилось открыть эту картинку. Пришлите скриншот как фото или скопируйте "
        "сюда текст сообщения."
    )


async def test_short_link_is_followed_and_its_target_checked(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    def internet(request: httpx.Request) -> httpx.Response:
        assert request.method == "HEAD"
        return httpx.Response(301, headers={"location": "https://kaspi-bonus.top/login"})

    async def resolver(host: str) -> list[str]:
        return ["67.199.248.10"]

    checker_hosts = default_rules().shorteners
    expander = ShortLinkExpander(
        lambda host: host in checker_hosts,
        resolver=resolver,
        transport=httpx.MockTransport(internet),
    )
    bot = RunningBot(settings, expander=expander)
    await bot.start()
    try:
        person = emulator.user(user_id=4004)
        person.send("Ваш подарок ждёт: bit.ly/kaspi-gift")
        text = (await person.reply()).text or ""
    finally:
        await bot.stop()
    assert text.startswith("🔴 Опасно")
    assert "bit[.]ly/kaspi-gift — ведёт на hxxps://kaspi-bonus[.]top/login\n" in text
    assert "hxxps://kaspi-bonus[.]top/login\n" in text.split("— ведёт на", 1)[1]


async def test_short_link_pointing_inside_our_network_is_not_followed(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    """SSRF through the bot: a shortener whose DNS answers 127.0.0.1 is never contacted."""

    async def rebinding_dns(host: str) -> list[str]:
        return ["127.0.0.1"]

    shorteners = default_rules().shorteners
    expander = ShortLinkExpander(lambda host: host in shorteners, resolver=rebinding_dns)
    bot = RunningBot(settings, expander=expander)
    async with trap_server() as trap:
        await bot.start()
        try:
            person = emulator.user(user_id=4202)
            person.send("Ваш подарок: bit.ly/gift-kz")
            text = (await person.reply()).text or ""
        finally:
            await bot.stop()
    assert trap.hits == []
    assert "• Короткая ссылка (bit[.]ly) прячет настоящий адрес." in text
    assert "— ведёт на" not in text  # no target was found


FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _ocr_ready_font() -> ImageFont.FreeTypeFont:
    """With tesseract present, a missing piece fails the OCR test instead of skipping it."""
    assert pictures.ocr_available(), "tesseract needs rus+kaz data and pytesseract (dev extras)"
    assert FONT.exists(), f"{FONT} is missing: apt-get install fonts-dejavu-core"
    return ImageFont.truetype(str(FONT), 34)


@pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="OCR is optional: needs tesseract with rus+kaz (README; .ci/run installs it)",
)
async def test_text_in_a_screenshot_is_read_when_ocr_is_installed(user: SimUser) -> None:
    font = _ocr_ready_font()
    image = Image.new("RGB", (900, 420), "white")
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(
        ["Ваша карта заблокирована!", "Подтвердите данные по ссылке:", "kaspi-bonus.top/login"]
    ):
        draw.text((30, 30 + n * 80), line, font=font, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    user.send_photo(buffer.getvalue())
    text = (await user.reply()).text or ""
    assert text.startswith("📷 Я прочитал текст на картинке и проверил его.\n\n🔴 Опасно")
    assert "kaspi-bonus[.]top/login" in text
