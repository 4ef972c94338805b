"""Admin /stats: checks by level and scheme, reported sites, subscribers, learning."""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, Message
from aiogram.utils.i18n import gettext as _

from db.activity import Stats
from db.repos import Repos
from handlers.filters import is_admin, on_loop

LEVELS = ("dangerous", "suspicious", "unsure", "safe")
EMOJI = {"safe": "🟢", "unsure": "⚪", "suspicious": "🟠", "dangerous": "🔴"}


def stats_text(stats: Stats) -> str:
    lines = [_("📈 Statistics"), ""]
    for window in stats.windows:
        levels = "  ".join(f"{EMOJI[lv]} {window.by_level.get(lv, 0)}" for lv in LEVELS)
        lines.append(f"<b>{escape(window.name)}</b>: " + _("{n} checks").format(n=window.checks))
        lines.append(levels)
        if window.by_scheme:
            top = ", ".join(f"{escape(k)} {v}" for k, v in list(window.by_scheme.items())[:5])
            lines.append(_("Schemes: {list}").format(list=top))
        accuracy = (
            f"{window.quiz_correct * 100 // window.quiz_answers}%" if window.quiz_answers else "—"
        )
        lines.append(
            _("Lessons read: {lessons}; quiz answers: {answers}, right: {accuracy}").format(
                lessons=window.lessons_read, answers=window.quiz_answers, accuracy=accuracy
            )
        )
        lines.append("")
    lines.append(
        _("People: {people}; subscribers: {subscribers}").format(
            people=stats.people, subscribers=stats.subscribers
        )
    )
    if stats.top_reported:
        lines += ["", _("Most reported sites:")]
        lines += [f"• <code>{escape(d)}</code> — {n}" for d, n in stats.top_reported]
    return "\n".join(lines)


async def cmd_stats(message: Message, command: CommandObject, repos: Repos) -> None:
    chart = (command.args or "").strip() == "chart"
    if message.from_user is not None:
        await repos.audit.record(message.from_user.id, "stats", "chart" if chart else "text")
    if chart:
        from handlers.chart import chart_png

        png = chart_png(await repos.activity.daily_levels())
        await message.answer_photo(
            BufferedInputFile(png, "checks.png"), caption=_("Checks per day, last 30 days")
        )
        return
    await message.answer(stats_text(await repos.activity.stats()))


def make_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(is_admin)
    router.message.register(cmd_stats, Command("stats"), on_loop(F.text))
    return router
