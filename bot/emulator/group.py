"""A simulated group chat: members write, forward, and add the bot (as admin or not)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from bot.emulator.user import post_message

if TYPE_CHECKING:
    from bot.emulator.server import BotApiEmulator
    from bot.emulator.user import SimUser


def admin_rights(*, can_delete: bool) -> dict[str, bool]:
    """The fields Telegram sends for a ChatMemberAdministrator (Bot API 9)."""
    rights = dict.fromkeys(
        (
            "can_be_edited",
            "is_anonymous",
            "can_manage_video_chats",
            "can_restrict_members",
            "can_promote_members",
            "can_change_info",
            "can_post_stories",
            "can_edit_stories",
            "can_delete_stories",
            "can_send_welcome_messages",
        ),
        False,
    )
    return {
        **rights,
        "can_manage_chat": True,
        "can_invite_users": True,
        "can_delete_messages": can_delete,
    }


class SimGroup:
    def __init__(self, emu: BotApiEmulator, chat_id: int, title: str) -> None:
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        self.emu = emu
        self.id = chat_id
        self.title = title
        self.admins: set[int] = set()
        self.bot_status = "left"
        self.bot_can_delete = False

    @property
    def chat(self) -> dict[str, Any]:
        return {"id": self.id, "type": "supergroup", "title": self.title}

    def add_bot(self, by: SimUser, *, admin: bool = False, can_delete: bool = False) -> None:
        """`by` adds the bot (and is a group admin); a my_chat_member update follows."""
        self.admins.add(by.id)
        old = {"status": self.bot_status, "user": self.emu.bot_user}
        self.bot_status = "administrator" if admin else "member"
        self.bot_can_delete = admin and can_delete
        new: dict[str, Any] = {"status": self.bot_status, "user": self.emu.bot_user}
        if admin:
            new.update(admin_rights(can_delete=can_delete))
        self.emu.groups[self.id] = self
        self.emu.push_update(
            {
                "my_chat_member": {
                    "chat": self.chat,
                    "from": by.profile,
                    "date": int(time.time()),
                    "old_chat_member": old,
                    "new_chat_member": new,
                }
            }
        )

    def send(self, member: SimUser, text: str | None = None, **extra: Any) -> dict[str, Any]:
        """A member writes in the group (any Message fields in `extra`)."""
        return post_message(self.emu, self.chat, member.profile, text, extra)

    def member_status(self, user_id: int) -> str:
        return "administrator" if user_id in self.admins else "member"

    def tap(self, member: SimUser, action: Any, button: str | int) -> str:
        """`member` taps an inline button under a bot message in this group."""
        buttons = action.buttons
        chosen = (
            buttons[button]
            if isinstance(button, int)
            else next(b for b in buttons if b["text"] == button)
        )
        query_id = f"cq{self.emu.new_id()}"
        self.emu.expect_callback(query_id, self.id)
        message = self.emu.messages.get((self.id, action.message_id)) or {
            "message_id": action.message_id,
            "chat": self.chat,
            "date": 0,
        }
        self.emu.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": member.profile,
                    "chat_instance": f"ci{self.id}",
                    "message": message,
                    "data": chosen["callback_data"],
                }
            }
        )
        return query_id
