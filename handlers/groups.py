"""Group protection: warn about (or delete) dangerous messages, stay silent otherwise.

In a group only messages that can carry fraud are checked (links, phone or card
numbers, forwards, files); only a dangerous verdict gets a reply, at most a few per
minute per group, so a spam wave cannot make the bot flood the chat. Group admins set
it up with /groupsettings: on/off, warn or delete, language.
"""

from __future__ import annotations

import logging
import re
from html import escape
from typing import TYPE_CHECKING

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.filters import Command
from aiogram.types import (
    CallbackQuery,
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
)
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _
from aiolimiter import AsyncLimiter

from checks.render import shown_reasons
from checks.textnorm import visible
from db.groups import Group
from db.repos import Repos
from handlers.callbacks import GroupAction, GroupCb
from handlers.filters import on_loop
from handlers.language import LANGUAGE_NAMES
from handlers.message_source import read_message
from handlers.picture_reader import PictureReader

if TYPE_CHECKING:
    from bot.checker import Checker
    from bot.settings import Settings

log = logging.getLogger(__name__)

WARNINGS_PER_MINUTE = 5
_NUMBER = re.compile(r"\d[\d \-()]{8,}\d")
_DOMAIN = re.compile(r"[\w-]+\.(?:[a-z]{2,}|рф|қаз)\b", re.IGNORECASE)
_ENTITY_KINDS = {"url", "text_link", "phone_number", "email"}
_ADMINS = ("creator", "administrator")


class GroupGuard:
    """Per-group warning budget (in memory; a restart only refills it)."""

    def __init__(self) -> None:
        self._budgets: dict[int, AsyncLimiter] = {}

    async def may_warn(self, chat_id: int) -> bool:
        budget = self._budgets.setdefault(chat_id, AsyncLimiter(WARNINGS_PER_MINUTE, 60))
        if not budget.has_capacity():
            return False
        await budget.acquire()  # returns at once: there is capacity
        return True


async def _not_command(message: Message) -> bool:
    return not (message.text or "").startswith("/")


def worth_checking(message: Message) -> bool:
    """Links, numbers, forwards or files: what fraud in a group is made of."""
    if message.forward_origin is not None or message.document is not None:
        return True
    if message.photo or message.contact is not None:
        return True
    entities = (message.entities or []) + (message.caption_entities or [])
    if any(e.type in _ENTITY_KINDS for e in entities):
        return True
    text = message.text or message.caption or ""
    return bool(_NUMBER.search(text) or _DOMAIN.search(text))


async def on_group_message(
    message: Message,
    *,
    bot: Bot,
    repos: Repos,
    checker: Checker,
    pictures: PictureReader,
    group_guard: GroupGuard,
    settings: Settings,
) -> None:
    group = await repos.groups.get(message.chat.id)
    if group is None:
        group = await repos.groups.add(message.chat.id, settings.default_lang)
    if not group.enabled or not worth_checking(message):
        return
    source = await read_message(message, bot, pictures)
    verdict = await checker.check(
        source.text,
        entities=source.entities,
        context=source.context,
        lang=group.language,
    )
    await repos.activity.record_check(
        verdict.level, verdict.scheme, [i.kind for i in verdict.indicators], None
    )
    if verdict.level != "dangerous" or not await group_guard.may_warn(message.chat.id):
        return
    reason = next(iter(shown_reasons(verdict, 1)), verdict.summary)
    warning = _(
        "⚠️ Careful: this message looks like fraud. {reason} Do not open links, do not pay "
        "and do not share codes."
    ).format(reason=escape(reason))
    if group.mode == "delete" and await _delete(message):
        who = visible(message.from_user.full_name, 40) if message.from_user else "?"
        await message.answer(
            _("🗑 I removed a message from {who} that looked like fraud. {reason}").format(
                who=escape(who), reason=escape(reason)
            )
        )
        return
    await message.answer(
        warning,
        reply_parameters=ReplyParameters(
            message_id=message.message_id, allow_sending_without_reply=True
        ),
    )


