"""Community reports: /report, the "Report scam" and "False alarm" buttons under a verdict.

Nothing a person sent is stored: indicators are taken again from the message the buttons
refer to (Telegram includes it with the tap) and queued as keys, hashed where needed.
"""

from __future__ import annotations

import html
import time
from typing import TYPE_CHECKING

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
)
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from checks.extract import extract
from checks.lookup import Key
from checks.reportable import appeal_keys, reportable
from db.blocklist import COMMUNITY
from handlers.callbacks import ReportAction, ReportCb, VerdictAction, VerdictCb
from handlers.message_source import Checkable, original_message, read_message
from handlers.picture_reader import PictureReader

if TYPE_CHECKING:
    from bot.checker import Checker
    from bot.settings import Settings
    from db.repos import Repos

WAIT_SECONDS = 600  # after /report, the next message within this time is what to report


class ReportFlow(StatesGroup):
    waiting = State()


# ---- /report ----------------------------------------------------------------------------


async def cmd_report(
    message: Message,
    *,
    command: CommandObject,
    state: FSMContext,
    checker: Checker,
    bot: Bot,
    pictures: PictureReader,
) -> None:
    if command.args:
        await _confirm(message, await read_message(message, bot, pictures), checker)
        return
    await state.set_state(ReportFlow.waiting)
    await state.update_data(since=time.time())
    await message.answer(
        _(
            "Send or forward me what you want to report: the message, a link, a phone or "
            "card number, or a @username. /cancel to stop."
        )
    )


async def cmd_cancel(message: Message, state: FSMContext) -> None:
    await state.clear()
    await message.answer(_("Cancelled. Send me any message to check it."))


async def on_report_subject(
    message: Message, *, state: FSMContext, checker: Checker, bot: Bot, pictures: PictureReader
) -> None:
    data = await state.get_data()
    await state.clear()
    if time.time() - float(data.get("since", 0)) > WAIT_SECONDS:
        raise SkipHandler  # asked too long ago: check it like any other message
    await _confirm(message, await read_message(message, bot, pictures), checker)


async def _not_command(message: Message) -> bool:
    return not (message.text or "").startswith("/")


async def _confirm(source: Message, checkable: Checkable, checker: Checker) -> None:
    """Show what will be reported (masked) and ask; the question replies to `source`."""
    found = extract(checkable.text, checkable.entities)
    result = reportable(found, checkable.context, checker.rules, checker.policy, checkable.text)
    lines = []
    if result.items:
        lines += [_("I will send this to the moderators:"), *_bullets(result.items)]
    elif result.official:
        lines.append(_("There is nothing to report here."))
    else:
        lines.append(
            _(
                "There is nothing here to report: a report warns others about a link, "
                "a phone or card number, an IBAN or an @account, and this message has none. "
                "If the scammer called or wrote from a number or account, send /report "
                "with it."
            )
        )
    if result.official:
        shown = ", ".join(html.escape(s) for s in result.official)
        lines += ["", _("Not reported, these are official: {items}").format(items=shown)]
    markup = None
    if result.items:
        lines += ["", _("Send the report?")]
        markup = _keyboard(
            (_("✅ Send report"), ReportCb(action=ReportAction.send).pack()),
            (_("✖️ Cancel"), ReportCb(action=ReportAction.cancel).pack()),
        )
    await source.answer(
        "\n".join(lines),
        reply_markup=markup,
        reply_parameters=ReplyParameters(
            message_id=source.message_id, allow_sending_without_reply=True
        ),
    )


# ---- buttons under a verdict ------------------------------------------------------------


async def on_report_button(
    query: CallbackQuery,
    *,
    checker: Checker,
    bot: Bot,
    pictures: PictureReader,
    callback_answer: CallbackAnswer,
) -> None:
    source = original_message(query, callback_answer)
    if source is None:
        return
    await _confirm(source, await read_message(source, bot, pictures), checker)


