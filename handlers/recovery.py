"""/sos and "😟 I already did it": one question (what happened), then that situation's steps.

Minutes matter when stopping a transfer, so the answer is the steps themselves, in order,
with nothing to type. Texts are data (content/recovery.toml) and name only verified
numbers; a bank's number is always "the one on the back of your card".
"""

from __future__ import annotations

from html import escape

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from content.recovery import Situation, load_recovery
from handlers.callbacks import ContactsCb, SosCb


def sos_button(*, new: bool = True) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=_("😟 I already did it"), callback_data=SosCb(new=new).pack())


def menu_text() -> str:
    return _(
        "😟 What happened? Choose, and I will tell you what to do, step by step. "
        "Do it now: minutes matter."
    )


def menu_keyboard(lang: str) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                text=f"{s.emoji} {s.text(lang).button}",
                callback_data=SosCb(situation=s.id).pack(),
            )
        ]
        for s in load_recovery().situations
    ]
    rows.append([contacts_button()])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def contacts_button() -> InlineKeyboardButton:
    return InlineKeyboardButton(text=_("📞 Official numbers"), callback_data=ContactsCb().pack())


def steps_html(situation: Situation, lang: str) -> str:
    text = situation.text(lang)
    lines = [f"{situation.emoji} <b>{escape(text.title)}</b>", ""]
    lines += [f"{n}. {escape(step)}" for n, step in enumerate(text.steps, 1)]
    bring = _("Have with you for the police and the bank:")
    lines += ["", f"<b>{escape(bring)}</b>"]
    lines.append(escape(text.bring))
    return "\n".join(lines)


def steps_keyboard() -> InlineKeyboardMarkup:
    back = InlineKeyboardButton(text=_("⬅️ Something else happened"), callback_data=SosCb().pack())
    return InlineKeyboardMarkup(inline_keyboard=[[back], [contacts_button()]])


async def cmd_sos(message: Message, locale: str) -> None:
    await message.answer(menu_text(), reply_markup=menu_keyboard(locale))


async def on_sos(
    query: CallbackQuery, callback_data: SosCb, locale: str, callback_answer: CallbackAnswer
) -> None:
    if not isinstance(query.message, Message):  # too old for Telegram to include
        callback_answer.text = _("This button no longer works. Send /start to begin again.")
        return
    if not callback_data.situation:
        if callback_data.new:
            await query.message.answer(menu_text(), reply_markup=menu_keyboard(locale))
        else:
            await query.message.edit_text(menu_text(), reply_markup=menu_keyboard(locale))
        return
    situation = load_recovery().get(callback_data.situation)
    if situation is None:  # forged, or a situation removed since
        callback_answer.text = _("This button no longer works. Send /start to begin again.")
        return
    await query.message.edit_text(steps_html(situation, locale), reply_markup=steps_keyboard())


def make_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_sos, Command("sos"))
    router.callback_query.register(on_sos, SosCb.filter())
    return router
