"""Heuristics and scoring: level, scheme and reason codes for given messages."""

from __future__ import annotations

import pytest

from checks.assess import assess
from checks.context import CheckContext
from checks.extract import extract
from checks.matches import Matches
from checks.rules import default_rules
from checks.verdict import Verdict


def verdict(
    text: str,
    lang: str = "ru",
    context: CheckContext | None = None,
    entities: list[dict] | None = None,
    matches: Matches | None = None,
) -> Verdict:
    return assess(
        text,
        extract(text, entities),
        matches or Matches(),
        context or CheckContext(),
        rules=default_rules(),
        lang=lang,
    )


def codes(v: Verdict) -> set[str]:
    return {r.code for r in v.reasons}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Бонус ждёт: kaspi-bonus.top", "brand_in_domain"),
        ("Вход: https://kaspi.kz.secure-pay.ru/login", "brand_subdomain"),
        ("Вход: kаspi.kz", "lookalike_domain"),
        ("Вход: kaspl.kz", "lookalike_domain"),
        ("Вход: kasspi.kz", "lookalike_domain"),
        ("Вход: kapsi.kz", "lookalike_domain"),
        ("Вход: halykbank-kz.com", "brand_in_domain"),
        ("Вход: h0mebank.kz", "lookalike_domain"),
        ("Вход: kaspi.com", "lookalike_domain"),
        ("Вход: egov-kz.site", "lookalike_domain"),
        ("Вход: 0lx-delivery.shop", "brand_in_domain"),
        ("Вход: https://kaspi.kz@evil.top/", "userinfo_trick"),
        ("Вход: kаsрі-pay.com", "lookalike_domain"),
        ("Вход: εgov.kz", "lookalike_domain"),
        ("Вход: ḳaspi.kz", "lookalike_domain"),
        ("Вход: rnechta.kz", "lookalike_domain"),
        ("Вход: ac.tiv.kz", "lookalike_domain"),
        ("Вход: gov-kz.online", "lookalike_domain"),
    ],
    ids=[
        "combosquat",
        "brand-subdomain",
        "cyrillic-homoglyph",
        "l-for-i",
        "doubled-letter",
        "transposition",
        "halyk-combo",
        "digit-for-o",
        "tld-swap",
        "egov-combo",
        "olx-zero",
        "userinfo",
        "mixed-script-combo",
        "greek-epsilon",
        "accented-k",
        "rn-for-m",
        "name-cut-by-a-dot",
        "gov-kz",
    ],
)
def test_lookalike_brand_domains_are_dangerous(text: str, code: str) -> None:
    v = verdict(text)
    assert v.level == "dangerous", (v.level, codes(v))
    assert code in codes(v)
    assert v.reasons[0].code == code  # the look-alike decided, and says so first


def test_a_lookalike_reason_names_the_brand_and_its_real_address() -> None:
    v = verdict("Kaspi: ваш бонус ждёт на kaspi-bonus.top")
    assert v.level == "dangerous"
    assert v.reasons[0].text == (
        "Сайт kaspi-bonus[.]top выдаёт себя за «Каспи Банк (Kaspi.kz)», но это не их адрес. "
        "Настоящий адрес: kaspi[.]kz."
    )


def test_a_homoglyph_is_shown_as_people_read_it() -> None:
    v = verdict("Вход: kаspi.kz")
    assert "kаspi[.]kz (а Cyrillic)" in v.reasons[0].text


@pytest.mark.parametrize(
    "text",
    [
        "https://kaspi.kz/shop/p/123",
        "guide.kaspi.kz",
        "https://halykbank.kz/ru",
        "homebank.kz",
        "https://egov.kz/cms/ru",
        "kgd.gov.kz",
        "olx.kz/d/obyavlenie/x",
        "https://nationalbank.kz",
        "enpf.kz",
        "otbasybank.kz",
        "https://www.gov.kz/memleket/entities/ardfm",
    ],
    ids=[
        "kaspi-shop",
        "kaspi-guide",
        "halyk",
        "homebank",
        "egov",
        "gov-kz",
        "olx",
        "nb",
        "enpf",
        "otbasy",
        "ardfm-path",
    ],
)
def test_official_links_alone_are_safe(text: str) -> None:
    v = verdict(text)
    assert v.level == "safe"
    assert codes(v) == {"link_official"}


@pytest.mark.parametrize(
    "text",
    [
        "Смотри kaspersky.com",
        "новости на bbc.com",
        "продаю на olx.ua",
        "статья telegra.ph/x",
        "halykmarket.kz скидки",
        "jusanmobile.kz тариф",
        "код на github.com",
        "okx.com",
        "gov.uk",
    ],
    ids=[
        "kaspersky",
        "bbc",
        "olx-ukraine",
        "telegraph",
        "halyk-market",
        "jusan-mobile",
        "github",
        "okx",
        "gov-uk",
    ],
)
def test_popular_legit_domains_are_not_flagged(text: str) -> None:
    assert not verdict(text).flagged


