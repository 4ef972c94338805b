"""`python -m bot demo`: a terminal chat with the real bot through the local emulator.

No token and no network: the emulator plays Telegram on a loopback port, the real
Dispatcher polls it, and this module plays the person typing.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import mimetypes
import os
import re
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr

from bot.emulator import BotAction, BotApiEmulator, SimUser
from bot.emulator.pictures import qr_png
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.app import BotRuntime

REPLY_TIMEOUT = 15.0
TAP = re.compile(r"#(\d+)")  # `#2` taps the second button; nothing else is a tap
ACTION = re.compile(r"::(\S*)\s*(.*)", re.DOTALL)  # `::qr https://...`
QUIT = frozenset({"/quit", "/exit"})

INTRO = """\
Antifraud KZ: offline demo. You are chatting with the real bot through a local
Telegram emulator (no token, no network). Type a message and press Enter: it is
sent exactly as typed, digits and `!` included.
  #N           taps button N under the last bot message (#1, #2, ...)
  ::help       what else a Telegram user can do here (::qr, ::photo, ::forward, ...)
  TEXT\\        a backslash at the end of a line continues the message on the next one
  /quit        leaves the demo
Try: /start  /help  /lessons  /quiz  /subscribe  or paste a suspicious message:
  Ваша карта заблокирована! Подтвердите данные: kaspi-bonus.top
Then tap a button under the verdict. You are also an admin here: /pending shows
the moderation queue; /alert, then a warning (a line per language), sends it to
subscribers after a preview:
  ru: Звонят «из Kaspi» — это мошенники.\\
  kk: «Kaspi-ден» қоңырау шалады — бұл алаяқтар.
