"""Admin /alert: compose a warning, preview it, confirm, and it goes to every subscriber.

Each language block starts with `ru:`, `kk:` or `en:` on its own line; without blocks
the whole text is one version. People get their language, else the first version given.
For anyone but an admin /alert does not exist (router filter).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from db.repos import Repos
from handlers.callbacks import AlertAction, AlertCb
from handlers.filters import is_admin, on_loop

MAX_ALERT = 1000
_BLOCK = re.compile(r"^\s*(ru|kk|en)\s*:\s*", re.IGNORECASE | re.MULTILINE)
Poke = Callable[[], None]


class AlertFlow(StatesGroup):
    text = State()
    confirm = State()


def parse_alert(text: str) -> dict[str, str]:
    """{"ru": ..., "kk": ...} from language blocks; {"*": text} without any."""
    marks = list(_BLOCK.finditer(text))
    if not marks:
        return {"*": text.strip()} if text.strip() else {}
    versions: dict[str, str] = {}
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        end = following.start() if following else len(text)
        body = text[mark.end() : end].strip()
        if body:
            versions.setdefault(mark.group(1).lower(), body)
    return versions


def alert_html(body: str) -> str:
    title = _("Fraud warning")
    return f"⚠️ <b>{escape(title)}</b>\n\n{escape(body)}"


async def cmd_alert(message: Message, state: FSMContext) -> None:
    await state.set_state(AlertFlow.text)
    await message.answer(
        _(
            "Send the warning text (up to {limit} characters). For translations, start each "
            "language on its own line with ru:, kk: or en:. /cancel to stop."
        ).format(limit=MAX_ALERT)
    )


async def on_alert_text(message: Message, state: FSMContext, repos: Repos) -> None:
    versions = parse_alert(message.text or "")
    if not versions or any(len(v) > MAX_ALERT for v in versions.values()):
        await message.answer(
            _(
                "The warning must be text of 1 to {limit} characters. Send it again, or /cancel."
            ).format(limit=MAX_ALERT)
        )
        return
    await state.set_state(AlertFlow.confirm)
    await state.update_data(versions=versions)
    people = await repos.subscriptions.count()
    lines = [_("Preview. It goes to {n} subscribers:").format(n=people)]
    for lang, body in versions.items():
        label = _("all languages") if lang == "*" else lang
        lines += ["", f"<b>[{escape(label)}]</b>", alert_html(body)]
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=_("📣 Send to {n}").format(n=people),
                    callback_data=AlertCb(action=AlertAction.send).pack(),
                ),
                InlineKeyboardButton(
                    text=_("✖️ Cancel"), callback_data=AlertCb(action=AlertAction.cancel).pack()
                ),
            ]
        ]
    )
    await message.answer("\n".join(lines), reply_markup=markup)


async def on_alert_button(
    query: CallbackQuery,
    *,
    callback_data: AlertCb,
    state: FSMContext,
    repos: Repos,
    poke_broadcast: Poke,
) -> None:
    message = query.message if isinstance(query.message, Message) else None
    data = await state.get_data()
    await state.clear()
    versions: dict[str, str] | None = data.get("versions")
    if message is None:
        return
    if callback_data.action == AlertAction.cancel or not versions:
        await message.edit_text(
            _("Cancelled.") if versions else _("This preview is out of date. Send /alert again.")
        )
        return
    alert_id, queued = await repos.outbox.create_alert(query.from_user.id, versions)
    await repos.audit.record(
        query.from_user.id, "alert", f"alert #{alert_id}", f"{queued} deliveries"
    )
    poke_broadcast()
    await message.edit_text(
        _("Sent to the queue: {n} subscribers will get it within minutes.").format(n=queued)
    )


def make_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(is_admin)
    router.callback_query.filter(is_admin)
    router.message.register(cmd_alert, Command("alert"))
    router.message.register(
        on_alert_text, StateFilter(AlertFlow.text), on_loop(F.text & ~F.text.startswith("/"))
    )
    router.callback_query.register(on_alert_button, AlertCb.filter())
    return router