@pytest.mark.parametrize(
    ("text", "lang", "scheme"),
    [
        (
            "Здравствуйте, служба безопасности банка. На вас пытаются оформить кредит, "
            "переведите средства на безопасный счёт.",
            "ru",
            "safe_account",
        ),
        (
            "Сәлеметсіз бе, банктің қауіпсіздік қызметі. Ақшаңызды қауіпсіз шотқа аударыңыз.",
            "kk",
            "safe_account",
        ),
        (
            "Вам придёт код с номера 1414, продиктуйте его мне, чтобы записать к врачу.",
            "ru",
            "sms_code",
        ),
        (
            "Я ошибочно перевела вам 15 000, верните на другую карту, пожалуйста.",
            "ru",
            "erroneous_transfer",
        ),
        (
            "Скачайте AnyDesk и назовите ID и пароль, чтобы сотрудник банка защитил счёт.",
            "ru",
            "remote_access",
        ),
        (
            "Сізге Kaspi-ден 500 000 теңге ұтыс! Ұтысты алу үшін карта деректерін енгізіңіз.",
            "kk",
            "prize",
        ),
        ("Kartanyz bugattaldy, kodty aitynyz, әйтпесе ақшаңыз жоғалады", "kk", "sms_code"),
    ],
    ids=[
        "safe-account-ru",
        "safe-account-kk",
        "sms-code-1414",
        "erroneous-transfer",
        "remote-access",
        "prize-kk",
        "latin-kazakh",
    ],
)
def test_schemes_without_links_are_flagged(text: str, lang: str, scheme: str) -> None:
    v = verdict(text, lang)
    assert v.flagged, (v.level, v.score, codes(v))
    assert v.scheme == scheme
    assert v.lesson == scheme


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Код для входа в Kaspi.kz: 4821. Никому не сообщайте этот код.", "ru"),
        ("Банк предупредил: никогда не сообщайте код из SMS даже сотрудникам банка.", "ru"),
        (
            "Мошенники звонят от имени службы безопасности и просят перевести деньги на "
            "«безопасный счёт». Будьте бдительны!",
            "ru",
        ),
        ("SMS-кодты ешкімге айтпаңыз, банк қызметкерлері оны ешқашан сұрамайды.", "kk"),
        ("Never share your CVV or one-time code, the bank will never ask for it.", "en"),
        ("Скинь 3000 на каспи за пиццу, я заказала на всех", "ru"),
        ("Покупка 2 350 ₸ в SMALL. Доступно 41 870 ₸", "ru"),
        ("Выиграла в лотерею на корпоративе чайник 😂", "ru"),
    ],
    ids=[
        "real-otp",
        "bank-warning",
        "news",
        "kk-warning",
        "en-warning",
        "split-bill",
        "purchase-sms",
        "first-person-prize",
    ],
)
def test_talking_about_fraud_or_money_is_not_flagged(text: str, lang: str) -> None:
    v = verdict(text, lang)
    assert not v.flagged, (v.level, v.score, codes(v))


@pytest.mark.parametrize(
    "text",
    [
        "Код для входа в Kaspi.kz: 4821. Никому не сообщайте этот код.",
        "Привет, как дела? Увидимся вечером",
        "https://egov.kz/cms/ru",
    ],
)
def test_genuine_messages_can_be_safe(text: str) -> None:
    assert verdict(text).level == "safe"


def test_code_request_with_link_is_dangerous() -> None:
    v = verdict("Введите код из SMS на странице bonus-kz.online чтобы получить кешбэк")
    assert v.level == "dangerous"
    assert {"code_request", "link_other"} <= codes(v)


def test_apk_by_name_is_dangerous_whatever_the_text() -> None:
    v = verdict("Посмотри фото с тоя 😍 Foto_toi.apk")
    assert v.level == "dangerous"
    assert v.scheme == "malware_apk"
    ctx = CheckContext(file_names=("документы.apk",))
    assert verdict("Документы по вашему делу", context=ctx).level == "dangerous"


def test_hidden_link_text_mismatch() -> None:
    text = "Войдите на kaspi.kz чтобы подтвердить"
    entity = {"type": "text_link", "offset": 11, "length": 8, "url": "https://kaspi-login.top/"}
    v = verdict(text, entities=[entity])
    assert v.level == "dangerous"
    assert {"link_mismatch", "brand_in_domain"} <= codes(v)