async def on_send(
    query: CallbackQuery,
    *,
    callback_data: ReportCb,
    checker: Checker,
    repos: Repos,
    settings: Settings,
    bot: Bot,
    pictures: PictureReader,
    callback_answer: CallbackAnswer,
) -> None:
    confirm = query.message if isinstance(query.message, Message) else None
    if callback_data.action == ReportAction.cancel:
        if confirm is not None:
            await confirm.edit_text(_("Report cancelled."))
        return
    source = original_message(query, callback_answer)
    if confirm is None or source is None:
        return
    checkable = await read_message(source, bot, pictures)
    found = extract(checkable.text, checkable.entities)
    items = reportable(
        found, checkable.context, checker.rules, checker.policy, checkable.text
    ).items
    if not items:  # a forged or outdated button: there was never anything to send
        callback_answer.text = _("This button no longer works. Send /start to begin again.")
        return
    reporter = repos.hasher.person(query.from_user.id)
    if await repos.reports.votes_today(reporter) + len(items) > settings.report_daily_limit:
        await confirm.edit_text(
            _(
                "Thank you, you have sent many reports today. Please send more tomorrow: "
                "this limit keeps the list honest."
            )
        )
        return
    lines = [_("Thank you! Sent to the moderators:")]
    for key in items:
        stored = repos.hasher.stored(key.kind, key.value)
        filed = await repos.reports.file(
            "scam", key.kind, stored, display=key.display, reporter=reporter
        )
        if filed.status == "pending" and await _auto_approve(repos, settings, filed.report_id):
            await repos.blocklist.add_stored(key.kind, stored, key.display, COMMUNITY)
        people = ngettext(
            "reported by {n} person", "reported by {n} people", filed.reporters
        ).format(n=filed.reporters)
        lines.append(f"• {html.escape(key.display)} — {people}")
    lines += [
        "",
        _(
            "Until they check it: do not pay and do not share codes. If in doubt, call your "
            "bank using the number on the back of your card."
        ),
    ]
    await confirm.edit_text("\n".join(lines))


async def _auto_approve(repos: Repos, settings: Settings, report_id: int) -> bool:
    """Approve without an admin when enough trusted reporters agree (off by default)."""
    needed = settings.report_auto_approve
    if not needed:
        return False
    if await repos.reports.trusted_votes(report_id, settings.report_trusted_after) < needed:
        return False
    if not await repos.reports.set_status(report_id, "approved"):
        return False
    await repos.audit.record(0, "auto_approve", f"report #{report_id}")
    return True


async def on_false_alarm(
    query: CallbackQuery,
    *,
    checker: Checker,
    repos: Repos,
    settings: Settings,
    locale: str,
    bot: Bot,
    pictures: PictureReader,
    callback_answer: CallbackAnswer,
) -> None:
    """An appeal: the indicators (or, without any, the verdict's scheme), never the text."""
    source = original_message(query, callback_answer)
    if source is None:
        return
    reporter = repos.hasher.person(query.from_user.id)
    if await repos.reports.votes_today(reporter) >= settings.report_daily_limit:
        callback_answer.text = _("Thank you, you have sent many reports today.")
        return
    checkable = await read_message(source, bot, pictures)
    verdict = await checker.check(
        checkable.text,
        entities=checkable.entities,
        context=checkable.context,
        lang=locale,
    )
    if not verdict.flagged:  # only a warning can be a false alarm (forged or stale button)
        callback_answer.text = _(
            "I did not warn about this message, so there is nothing to appeal."
        )
        return
    detail = f"{verdict.level}/{verdict.scheme or '-'}: " + ",".join(
        r.code for r in verdict.reasons
    )
    keys = appeal_keys(extract(checkable.text, checkable.entities), checker.policy)
    if not keys:
        scheme = verdict.scheme or "none"
        keys = [Key("verdict", scheme, scheme)]
    for key in keys:
        await repos.reports.file(
            "false_alarm",
            key.kind,
            repos.hasher.stored(key.kind, key.value),
            display=key.display,
            reporter=reporter,
            detail=detail[:300],
        )
    await source.answer(
        _(
            "Thank you. A moderator will look at it, and if I was wrong, I will stop "
            "warning about it. Until then, check in your bank's official app or call the "
            "number on the back of your card."
        ),
        reply_parameters=ReplyParameters(
            message_id=source.message_id, allow_sending_without_reply=True
        ),
    )


# ---- helpers ----------------------------------------------------------------------------


def _bullets(items: list[Key]) -> list[str]:
    return [f"• {html.escape(k.display)}" for k in items]


def _keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=t, callback_data=d) for t, d in buttons]]
    )


def make_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_report, Command("report"))
    router.message.register(cmd_cancel, Command("cancel"))
    router.message.register(on_report_subject, StateFilter(ReportFlow.waiting), _not_command)
    router.callback_query.register(
        on_report_button, VerdictCb.filter(F.action == VerdictAction.report)
    )
    router.callback_query.register(
        on_false_alarm, VerdictCb.filter(F.action == VerdictAction.false_alarm)
    )
    router.callback_query.register(on_send, ReportCb.filter())
    return router