"""
ACTIONS = """\
Anything you type is sent as a message, except:
  #N                    tap button N under the last bot message
  ::qr TEXT             send a photo with a QR code of TEXT (e.g. ::qr https://kaspi-bonus.top)
  ::photo PATH [TEXT]   send a picture file as a photo, with an optional caption
  ::file NAME [TEXT]    send a document called NAME (e.g. ::file фото.apk); nothing is uploaded
  ::forward NAME: TEXT  forward TEXT from a hidden account called NAME
  ::channel TITLE: TEXT forward TEXT from a channel called TITLE
  ::contact PHONE NAME  share a contact card
  ::edit TEXT           edit your last message
  ::inline TEXT         type @bot TEXT in another chat (inline mode)
  ::tips                deliver your scheduled lesson now (after /subscribe)
  ::help                this list
A line ending in a backslash (\\) continues the message on the next line.
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
    """Reads what the person types, sends it as the user, prints what the bot does."""

    def __init__(self, user: SimUser, *, color: bool, runtime: BotRuntime | None = None) -> None:
        self.user = user
        self.color = color
        self.runtime = runtime
        self.last_with_buttons: BotAction | None = None
        self.last_sent: dict[str, Any] | None = None
        self._actions: dict[str, Callable[[str], Awaitable[bool]]] = {
            "qr": self._qr,
            "photo": self._photo,
            "file": self._file,
            "forward": functools.partial(self._forward, channel=False),
            "channel": functools.partial(self._forward, channel=True),
            "contact": self._contact,
            "edit": self._edit,
            "inline": self._inline,
            "tips": self._tips,
        }

    async def loop(self, lines: asyncio.Queue[str | None] | None = None) -> None:
        """Chat until /quit or the end of `lines` (stdin by default)."""
        source = _stdin_lines() if lines is None else lines
        while (entry := await self._read_entry(source)) is not None:
            if entry.strip() in QUIT:
                break
            sent = await self.handle(entry)
            if sent:
                await self._show_replies(until_answer=sent == "tap")
        print()

    async def _read_entry(self, lines: asyncio.Queue[str | None]) -> str | None:
        """One entry; a line ending in a backslash continues on the next (a newline kept)."""
        parts: list[str] = []
        self._prompt("you> ")
        while (line := await lines.get()) is not None:
            line = line.removesuffix("\n").removesuffix("\r")
            if not line.endswith("\\"):
                return "\n".join([*parts, line])
            parts.append(line[:-1])
            self._prompt("...> ")
        if parts:  # the input ended inside a continued message: send what was typed
            lines.put_nowait(None)
            return "\n".join(parts)
        return None

    async def handle(self, entry: str) -> str | None:
        """`#N` taps, `::verb` acts, anything else is sent exactly as typed.

        Returns "tap", "send", or None when nothing reached the bot.
        """
        if tap := TAP.fullmatch(entry.strip()):
            return self._tap(int(tap.group(1)))
        if action := ACTION.fullmatch(entry):
            verb, rest = action.group(1), action.group(2).strip()
            run = self._actions.get(verb)
            if run is None or not (rest or verb == "tips"):
                if run is None and verb != "help":
                    print(f"  (unknown action ::{verb})")
                print(ACTIONS)  # also for a verb missing its text
                return None
            return "send" if await run(rest) else None
        if not entry.strip():
            return None
        self.last_sent = self.user.send(entry)
        return "send"

    def _tap(self, number: int) -> str | None:
        message = self.last_with_buttons
        if message is None:
            print("  (no buttons to tap)")
            return None
        buttons = message.buttons
        if not 1 <= number <= len(buttons):
            print(f"  (pick a button from #1 to #{len(buttons)})")
            return None
        button = buttons[number - 1]
        if "callback_data" not in button:
            print(f"  (#{number} opens {button.get('url', 'another app')}, outside this chat)")
            return None
        self.user.tap(message, number - 1)
        return "tap"

    # ---- the `::` actions: what a Telegram app can send besides typed text -----------

    async def _qr(self, text: str) -> bool:
        self.last_sent = self.user.send_photo(qr_png(text))
        return True

    async def _photo(self, rest: str) -> bool:
        path, caption = _first_word(rest)
        try:
            data = await asyncio.to_thread(_read_file, path)
        except OSError as exc:
            print(f"  (cannot read {path}: {exc.strerror})")
            return False
        self.last_sent = self.user.send_photo(data, caption or None)
        return True

    async def _file(self, rest: str) -> bool:
        name, caption = _first_word(rest)
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        self.last_sent = self.user.send_file(b"", name, kind, caption or None)
        return True

    async def _forward(self, rest: str, *, channel: bool) -> bool:
        name, colon, text = (part.strip() for part in rest.partition(":"))
        if not (colon and name and text):
            print(ACTIONS)
            return False
        origin: dict[str, Any] = (
            {
                "type": "channel",
                "chat": {"id": -1001, "type": "channel", "title": name},
                "message_id": 1,
            }
            if channel
            else {"type": "hidden_user", "sender_user_name": name}
        )
        self.last_sent = self.user.forward(text, origin)
        return True

    async def _contact(self, rest: str) -> bool:
        phone, name = _first_word(rest)
        self.last_sent = self.user.send(
            contact={"phone_number": phone, "first_name": name or phone}
        )
        return True

    async def _edit(self, text: str) -> bool:
        if self.last_sent is None:
            print("  (nothing to edit yet: send a message first)")
            return False
        self.last_sent = self.user.edit(self.last_sent, text)
        return True

    async def _inline(self, query: str) -> bool:
        self.user.inline(query)
        return True

    async def _tips(self, _: str) -> bool:
        if self.runtime is None:
            return False
        await self.runtime.repos.subscriptions.make_due(self.user.id)
        if not await self.runtime.tips.tick():
            print("  (no subscription yet: send /subscribe first)")
            return False
        return True

    # ---- what the bot did ------------------------------------------------------------

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
        # The emulator keeps what Telegram would show: HTML already parsed, entities
        # unescaped, so a person's own `<b>` or `&amp;` comes back exactly as typed.
        text = action.text or ""
        if action.method == "deleteMessage":
            text = "(deleted a message)"
        elif action.method == "sendPhoto":
            text = f"(a picture) {text}".rstrip()
        name = f"\033[1;34m{mark}\033[0m" if self.color else mark
        print(f"{name}: " + text.replace("\n", "\n     "))
        if action.buttons:
            self.last_with_buttons = action
            choices = "  ".join(f"[#{n}] {b['text']}" for n, b in enumerate(action.buttons, 1))
            print(f"     {choices}")
        elif self.last_with_buttons and action.message_id == self.last_with_buttons.message_id:
            self.last_with_buttons = None  # its buttons were removed: nothing left to tap

    def _prompt(self, prompt: str) -> None:
        sys.stdout.write(prompt)
        sys.stdout.flush()


def _first_word(text: str) -> tuple[str, str]:
    """("PATH", "the caption") from "PATH the caption"."""
    first, *rest = text.split(maxsplit=1)
    return first, rest[0] if rest else ""


def _read_file(path: str) -> bytes:
    return Path(path).expanduser().read_bytes()


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