async def _delete(message: Message) -> bool:
    try:
        await message.delete()
    except (TelegramBadRequest, TelegramForbiddenError) as exc:
        log.info("group %s: could not delete (%s); warning instead", message.chat.id, exc)
        return False
    return True


async def on_added(event: ChatMemberUpdated, repos: Repos, settings: Settings) -> None:
    status = event.new_chat_member.status
    if status in ("left", "kicked"):
        await repos.groups.remove(event.chat.id)
        return
    if event.old_chat_member.status not in ("left", "kicked"):
        return  # promoted or restricted: already here
    await repos.groups.add(event.chat.id, settings.default_lang)
    await event.answer(
        _(
            "Hello! I will warn this group about messages that look like fraud, and stay "
            "silent about the rest. Group admins: /groupsettings"
        )
    )


async def _is_group_admin(bot: Bot, chat_id: int, user_id: int) -> bool:
    member = await bot.get_chat_member(chat_id, user_id)
    return member.status in _ADMINS


def _settings_view(group: Group) -> tuple[str, InlineKeyboardMarkup]:
    state = _("on") if group.enabled else _("off")
    mode = _("delete and warn") if group.mode == "delete" else _("warn only")
    text = "\n".join(
        [
            _("🛡 Protection in this group"),
            _("Checking: {state}").format(state=state),
            _("Dangerous messages: {mode}").format(mode=mode),
            _("Language: {language}").format(language=LANGUAGE_NAMES[group.language]),
        ]
    )

    def button(label: str, action: GroupAction, value: str = "") -> InlineKeyboardButton:
        return InlineKeyboardButton(
            text=label, callback_data=GroupCb(action=action, value=value).pack()
        )

    rows = [
        [button(_("Turn off") if group.enabled else _("Turn on"), GroupAction.toggle)],
        [
            button(
                _("Warn only") if group.mode == "delete" else _("Delete and warn"),
                GroupAction.mode,
            )
        ],
        [
            button(name, GroupAction.language, code)
            for code, name in LANGUAGE_NAMES.items()
            if code != group.language
        ],
    ]
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


async def cmd_group_settings(message: Message, bot: Bot, repos: Repos, settings: Settings) -> None:
    if message.from_user is None or not await _is_group_admin(
        bot, message.chat.id, message.from_user.id
    ):
        await message.reply(_("Only group admins can change my settings here."))
        return
    group = await repos.groups.get(message.chat.id) or await repos.groups.add(
        message.chat.id, settings.default_lang
    )
    text, markup = _settings_view(group)
    await message.answer(text, reply_markup=markup)


async def on_group_button(
    query: CallbackQuery,
    *,
    callback_data: GroupCb,
    bot: Bot,
    repos: Repos,
    callback_answer: CallbackAnswer,
) -> None:
    message = query.message if isinstance(query.message, Message) else None
    if message is None:
        return
    chat_id = message.chat.id
    if not await _is_group_admin(bot, chat_id, query.from_user.id):
        callback_answer.text = _("Only group admins can change this.")
        callback_answer.show_alert = True
        return
    group = await repos.groups.get(chat_id)
    if group is None:
        callback_answer.text = _("Send /groupsettings again.")
        return
    if callback_data.action == GroupAction.toggle:
        group = await repos.groups.update(group, enabled=not group.enabled)
    elif callback_data.action == GroupAction.mode:
        group = await repos.groups.update(
            group, mode="warn" if group.mode == "delete" else "delete"
        )
    elif callback_data.value in LANGUAGE_NAMES:
        group = await repos.groups.update(group, language=callback_data.value)
    else:
        callback_answer.text = _("Send /groupsettings again.")
        return
    text, markup = _settings_view(group)
    await message.edit_text(text, reply_markup=markup)


def make_router() -> Router:
    router = Router(name=__name__)
    in_group = on_loop(F.chat.type.in_({"group", "supergroup"}))
    router.my_chat_member.register(on_added, in_group)
    router.message.register(cmd_group_settings, in_group, Command("groupsettings"))
    router.callback_query.register(on_group_button, GroupCb.filter())
    router.message.register(on_group_message, in_group, _not_command)
    return router
