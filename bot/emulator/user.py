"""A simulated person in a private chat: sends messages, edits them, taps buttons."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.emulator.server import BotAction, BotApiEmulator


class SimUser:
    """A person in a private chat with the bot."""

    def __init__(
        self,
        emu: BotApiEmulator,
        user_id: int,
        first_name: str,
        language_code: str | None,
        username: str | None,
    ) -> None:
        self.emu = emu
        self.id = user_id
        self.profile: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            self.profile["language_code"] = language_code
        if username:
            self.profile["username"] = username

    @property
    def chat(self) -> dict[str, Any]:
        return {"id": self.id, "type": "private", "first_name": self.profile["first_name"]}

    def send(self, text: str | None = None, **extra: Any) -> dict[str, Any]:
        """Send a message (text, or any Message fields in `extra`); returns the message."""
        return post_message(self.emu, self.chat, self.profile, text, extra)

    def send_photo(
        self, data: bytes, caption: str | None = None, *, size: tuple[int, int] = (1080, 1920)
    ) -> dict[str, Any]:
        """Send a photo (the bytes are served to the bot on getFile), with an optional caption."""
        width, height = size
        photo = [{**self.emu.upload(data), "width": width, "height": height}]
        extra: dict[str, Any] = {"photo": photo}
        if caption is not None:
            extra["caption"] = caption
        return self.send(**extra)

    def send_file(
        self, data: bytes, file_name: str, mime_type: str, caption: str | None = None
    ) -> dict[str, Any]:
        """Send a document; its bytes are served only if the bot asks for them."""
        document = {**self.emu.upload(data), "file_name": file_name, "mime_type": mime_type}
        extra: dict[str, Any] = {"document": document}
        if caption is not None:
            extra["caption"] = caption
        return self.send(**extra)

    def forward(self, text: str, origin: dict[str, Any]) -> dict[str, Any]:
        """Forward a message; `origin` is a MessageOrigin, e.g. {"type": "hidden_user",
        "sender_user_name": "Kaspi Bank", "date": 0} or {"type": "channel", "chat": {...}}."""
        return self.send(text, forward_origin={"date": int(time.time()), **origin})

    def edit(self, message: dict[str, Any], text: str) -> dict[str, Any]:
        """Edit an earlier message of this user."""
        edited = {**message, "text": text, "edit_date": int(time.time())}
        self.emu.messages[(self.id, message["message_id"])] = edited
        self.emu.push_update({"edited_message": edited})
        return edited

    def delete(self, message: dict[str, Any]) -> None:
        """Delete an own message: later taps no longer carry it as `reply_to_message`."""
        key = (self.id, message["message_id"])
        self.emu.messages.pop(key, None)
        for stored in self.emu.messages.values():
            quoted = stored.get("reply_to_message")
            if quoted and (stored["chat"]["id"], quoted["message_id"]) == key:
                del stored["reply_to_message"]

    def tap(self, action: BotAction, button: str | int) -> str:
        """Tap an inline button of a bot message, by its text or index."""
        buttons = action.buttons
        if isinstance(button, int):
            chosen = buttons[button]
        else:
            matches = [b for b in buttons if b["text"] == button]
            if not matches:
                raise LookupError(f"no button {button!r} in {[b['text'] for b in buttons]}")
            chosen = matches[0]
        if "callback_data" not in chosen:
            raise LookupError(f"button {chosen['text']!r} has no callback_data")
        return self.tap_data(action.message_id or 0, chosen["callback_data"])

    def tap_data(self, message_id: int, data: str) -> str:
        """Send a callback query with any data, including forged data."""
        query_id = f"cq{self.emu.new_id()}"
        self.emu.expect_callback(query_id, self.id)
        message = self.emu.messages.get((self.id, message_id)) or {
            "message_id": message_id,
            "chat": self.chat,
            "date": 0,
        }
        self.emu.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self.profile,
                    "chat_instance": f"ci{self.id}",
                    "message": message,
                    "data": data,
                }
            }
        )
        return query_id

    def inline(self, query: str) -> str:
        """Type `@bot query` in any chat: an inline query the bot answers with results."""
        query_id = f"iq{self.emu.new_id()}"
        self.emu.expect_inline_query(query_id, self.id)
        self.emu.push_update(
            {"inline_query": {"id": query_id, "from": self.profile, "query": query, "offset": ""}}
        )
        return query_id

    async def reply(self, timeout: float = 5.0) -> BotAction:
        """The next thing the bot did in this chat."""
        return await self.emu.next_action(self.id, timeout)


def post_message(
    emu: BotApiEmulator,
    chat: dict[str, Any],
    sender: dict[str, Any],
    text: str | None,
    extra: dict[str, Any],
) -> dict[str, Any]:
    """A message from `sender` in `chat`, stored and delivered to the bot as an update."""
    message: dict[str, Any] = {
        "message_id": emu.next_message_id(chat["id"]),
        "from": sender,
        "chat": chat,
        "date": int(time.time()),
    }
    if text is not None:
        message["text"] = text
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [
                {
                    "type": "bot_command",
                    "offset": 0,
                    "length": len(command.encode("utf-16-le")) // 2,
                }
            ]
    message.update(extra)
    emu.messages[(chat["id"], message["message_id"])] = message
    emu.push_update({"message": message})
    return message
