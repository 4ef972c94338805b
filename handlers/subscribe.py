"""/subscribe (how often, which day, what hour) and /unsubscribe."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from db.repos import Repos
from db.subscriptions import Subscription, next_slot
from handlers.callbacks import SubAction, SubCb
from handlers.schedule_text import day_name, schedule_line

if TYPE_CHECKING:
    from bot.settings import Settings

HOURS = (8, 9, 10, 12, 14, 16, 18, 19, 20)
FREQUENCIES = ("daily", "weekly")


def _button(text: str, **data: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=SubCb(**data).pack())  # type: ignore[arg-type]


def _rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


async def cmd_subscribe(message: Message, repos: Repos, settings: Settings, locale: str) -> None:
    lines = []
    if message.from_user is not None:
        current = await repos.subscriptions.get(message.from_user.id)
        if current is not None:
            lines += [schedule_line(current, settings.timezone, locale), ""]
    lines.append(_("How often would you like a short lesson about a fraud scheme?"))
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _button(_("Every day"), action=SubAction.frequency, frequency="daily"),
                _button(_("Once a week"), action=SubAction.frequency, frequency="weekly"),
            ]
        ]
    )
    await message.answer("\n".join(lines), reply_markup=markup)


async def cmd_unsubscribe(message: Message, repos: Repos) -> None:
    if message.from_user is None:
        return
    if await repos.subscriptions.remove(message.from_user.id):
        await message.answer(_("Done: no more scheduled lessons. /subscribe to start again."))
    else:
        await message.answer(_("You are not subscribed. /subscribe to get lessons by schedule."))


async def on_subscribe_button(
    query: CallbackQuery,
    *,
    callback_data: SubCb,
    repos: Repos,
    settings: Settings,
    locale: str,
    clock: Callable[[], float],
    callback_answer: CallbackAnswer,
) -> None:
    message = query.message if isinstance(query.message, Message) else None
    if message is None:
        return
    data = callback_data
    if data.frequency not in FREQUENCIES:
        callback_answer.text = _("This button is out of date. Send /subscribe again.")
        return
    weekly = data.frequency == "weekly"
    if data.action == SubAction.frequency and weekly:
        days = [
            _button(day_name(d, locale), action=SubAction.day, frequency="weekly", day=d)
            for d in range(7)
        ]
        await message.edit_text(
            _("Which day of the week?"),
            reply_markup=InlineKeyboardMarkup(inline_keyboard=_rows(days, 4)),
        )
        return
    if data.action in (SubAction.frequency, SubAction.day):
        if weekly and not 0 <= data.day <= 6:
            callback_answer.text = _("This button is out of date. Send /subscribe again.")
            return
        hours = [
            _button(
                f"{h:02d}:00",
                action=SubAction.hour,
                frequency=data.frequency,
                day=data.day,
                hour=h,
            )
            for h in HOURS
        ]
        await message.edit_text(
            _("At what time? ({zone})").format(zone=settings.timezone),
            reply_markup=InlineKeyboardMarkup(inline_keyboard=_rows(hours, 3)),
        )
        return
    if not 0 <= data.hour <= 23 or (weekly and not 0 <= data.day <= 6):
        callback_answer.text = _("This button is out of date. Send /subscribe again.")
        return
    weekday = data.day if weekly else None
    frequency = "weekly" if weekly else "daily"
    now = datetime.fromtimestamp(clock(), UTC)
    slot = next_slot(now, frequency, data.hour, weekday, settings.tz)
    await repos.subscriptions.set(
        query.from_user.id, frequency, data.hour, weekday, int(slot.timestamp())
    )
    chosen = Subscription(query.from_user.id, frequency, data.hour, weekday, 0)
    await message.edit_text(
        "\n".join(
            [
                _("Subscribed!"),
                schedule_line(chosen, settings.timezone, locale),
                _("/unsubscribe to stop."),
            ]
        )
    )


def make_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_subscribe, Command("subscribe"))
    router.message.register(cmd_unsubscribe, Command("unsubscribe"))
    router.callback_query.register(on_subscribe_button, SubCb.filter())
    return router
