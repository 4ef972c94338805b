"""`python -m bot demo`: a terminal chat with the real bot through the local emulator.

No token and no network: the emulator plays Telegram on a loopback port, the real
Dispatcher polls it, and this module plays the person typing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import mimetypes
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr

from bot.emulator import BotAction, BotApiEmulator, SimUser
from bot.emulator.pictures import qr_png
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.app import BotRuntime

REPLY_TIMEOUT = 15.0
_TAG = re.compile(r"</?[a-z-]+[^>]*>")

INTRO = """\
Antifraud KZ: offline demo. You are chatting with the real bot through a local
Telegram emulator (no token, no network). Type a message and press Enter.
  a number     taps that button under the last bot message
  !help        what else a Telegram user can do here (photos, forwards, ...)
  /quit        leaves the demo
Try: /start  /help  /lessons  /quiz  /subscribe  or paste a suspicious message:
  Ваша карта заблокирована! Подтвердите данные: kaspi-bonus.top
Then tap a button under the verdict. You are also an admin here: /pending shows
the moderation queue, /alert sends a warning to subscribers.
"""
ACTIONS = """\
  !qr TEXT             send a photo with a QR code of TEXT (e.g. !qr https://kaspi-bonus.top)
  !photo PATH [TEXT]   send a picture file as a photo, with an optional caption
  !file NAME [TEXT]    send a document called NAME (e.g. !file фото.apk); nothing is uploaded
  !forward NAME: TEXT  forward TEXT from a hidden account called NAME
  !channel TITLE: TEXT forward TEXT from a channel called TITLE
  !contact PHONE NAME  share a contact card
  !edit TEXT           edit your last message
  !inline TEXT         type @bot TEXT in another chat (inline mode)
  !tips                deliver your scheduled lesson now (after /subscribe)
"""
DEMO_USER = 1001


async def run_demo(settings: Settings, *, lang: str = "ru") -> int:
    """Run the bot against a fresh emulator and chat with it on the terminal."""
    for name in (
        "aiogram",
        "bot",
        "db",
        "apscheduler",
    ):  # keep the chat readable; warnings still show
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLogger().level))
    with tempfile.TemporaryDirectory(prefix="antifraud-demo-") as scratch:
        # A fresh database per demo, so every newcomer starts as a first contact.
        return await _chat(settings, Path(scratch) / "demo.sqlite3", lang)


async def _chat(settings: Settings, db_path: Path, lang: str) -> int:
    from bot.app import BotRuntime

    emu = BotApiEmulator()
    url = await emu.start()
    demo_settings = settings.model_copy(
        update={
            "bot_token": SecretStr(emu.token),
            "telegram_api_url": url,
            "db_path": db_path,
            "admin_ids": [*settings.admin_ids, DEMO_USER],  # so moderation can be tried
            "feeds": [],  # the demo never touches the network
            "expand_short_links": False,
        }
    )
    runtime = await BotRuntime.create(demo_settings)
    polling = asyncio.create_task(runtime.run(handle_signals=False, polling_timeout=5))
    user = emu.user(user_id=DEMO_USER, first_name="Demo", language_code=lang)
    chat = TerminalChat(user, color=sys.stdout.isatty(), runtime=runtime)
    try:
        print(INTRO)
        await chat.loop()
    finally:
        await runtime.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await polling
        await emu.stop()
    return 0


class TerminalChat:
    """Reads lines, sends them as the user, prints what the bot does."""

    def __init__(self, user: SimUser, *, color: bool, runtime: BotRuntime | None = None) -> None:
        self.user = user
        self.color = color
        self.runtime = runtime
        self.last_with_buttons: BotAction | None = None
        self.last_sent: dict[str, Any] | None = None

    async def loop(self) -> None:
        lines = _stdin_lines()
        while True:
            self._prompt()
            line = await lines.get()
            if line is None or line.strip() in ("/quit", "/exit"):
                print()
                return
            text = line.rstrip("\n")
            sent = await self._special(text) if text.startswith("!") else self._act(text)
            if sent:
                await self._show_replies(until_answer=sent == "tap")

    def _act(self, text: str) -> str | None:
        """Send text or tap a button: "tap", "send", or None when nothing was sent."""
        if text.strip().isdigit() and self.last_with_buttons is not None:
            index = int(text.strip()) - 1
            buttons = self.last_with_buttons.buttons
            if not 0 <= index < len(buttons) or "callback_data" not in buttons[index]:
                print(f"  (pick a button from 1 to {len(buttons)})")
                return None
            self.user.tap(self.last_with_buttons, index)
            return "tap"
        if not text.strip():
            return None
        self.last_sent = self.user.send(text)
        return "send"

    async def _special(self, line: str) -> str | None:
        """The `!` actions: what a Telegram app can send besides typed text."""
        verb, _, rest = line[1:].partition(" ")
        rest = rest.strip()
        user = self.user
        if verb == "qr" and rest:
            self.last_sent = user.send_photo(qr_png(rest))
        elif verb == "photo" and rest:
            path, _, caption = rest.partition(" ")
            try:
                data = await asyncio.to_thread(_read_file, path)
            except OSError as exc:
                print(f"  (cannot read {path}: {exc.strerror})")
                return None
            self.last_sent = user.send_photo(data, caption or None)
        elif verb == "file" and rest:
            name, _, caption = rest.partition(" ")
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
            self.last_sent = user.send_file(b"", name, kind, caption or None)
        elif verb in ("forward", "channel") and ":" in rest:
            name, _, text = rest.partition(":")
            origin: dict[str, Any] = (
                {"type": "hidden_user", "sender_user_name": name.strip()}
                if verb == "forward"
                else {
                    "type": "channel",
                    "chat": {"id": -1001, "type": "channel", "title": name.strip()},
                    "message_id": 1,
                }
            )
            self.last_sent = user.forward(text.strip(), origin)
        elif verb == "contact" and rest:
            phone, _, name = rest.partition(" ")
            self.last_sent = user.send(
                contact={"phone_number": phone, "first_name": name or phone}
            )
        elif verb == "edit" and rest and self.last_sent is not None:
            self.last_sent = user.edit(self.last_sent, rest)
        elif verb == "inline" and rest:
            user.inline(rest)
        elif verb == "tips" and self.runtime is not None:
            await self.runtime.repos.subscriptions.make_due(user.id)
            if not await self.runtime.tips.tick():
                print("  (no subscription yet: send /subscribe first)")
                return None
        else:
            print(ACTIONS)
            return None
        return "send"

    async def _show_replies(self, *, until_answer: bool) -> None:
        """Print the bot's reply and anything else it already sent.

        A tap is fully handled when its callback is answered (handlers answer last).
        """
        try:
            while True:
                action = await self.user.reply(timeout=REPLY_TIMEOUT)
                self._print(action)
                if not until_answer or action.method == "answerCallbackQuery":
                    break
        except TimeoutError:
            print("  (no answer from the bot)")
            return
        while self.user.emu.pending_actions(self.user.id):
            self._print(await self.user.reply())

    def _print(self, action: BotAction) -> None:
        if action.method == "answerCallbackQuery":
            if action.text:
                print(f"  [{action.text}]")
            return
        if action.method == "answerInlineQuery":
            for result in action.params.get("results") or []:
                print(
                    f"  (inline result: {result.get('title')} — {result.get('description', '')})"
                )
            return
        mark = "bot (edited)" if action.method.startswith("edit") else "bot"
        text = action.text or ""
        if action.method == "deleteMessage":
            text = "(deleted a message)"
        name = f"\033[1;34m{mark}\033[0m" if self.color else mark
        print(f"{name}: " + _strip_tags(text).replace("\n", "\n     "))
        if action.buttons:
            self.last_with_buttons = action
            choices = "  ".join(f"[{n}] {b['text']}" for n, b in enumerate(action.buttons, 1))
            print(f"     {choices}")

    def _prompt(self) -> None:
        sys.stdout.write("you> ")
        sys.stdout.flush()


def _read_file(path: str) -> bytes:
    return Path(path).expanduser().read_bytes()


def _strip_tags(text: str) -> str:
    return _TAG.sub("", text)


def _stdin_lines() -> asyncio.Queue[str | None]:
    """Lines from stdin without blocking the event loop (None at end of input)."""
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    loop = asyncio.get_running_loop()
    fd = sys.stdin.fileno()
    pending = bytearray()

    def on_readable() -> None:
        chunk = os.read(fd, 65536)
        pending.extend(chunk)
        *complete, rest = pending.split(b"\n")
        for raw in complete:
            queue.put_nowait(raw.decode("utf-8", "replace") + "\n")
        pending[:] = rest
        if not chunk:
            loop.remove_reader(fd)
            if pending:
                queue.put_nowait(pending.decode("utf-8", "replace"))
            queue.put_nowait(None)

    try:
        loop.add_reader(fd, on_readable)
    except (PermissionError, OSError, ValueError):  # a regular file: read it at once
        for line in sys.stdin:
            queue.put_nowait(line)
        queue.put_nowait(None)
    return queue
