"""What a person can report from a message: indicators as blocklist keys, official ones apart.

A link becomes its whole site unless the site is shared (t.me/anyone, a shortener, a big
host), where only that address is reported; official addresses are never reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checks.context import CheckContext
from checks.indicators import Indicators, Url, Username
from checks.lookup import (
    ONE_ADDRESS,
    Indicator,
    Key,
    SitePolicy,
    all_indicators,
    display_of,
    entry_key,
)
from checks.rules import Rules

MAX_ITEMS = 10
TELEGRAM_LINK_HOSTS = frozenset({"t.me", "telegram.me", "telegram.dog"})
# "пишите в телеграм kaspi_help", "Telegram: invest_pro24": an account named without "@".
# Only names with a digit, an underscore or a "bot" ending, so "Telegram Premium" is not one.
_NAMED_ACCOUNT = re.compile(
    r"(?:telegram|телеграм\w*|телеге|тг|tg)\s*[:\-—–]?\s*"
    r"(?<![@\w])([a-z][a-z0-9_]{4,31})\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Reportable:
    items: list[Key] = field(default_factory=list)
    official: list[str] = field(default_factory=list)
    """Shown forms of official addresses and numbers that were left out."""


def reportable(
    found: Indicators,
    context: CheckContext,
    rules: Rules,
    policy: SitePolicy,
    text: str = "",
) -> Reportable:
    """What can be reported; `text` adds accounts named without "@" ("в телеграм ivan_24")."""
    result = Reportable()
    items: list[Indicator] = all_indicators(found)
    if context.forward_username:
        items.append(Username(context.forward_username.lower()))
    items += named_accounts(text)
    names = {u.name for u in found.usernames}
    for item in items:
        if isinstance(item, Url) and _telegram_link_to(item, names):
            continue  # t.me/name: reported once, as the @name account
        if rules.brands.is_official(item):
            result.official.append(display_of(item))
            continue
        key = entry_key(item, url_only=_one_address(item, policy))
        if key not in result.items:
            result.items.append(key)
    del result.items[MAX_ITEMS:]
    return result


def named_accounts(text: str) -> list[Username]:
    names = []
    for match in _NAMED_ACCOUNT.finditer(text[:20_000]):
        name = match.group(1).lower()
        if any(c.isdigit() or c == "_" for c in name) or name.endswith("bot"):
            names.append(Username(name, match.span(1)))
    return names


def appeal_keys(found: Indicators, policy: SitePolicy) -> list[Key]:
    """What a false-alarm appeal names: each indicator as it would be allowlisted."""
    keys: list[Key] = []
    for item in all_indicators(found):
        key = entry_key(item, url_only=_one_address(item, policy))
        if key not in keys:
            keys.append(key)
    return keys[:MAX_ITEMS]


def _telegram_link_to(url: Url, names: set[str]) -> bool:
    first = url.path.strip("/").split("/", 1)[0].split("?", 1)[0].lower()
    return url.registered_domain in TELEGRAM_LINK_HOSTS and first in names


def _one_address(item: Indicator, policy: SitePolicy) -> bool:
    return isinstance(item, Url) and policy.judge(item.host) == ONE_ADDRESS
