"""What a report of a message contains: keys per indicator, official ones left out."""

from __future__ import annotations

from checks.context import CheckContext
from checks.extract import extract
from checks.lookup import SitePolicy
from checks.reportable import appeal_keys, reportable
from checks.rules import default_rules


def report(text: str, context: CheckContext | None = None) -> list[tuple[str, str]]:
    rules = default_rules()
    found = reportable(extract(text), context or CheckContext(), rules, SitePolicy(rules))
    return [(k.kind, k.value) for k in found.items]


def test_sites_platform_pages_and_official_addresses() -> None:
    assert report("https://www.kaspi-bonus.top/login") == [("domain", "kaspi-bonus.top")]
    assert report("https://sites.google.com/view/egov-payout") == [
        ("url", "sites.google.com/view/egov-payout")
    ]
    assert report("Оплата на https://kaspi.kz/pay и https://egov.kz") == []


def test_telegram_link_is_reported_once_as_the_account() -> None:
    assert report("Пишите https://t.me/Kaspi_Help_KZ") == [("username", "kaspi_help_kz")]


def test_numbers_and_forward_origin() -> None:
    found = report(
        "Переведите на 4400 4301 2345 6789, звоните +7 701 555 12 34",
        CheckContext(forward_username="Kaspi_Bonus_KZ", forward_kind="channel"),
    )
    assert found == [
        ("phone", "+77015551234"),
        ("card", "4400430123456789"),
        ("username", "kaspi_bonus_kz"),
    ]


def test_appeal_names_what_would_be_allowlisted() -> None:
    rules = default_rules()
    keys = appeal_keys(extract("Наш магазин kaspi-magazin.kz"), SitePolicy(rules))
    assert [(k.kind, k.value, k.display) for k in keys] == [
        ("domain", "kaspi-magazin.kz", "kaspi-magazin[.]kz")
    ]
