"""/privacy (what is kept and why) and /forget (delete everything about me, after a tap)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from db.activity import forget
from db.repos import Repos
from handlers.callbacks import ForgetAction, ForgetCb


async def cmd_privacy(message: Message) -> None:
    await message.answer(
        "\n".join(
            [
                _("🔒 What I keep, and why"),
                "",
                _(
                    "• The messages you send me to check: never. I read them, answer, and "
                    "forget them. Links, phone and card numbers you check are not kept either."
                ),
                _(
                    "• For statistics: the time of each check, its verdict and what kinds of "
                    "things it had (a link, a card...), with your Telegram id scrambled."
                ),
                _("• Your language, and your lessons, quiz answers and schedule if you use them."),
                _(
                    "• What you report: the link or number itself (phone and card numbers only "
                    "in scrambled form), so moderators can check it."
                ),
                "",
                _("/forget deletes everything about you."),
            ]
        )
    )


async def cmd_forget(message: Message) -> None:
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=_("🗑 Delete everything"),
                    callback_data=ForgetCb(action=ForgetAction.confirm).pack(),
                ),
                InlineKeyboardButton(
                    text=_("✖️ Cancel"), callback_data=ForgetCb(action=ForgetAction.cancel).pack()
                ),
            ]
        ]
    )
    await message.answer(
        _(
            "This deletes your language, schedule, lessons and quiz answers, and unlinks "
            "your checks and reports from you (reported links stay for moderators). Delete?"
        ),
        reply_markup=markup,
    )


async def on_forget(
    query: CallbackQuery, callback_data: ForgetCb, repos: Repos, state: FSMContext
) -> None:
    message = query.message if isinstance(query.message, Message) else None
    if callback_data.action == ForgetAction.cancel:
        if message is not None:
            await message.edit_text(_("Nothing was deleted."))
        return
    user_id = query.from_user.id
    await state.clear()
    await forget(repos.conn, user_id, repos.hasher.person(user_id))
    repos.users.evict(user_id)
    if message is not None:
        await message.edit_text(
            _("Done: I have deleted everything about you. If you write again, I start afresh.")
        )


def make_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_privacy, Command("privacy"))
    router.message.register(cmd_forget, Command("forget"))
    router.callback_query.register(on_forget, ForgetCb.filter())
    return router
