"""Admin moderation: /pending shows the queue one item at a time with decision buttons.

Only ADMIN_IDS get here; for anyone else the command is unknown and the buttons are dead.
Every decision is written to the audit log.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from db.blocklist import COMMUNITY
from handlers.callbacks import ModAction, ModCb
from handlers.filters import is_admin

if TYPE_CHECKING:
    from db.reports import Report
    from db.repos import Repos


async def cmd_pending(message: Message, repos: Repos) -> None:
    text, markup = await _screen(repos, await repos.reports.next_pending())
    await message.answer(text, reply_markup=markup)


async def on_decision(
    query: CallbackQuery, callback_data: ModCb, repos: Repos, callback_answer: CallbackAnswer
) -> None:
    report = await repos.reports.get(callback_data.report_id)
    message = query.message if isinstance(query.message, Message) else None
    if callback_data.action != ModAction.next and report is not None:
        done = await _decide(repos, report, callback_data.action, query.from_user.id)
        callback_answer.text = done or _("Another admin has already decided this one.")
    following = await repos.reports.next_pending(after_id=callback_data.report_id)
    text, markup = await _screen(repos, following)
    if message is not None:
        await message.edit_text(text, reply_markup=markup)


async def _decide(repos: Repos, report: Report, action: ModAction, admin_id: int) -> str | None:
    status = {
        ModAction.approve: "approved",
        ModAction.reject: "rejected",
        ModAction.allow: "allowlisted",
    }[action]
    if not await repos.reports.set_status(report.id, status):
        return None
    target = f"{report.kind} {report.display}"
    if action == ModAction.approve and report.kind != "verdict":
        await repos.blocklist.add_stored(report.kind, report.value, report.display, COMMUNITY)
    if action == ModAction.allow and report.kind != "verdict":
        await repos.blocklist.allow(report.kind, report.value, report.display, admin_id)
    await repos.audit.record(admin_id, status, target, f"report #{report.id} ({report.type})")
    return {
        "approved": _("Blocked: {item}"),
        "rejected": _("Rejected: {item}"),
        "allowlisted": _("Allowlisted: {item}"),
    }[status].format(item=report.display)


async def _screen(repos: Repos, report: Report | None) -> tuple[str, InlineKeyboardMarkup | None]:
    if report is None:
        return _("No reports are waiting. 🎉"), None
    waiting = await repos.reports.pending_count()
    kinds = {
        "url": _("Address"),
        "domain": _("Site"),
        "phone": _("Phone"),
        "card": _("Card"),
        "iban": _("IBAN"),
        "wallet": _("Wallet"),
        "username": _("Telegram account"),
        "verdict": _("Verdict without links or numbers, scheme"),
    }
    title = _("Scam report") if report.type == "scam" else _("False alarm appeal")
    people = ngettext("{n} person", "{n} people", report.reporters).format(n=report.reporters)
    lines = [
        _("Moderation: {n} waiting").format(n=waiting),
        "",
        f"<b>#{report.id} · {title}</b>",
        f"{kinds.get(report.kind, report.kind)}: <code>{html.escape(report.display)}</code>",
        _("From {people}, first on {date}").format(people=people, date=_date(report.created_at)),
    ]
    if report.detail:
        lines.append(
            _("Verdict they disagree with: {detail}").format(detail=html.escape(report.detail))
        )
    sources = await repos.blocklist.sources_of(report.kind, report.value)
    if sources:
        shown = ", ".join(html.escape(source) for source in sources)
        lines.append(_("Already blocked by: {sources}").format(sources=shown))
    return "\n".join(lines), _buttons(report)


def _buttons(report: Report) -> InlineKeyboardMarkup:
    def button(text: str, action: ModAction) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            text=text, callback_data=ModCb(action=action, report_id=report.id).pack()
        )

    if report.kind == "verdict":
        row = [button(_("✔️ Noted"), ModAction.reject)]
    elif report.type == "scam":
        row = [
            button(_("✅ Block"), ModAction.approve),
            button(_("❌ Reject"), ModAction.reject),
            button(_("🛡 Allowlist"), ModAction.allow),
        ]
    else:
        row = [
            button(_("🛡 Allowlist"), ModAction.allow),
            button(_("❌ Keep verdict"), ModAction.reject),
        ]
    return InlineKeyboardMarkup(inline_keyboard=[row, [button(_("⏭ Next"), ModAction.next)]])


def _date(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%d.%m.%Y %H:%M UTC")


def make_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(is_admin)
    router.callback_query.filter(is_admin)
    router.message.register(cmd_pending, Command("pending"))
    router.callback_query.register(on_decision, ModCb.filter())
    return router
