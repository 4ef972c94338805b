"""/contacts: verified official numbers and sites, in full, grouped; /contacts halyk finds one.

Only what the fact sheet verifies is in content/contacts.toml; a bank without a verified
number is listed with its site and "the number on the back of your card".
"""

from __future__ import annotations

from html import escape

import phonenumbers
from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from content.contacts import Contact, load_contacts
from handlers.callbacks import ContactsCb


def group_titles() -> dict[str, str]:
    return {
        "emergency": _("🚨 Emergency"),
        "state": _("🏛 State bodies"),
        "cyber": _("🛡 Cyber incidents"),
        "bank": _("🏦 Banks"),
    }


def shown_number(number: str) -> str:
    """Short numbers as they are; full ones spaced the international way (+7 800 080 0088)."""
    if not number.startswith("+"):
        return number
    try:
        parsed = phonenumbers.parse(number)
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def contact_line(contact: Contact, lang: str, *, detailed: bool = False) -> str:
    if contact.numbers:
        numbers = ", ".join(f"<b>{escape(shown_number(n))}</b>" for n in contact.numbers)
        line = f"• {escape(contact.name(lang))}: {numbers} · {escape(contact.site)}"
    elif contact.group == "bank":  # no verified number: never a guessed one
        numbers = escape(_("the number on the back of your card or in the bank's app"))
        line = f"• {escape(contact.name(lang))}: {numbers} · {escape(contact.site)}"
    else:
        line = f"• {escape(contact.name(lang))} · {escape(contact.site)}"
    if not detailed:
        return line
    extra = [escape(contact.what.get(lang) or contact.what["en"])]
    if contact.page:
        extra.append(escape(_("Anti-fraud page: {page}").format(page=contact.page)))
    if contact.telegram:
        extra.append(f"Telegram: {escape(contact.telegram)}")
    if contact.email:
        extra.append(f"E-mail: {escape(contact.email)}")
    return "\n".join([line, *(f"  {x}" for x in extra)])


def contacts_html(lang: str, query: str = "") -> str:
    book = load_contacts()
    title = _("Official numbers and sites")
    head = [
        f"📞 <b>{escape(title)}</b>",
        escape(_("Dial them yourself. Never call back a number from a message or a call.")),
    ]
    found = book.search(query) if query else ()
    if query and not found:
        head.append(
            escape(_("Nothing found for “{query}”. Here is the whole list:")).format(
                query=escape(query[:40])
            )
        )
    titles = group_titles()
    lines = list(head)
    for group, items in book.grouped(found or None):
        lines += ["", f"<b>{escape(titles[group])}</b>"]
        lines += [contact_line(c, lang, detailed=bool(found)) for c in items]
    if not found:
        lines += ["", escape(_("To find one: /contacts halyk"))]
    return "\n".join(lines)


async def cmd_contacts(message: Message, command: CommandObject, locale: str) -> None:
    await message.answer(contacts_html(locale, (command.args or "").strip()))


async def on_contacts(query: CallbackQuery, locale: str, callback_answer: CallbackAnswer) -> None:
    if isinstance(query.message, Message):
        await query.message.answer(contacts_html(locale))
    else:
        callback_answer.text = _("This button no longer works. Send /start to begin again.")


def make_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_contacts, Command("contacts"))
    router.callback_query.register(on_contacts, ContactsCb.filter())
    return router
