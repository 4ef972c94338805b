"""Indicator extraction: every kind, disguised forms, spans into the original text."""

from __future__ import annotations

import pytest

from checks.extract import extract
from checks.numbers import mask_card, mask_phone
from checks.urls import defang


@pytest.mark.parametrize(
    ("text", "host", "registered"),
    [
        ("Зайдите https://kaspi.kz/shop", "kaspi.kz", "kaspi.kz"),
        ("hxxps://kaspi[.]kz-bonus[.]top/x", "kaspi.kz-bonus.top", "kz-bonus.top"),
        ("kaspi . kz", "kaspi.kz", "kaspi.kz"),
        ("kaspi(.)kz", "kaspi.kz", "kaspi.kz"),
        ("kaspi{.}kz", "kaspi.kz", "kaspi.kz"),
        ("Бонус: kaspi-bonus.top!", "kaspi-bonus.top", "kaspi-bonus.top"),
        ("https://kaspi.kz.secure-pay.ru/login", "kaspi.kz.secure-pay.ru", "secure-pay.ru"),
        ("kаspi.kz", "xn--kspi-53d.kz", "xn--kspi-53d.kz"),
        ("http://xn--kspi-53d.kz/a", "xn--kspi-53d.kz", "xn--kspi-53d.kz"),
        ("http://192.168.1.1/login", "192.168.1.1", "192.168.1.1"),
        ("evil.github.io/x", "evil.github.io", "evil.github.io"),
        ("ka\u200bspi.kz", "kaspi.kz", "kaspi.kz"),
        ("k\u202easpi.kz", "kaspi.kz", "kaspi.kz"),
    ],
    ids=[
        "plain",
        "hxxp-brackets",
        "spaced-dot",
        "paren-dot",
        "brace-dot",
        "bare-domain",
        "brand-subdomain",
        "cyrillic-a",
        "punycode",
        "ip",
        "private-suffix",
        "zero-width",
        "bidi",
    ],
)
def test_links_are_found_and_normalised(text: str, host: str, registered: str) -> None:
    urls = extract(text).urls
    assert [(u.host, u.registered_domain) for u in urls] == [(host, registered)]


@pytest.mark.parametrize(
    "text",
    [
        "фото.apk и file.zip",
        "цена 1.500 тг, в 10.30",
        "ivan@mail.ru",
        "см. т.е. и т.д.",
        "привет . как дела",
        "",
    ],
    ids=["file-names", "numbers", "email", "abbreviations", "spaced-words", "empty"],
)
def test_no_false_links(text: str) -> None:
    assert extract(text).urls == []


def test_userinfo_trick_keeps_the_real_host() -> None:
    (url,) = extract("https://kaspi.kz@evil.top/login").urls
    assert (url.host, url.userinfo) == ("evil.top", "kaspi.kz")


def test_hidden_link_behind_words_uses_utf16_offsets() -> None:
    text = "😀😀 Подробнее тут"
    entity = {"type": "text_link", "offset": 5, "length": 9, "url": "https://kaspi.kz.evil.ru/x"}
    (url,) = extract(text, [entity]).urls
    assert url.hidden
    assert url.visible_text == "Подробнее"
    assert text[url.span[0] : url.span[1]] == "Подробнее"


def test_span_points_into_the_original_text() -> None:
    text = "Жми ka\u200bspi-bonus.top сейчас"
    (url,) = extract(text).urls
    assert text[url.span[0] : url.span[1]] == "ka\u200bspi-bonus.top"


def test_usernames_and_tme_links() -> None:
    found = extract("Пишите @Kaspi_Support_Bot или https://t.me/halyk_help, почта a@b.kz")
    assert [u.name for u in found.usernames] == ["kaspi_support_bot", "halyk_help"]


@pytest.mark.parametrize(
    ("text", "e164", "region"),
    [
        ("+7 (701) 234-56-78", "+77012345678", "KZ"),
        ("8 707 111 22 33", "+77071112233", "KZ"),
        ("+79161234567", "+79161234567", "RU"),
        ("+870 772 123 456", "+870772123456", "001"),
    ],
    ids=["kz-mobile", "kz-national", "ru-mobile", "satellite"],
)
def test_phones(text: str, e164: str, region: str) -> None:
    (phone,) = extract(f"Звоните {text} сегодня").phones
    assert (phone.e164, phone.region) == (e164, region)


def test_cards_need_luhn_and_are_masked() -> None:
    found = extract("карта 4400 4301 2345 6789, не 4400 4301 2345 6781, заказ 1234567890123456789")
    assert [c.number for c in found.cards] == ["4400430123456789"]
    assert mask_card("4400430123456789") == "4400 43•• •••• 6789"
    assert found.phones == []


def test_iban_checksum_and_bank_code() -> None:
    found = extract("IBAN KZ86 125K ZT50 0410 0100, и KZ00125KZT5004100100")
    assert [(i.value, i.bank_code) for i in found.ibans] == [("KZ86125KZT5004100100", "125")]


def test_wallets() -> None:
    text = (
        "USDT TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE, ETH 0x52908400098527886E0F7030069857D2E4169EE7,"
        " fake TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSF"
    )
    found = extract(text)
    assert [(w.network, w.address[:6]) for w in found.wallets] == [
        ("tron", "TQn9Y2"),
        ("eth", "0x5290"),
    ]
    assert found.phones == []


def test_defang_and_masks_never_show_live_values() -> None:
    (url,) = extract("https://kaspi-bonus.top/path").urls
    assert defang(url) == "hxxps://kaspi-bonus[.]top/path"
    assert mask_phone("+77012345678") == "+7 701 •••-••-78"


def test_thousands_of_links_are_capped() -> None:
    text = " ".join(f"site{i}.top" for i in range(3000))
    found = extract(text)
    assert len(found.urls) == 50
    assert found.truncated