def test_brand_username_and_forward_impersonation() -> None:
    v = verdict("Напишите нашему оператору @kaspi_support_bot для разблокировки карты")
    assert "username_brand" in codes(v)
    assert v.flagged
    ctx = CheckContext(forward_sender="Kaspi Bank Служба поддержки", forward_kind="channel")
    v = verdict("Ваша карта заблокирована, напишите нам", context=ctx)
    assert "forward_brand" in codes(v)
    assert v.flagged


def test_a_toll_free_kazakh_number_is_not_called_foreign() -> None:
    v = verdict("Горячая линия банка: 8 800 080 00 88, звонок бесплатный")
    assert "phone_foreign" not in codes(v)


def test_an_amount_is_not_read_as_a_phone() -> None:
    v = verdict("Зачислено 1 250 000,00 KZT на ваш счёт")
    assert not [i for i in v.indicators if i.kind == "phone"]


def test_blocklist_hit_is_dangerous() -> None:
    text = "Посмотри example-shop.kz"
    (url,) = extract(text).urls
    v = verdict(text, matches=Matches(blocked=(url,)))
    assert v.level == "dangerous"
    (reason,) = [r for r in v.reasons if r.code == "blocklisted"]
    assert reason.text.startswith("hxxp://example-shop[.]kz уже есть в базе")


def test_blocklist_never_overrides_an_official_address() -> None:
    text = "Ваш заказ на kaspi.kz"
    (url,) = extract(text).urls
    v = verdict(text, matches=Matches(blocked=(url,)))
    assert "blocklisted" not in codes(v)
    assert v.level == "safe"


def test_allowlisted_link_is_not_risky() -> None:
    text = "Подарок ждёт: kaspi-bonus.top"
    assert verdict(text).level == "dangerous"
    (url,) = extract(text).urls
    v = verdict(text, matches=Matches(allowed=frozenset({url})))
    assert not v.flagged
    assert not codes(v) & {"lookalike_domain", "brand_in_domain", "link_suspicious_tld"}


@pytest.mark.parametrize(("reporters", "flagged"), [(1, False), (2, True), (9, True)])
def test_reports_count_only_from_several_people(reporters: int, flagged: bool) -> None:
    v = verdict("Посмотри example-shop.kz", matches=Matches(reporters=reporters))
    found = [r for r in v.reasons if r.code == "community_reported"]
    assert bool(found) is flagged
    if flagged:
        assert v.level == "suspicious"  # reports alone never make it dangerous
        assert str(reporters) in found[0].text


def test_card_issuer_shown_masked() -> None:
    v = verdict("Переведите предоплату на карту 4400 4301 2345 6789")
    (card,) = [i for i in v.indicators if i.kind == "card"]
    assert card.display == "4400 43•• •••• 6789"
    assert card.detail == "Kaspi Bank, Visa"
    assert v.flagged


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_reasons_and_advice_are_in_the_requested_language(lang: str) -> None:
    v = verdict("Бонус ждёт: kaspi-bonus.top", lang)
    rules = default_rules()
    brand = rules.brands.get("kaspi")
    assert brand is not None
    assert v.title == rules.texts.get("level.dangerous", lang)
    assert v.reasons[0].text == rules.texts.get(
        "signal.link_impersonation",
        lang,
        shown="kaspi-bonus[.]top",
        brand=brand.title(lang),
        real="kaspi[.]kz",
    )
    assert 1 <= len(v.advice) <= 3
    assert v.lesson == "phishing"


def test_advice_never_names_unverified_numbers() -> None:
    rules = default_rules()
    unverified = ("9999", "7575", "1459", "0611")
    for key in rules.texts:
        for lang in ("ru", "kk", "en"):
            text = rules.texts.get(key, lang) if "{" not in rules.texts.get(key, "ru") else ""
            assert not any(n in text for n in unverified), key


def test_empty_and_garbage_are_unsure_with_nothing_to_say() -> None:
    v = verdict("🤔🤔🤔 ...")
    assert v.level == "unsure"
    assert v.reasons == []
    assert v.scheme is None


def test_reasons_quote_only_what_is_in_the_message() -> None:
    text = "Здравствуйте, служба безопасности банка. Срочно продиктуйте код из SMS."
    v = verdict(text)
    # The message's own words are the last quoted piece of a reason.
    quoted = [r.text.rsplit("«", 1)[1].rsplit("»", 1)[0] for r in v.reasons if "«" in r.text]
    assert quoted
    for piece in quoted:
        for part in piece.split(" … "):
            assert part in text, part


def test_a_link_flood_says_only_the_first_links_were_checked() -> None:
    v = verdict(" ".join(f"site{i}.top" for i in range(500)))
    assert v.flagged
    assert any("первые 50" in r.text for r in v.reasons)
