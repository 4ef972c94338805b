"""A subscription in words: "every day at 09:00 (Asia/Almaty)"."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _
from babel.dates import get_day_names

from db.subscriptions import Subscription


def day_name(weekday: int, locale: str) -> str:
    return str(get_day_names("wide", locale=locale)[weekday])


def schedule_line(subscription: Subscription, timezone: str, locale: str) -> str:
    time = f"{subscription.hour:02d}:00"
    if subscription.frequency == "weekly" and subscription.weekday is not None:
        return _("Tips: once a week ({day}) at {time} ({zone}).").format(
            day=day_name(subscription.weekday, locale), time=time, zone=timezone
        )
    return _("Tips: every day at {time} ({zone}).").format(time=time, zone=timezone)
