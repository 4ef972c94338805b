"""Heuristics and scoring: level, scheme and reason codes for given messages."""

from __future__ import annotations

import pytest

from checks.assess import assess
from checks.context import CheckContext
from checks.extract import extract
from checks.matches import Matches
from checks.rules import load_rules
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
        rules=load_rules(),
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
        ("Вход: 0lx-delivery.shop", "lookalike_domain"),
        ("Вход: https://kaspi.kz@evil.top/", "userinfo_trick"),
        ("Вход: kаsрі-pay.com", "lookalike_domain"),
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
    ],
)
def test_lookalike_brand_domains_are_dangerous(text: str, code: str) -> None:
    v = verdict(text)
    assert v.level == "dangerous"
    assert code in codes(v)
    assert v.scheme == "phishing"


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
    ],
    ids=["kaspi-shop", "kaspi-guide", "halyk", "homebank", "egov", "gov-kz", "olx", "nb"],
)
def test_official_links_alone_are_safe(text: str) -> None:
    v = verdict(text)
    assert v.level == "safe"
    assert codes(v) == {"official_link"}


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
    ],
    ids=["kaspersky", "bbc", "olx-ukraine", "telegraph", "halyk-market", "jusan-mobile", "github"],
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
        ("Оформи карту на себя и передай нам, платим 5% с каждого перевода.", "ru", "job_mule"),
        (
            "Мама, я попал в беду, срочно переведи 50 000 на эту карту, не звони.",
            "ru",
            "relative_in_trouble",
        ),
        ("Our AI bot makes 8% profit every day, guaranteed income, no risk.", "en", "investment"),
        ("Проголосуй за мою племянницу, там вход через Telegram и код.", "ru", "account_takeover"),
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
    ],
    ids=[
        "safe-account-ru",
        "safe-account-kk",
        "sms-code-1414",
        "mule",
        "relative",
        "investment-en",
        "fake-vote",
        "erroneous-transfer",
        "remote-access",
        "prize-kk",
    ],
)
def test_schemes_without_links_are_flagged(text: str, lang: str, scheme: str) -> None:
    v = verdict(text, lang)
    assert v.flagged, (v.level, v.score, codes(v))
    assert v.scheme == scheme


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


def test_code_request_with_link_is_dangerous() -> None:
    v = verdict("Введите код из SMS на странице bonus-kz.online чтобы получить кешбэк")
    assert v.level == "dangerous"
    assert {"code_request", "code_request_with_link"} <= codes(v)


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
    assert {"link_text_mismatch", "brand_in_domain"} <= codes(v)


def test_brand_username_and_forward_impersonation() -> None:
    v = verdict("Напишите нашему оператору @kaspi_support_bot для разблокировки карты")
    assert "brand_username" in codes(v)
    assert v.flagged
    ctx = CheckContext(forward_sender="Kaspi Bank Служба поддержки", forward_kind="channel")
    v = verdict("Ваша карта заблокирована, напишите нам", context=ctx)
    assert "forward_impersonation" in codes(v)
    assert v.flagged


def test_russian_phone_claiming_kz_bank() -> None:
    v = verdict("Служба безопасности Halyk Bank. Перезвоните по номеру +7 916 123 45 67")
    assert "foreign_phone" in codes(v)
    assert v.flagged


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
    assert v.level == "unsure"  # "safe" is kept for official addresses
    assert "allowlisted" in codes(v)
    assert not codes(v) & {"lookalike_domain", "brand_in_domain", "suspicious_tld"}


@pytest.mark.parametrize(("reporters", "points"), [(1, None), (2, 40), (3, 60), (9, 60)])
def test_one_reporter_alone_never_counts(reporters: int, points: int | None) -> None:
    v = verdict("Посмотри example-shop.kz", matches=Matches(reporters=reporters))
    found = [r for r in v.reasons if r.code == "community_reported"]
    if points is None:
        assert not found
    else:
        assert found[0].weight == points
        assert str(reporters) in found[0].text


def test_card_issuer_shown_masked() -> None:
    v = verdict("Переведите предоплату на карту 4400 4301 2345 6789")
    (card,) = [i for i in v.indicators if i.kind == "card"]
    assert card.display == "4400 43•• •••• 6789"
    assert card.detail == "Kaspi Bank, Visa"
    assert "card_transfer" in codes(v)


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_reasons_and_advice_are_in_the_requested_language(lang: str) -> None:
    v = verdict("Бонус ждёт: kaspi-bonus.top", lang)
    rules = load_rules()
    assert v.title == rules.texts.get("level.dangerous", lang)
    assert v.reasons[0].text == rules.texts.get(
        "reason.brand_in_domain", lang, domain="kaspi-bonus[.]top", brand="Kaspi"
    )
    assert 1 <= len(v.advice) <= 3
    assert v.lesson == "phishing"


def test_advice_never_names_unverified_numbers() -> None:
    rules = load_rules()
    unverified = ("9999", "7575", "1459", "0611")
    for key in rules.texts:
        for lang in ("ru", "kk", "en"):
            text = rules.texts.get(key, lang) if "{" not in rules.texts.get(key, "ru") else ""
            assert not any(n in text for n in unverified), key


def test_unsure_when_nothing_found() -> None:
    v = verdict("Привет, как дела? Увидимся вечером")
    assert v.level == "unsure"
    assert v.reasons == []
    assert v.scheme is None


def test_a_link_flood_says_only_the_first_links_were_checked() -> None:
    v = verdict(" ".join(f"site{i}.top" for i in range(500)))
    assert "too_many_links" in codes(v)
    assert "В сообщении очень много ссылок; я проверил первые 50." in [r.text for r in v.reasons]
