"""What the engine needs from a Telegram message: text, entities, forward origin, files."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Bot
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
from checks.pictures import PictureText
from handlers.picture_reader import PictureReader, picture_of


@dataclass(frozen=True, slots=True)
class Checkable:
    """Everything the engine gets from one message, and a note about its picture."""

    text: str
    entities: list[dict[str, object]]
    context: CheckContext
    note: str | None = None
    """One line about the picture, shown above the verdict (or alone)."""
    nothing_to_check: bool = False
    """A picture with no QR code and no readable text, and no caption."""


async def read_message(message: Message, bot: Bot, pictures: PictureReader) -> Checkable:
    """Text, entities and context; for a photo, the QR codes and text read from it."""
    text, entities, context = text_of(message), entities_of(message), context_of(message)
    picture = picture_of(message)
    if picture is None:
        return Checkable(text, entities, context)
    seen = await pictures.read(bot, picture)
    # Appended after the caption, so the caption's entity offsets stay right.
    found = "\n".join((*seen.codes, seen.text or "")).strip()
    combined = "\n".join(part for part in (text, found) if part)
    has_caption = bool(text.strip())
    return Checkable(
        combined,
        entities,
        context,
        note=_picture_note(seen, has_caption),
        nothing_to_check=not combined.strip(),  # image files only: nothing else to judge
    )


def _picture_note(seen: PictureText, has_caption: bool) -> str:
    if not seen.opened:
        if has_caption:
            return _("📷 I could not open this picture, so I checked only its caption.")
        return _(
            "📷 I could not open this picture. Send a screenshot as a photo, or copy the "
            "text of the message here."
        )
    if seen.codes:
        return _("📷 I found a QR code in the picture and checked what it leads to.")
    if seen.text and seen.text.strip():
        return _("📷 I read the text in the picture and checked it.")
    if seen.text is None:  # no OCR on this server
        if has_caption:
            return _(
                "📷 I cannot read text in pictures yet, and there is no QR code in this one. "
                "I checked only the caption."
            )
        return _(
            "📷 I cannot read text in pictures yet, and there is no QR code in this one. "
            "Copy the text of the message or the link and send it to me."
        )
    if has_caption:
        return _("📷 I found no text and no QR code in this picture. I checked only the caption.")
    return _("📷 I found no text and no QR code in this picture.")


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
