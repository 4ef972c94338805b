"""What the engine needs from a Telegram message: text, entities, forward origin, files."""

from __future__ import annotations

from aiogram.types import (
    CallbackQuery,
    Message,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
)
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from checks.context import CheckContext


def text_of(message: Message) -> str:
    """What to check: the text, a caption, or a shared contact's phone number."""
    if message.text is not None:
        return message.text
    if message.contact is not None:
        number = message.contact.phone_number.strip()
        return number if number.startswith("+") else f"+{number}"
    return message.caption or ""


def entities_of(message: Message) -> list[dict[str, object]]:
    found = message.entities if message.text is not None else message.caption_entities
    return [e.model_dump(exclude_none=True) for e in (found or [])]


def context_of(message: Message) -> CheckContext:
    """Forward origin (who it claims to come from) and attached file names; no downloads."""
    sender = username = kind = None
    origin = message.forward_origin
    if isinstance(origin, MessageOriginUser):
        user = origin.sender_user
        sender = " ".join(p for p in (user.first_name, user.last_name) if p)
        username, kind = user.username, "bot" if user.is_bot else "user"
    elif isinstance(origin, MessageOriginHiddenUser):
        sender, kind = origin.sender_user_name, "hidden_user"
    elif isinstance(origin, MessageOriginChat):
        sender, username, kind = origin.sender_chat.title, origin.sender_chat.username, "chat"
    elif isinstance(origin, MessageOriginChannel):
        sender, username, kind = origin.chat.title, origin.chat.username, "channel"
    elif message.contact is not None:
        contact = message.contact
        sender = " ".join(p for p in (contact.first_name, contact.last_name) if p)
        kind = "contact"
    names: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    if message.document is not None:
        names = (message.document.file_name or "",)
        types = (message.document.mime_type or "",)
    return CheckContext(
        forward_sender=sender,
        forward_username=username,
        forward_kind=kind,
        file_names=tuple(n for n in names if n),
        mime_types=tuple(t for t in types if t),
    )


def original_message(query: CallbackQuery, answer: CallbackAnswer) -> Message | None:
    """The person's message the tapped bot message replies to, if Telegram still has it.

    Without it (deleted, or too old) the person gets an alert saying what to do instead.
    """
    message = query.message
    original = message.reply_to_message if isinstance(message, Message) else None
    if original is None:
        answer.text = _("I can no longer see that message. Send it again, or use /report.")
        answer.show_alert = True
    return original
