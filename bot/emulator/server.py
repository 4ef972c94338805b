"""The emulator: an aiohttp server speaking the Bot API, plus simulated users.

A test (or the demo) starts it on a loopback port, points the real bot at it with
`TELEGRAM_API_URL`, makes a `SimUser` send messages or tap buttons, and awaits what
the bot sent. Everything runs in one event loop; nothing sleeps.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.emulator.group import SimGroup, admin_rights
from bot.emulator.user import SimUser
from bot.emulator.validate import BadRequest, check_reply_markup, render_text

_JSON_FIELDS = {
    "reply_markup",
    "entities",
    "caption_entities",
    "allowed_updates",
    "commands",
    "scope",
    "options",
    "link_preview_options",
    "results",
    "reply_parameters",
    "button",
    "explanation_entities",
    "media",
}
_BOT_ID = 700000001
_DOWNLOAD_LIMIT = 20 * 1024 * 1024  # getFile refuses bigger files for bots


@dataclass(slots=True)
class BotAction:
    """One thing the bot did in a chat: a message sent or edited, a callback answered."""

    method: str
    chat_id: int | None
    message_id: int | None = None
    text: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Inline buttons, flattened in reading order."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [button for row in rows for button in row]

    @property
    def button_texts(self) -> list[str]:
        return [b["text"] for b in self.buttons]


@dataclass(slots=True)
class ApiError:
    """An error to inject: 429 with retry_after, 403 blocked, or any other."""

    code: int
    description: str
    retry_after: int | None = None

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


@dataclass(slots=True)
class _Injection:
    method: str
    chat_id: int | None
    error: ApiError
    times: int


@dataclass
class Hold:
    """The next call of `method` waits for `release()`: a request caught in flight."""

    method: str
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    _released: asyncio.Event = field(default_factory=asyncio.Event)

    def release(self) -> None:
        self._released.set()


class BotApiEmulator:
    """A strict local Bot API server with one bot and any number of simulated users."""

    def __init__(
        self, token: str = "700000001:EMULATOR-token", username: str = "kz_antifraud_demo_bot"
    ) -> None:
        self.token = token
        self.bot_user = {
            "id": _BOT_ID,
            "is_bot": True,
            "first_name": "Antifraud KZ (demo)",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }
        self.actions: list[BotAction] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = defaultdict(
            lambda: itertools.count(1)
        )
        self._new_update = asyncio.Event()
        self._closing = asyncio.Event()
        self._chat_queues: dict[int, asyncio.Queue[BotAction]] = defaultdict(asyncio.Queue)
        self._listeners: list[asyncio.Queue[BotAction]] = []
        self._injections: list[_Injection] = []
        self._holds: list[Hold] = []
        self._blocked: set[int] = set()
        self._callback_chats: dict[str, int] = {}
        self._inline_queries: dict[str, int] = {}
        self.files: dict[str, bytes] = {}
        self.groups: dict[int, SimGroup] = {}
        self._call_seen = asyncio.Event()
        self.downloads = 0
        self._called: dict[str, asyncio.Event] = defaultdict(asyncio.Event)
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # ---- lifecycle -------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on a loopback port (0 = any free one); returns the base URL."""
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        sock_host, sock_port = self._runner.addresses[0][:2]
        self.base_url = f"http://{sock_host}:{sock_port}"
        return self.base_url

    async def stop(self) -> None:
        self._closing.set()
        self._new_update.set()
        if self._runner:
            await self._runner.cleanup()
            self._runner = None

    # ---- the simulated side ----------------------------------------------------------

    def new_id(self) -> int:
        """A fresh number for update, query and poll ids."""
        return next(self._update_ids)

    def group(self, chat_id: int = -100123, title: str = "Соседи") -> SimGroup:
        return SimGroup(self, chat_id, title)

    def user(
        self,
        user_id: int = 1001,
        first_name: str = "Айгүл",
        *,
        language_code: str | None = "ru",
        username: str | None = None,
    ) -> SimUser:
        return SimUser(self, user_id, first_name, language_code, username)

    def listen(self) -> asyncio.Queue[BotAction]:
        """A queue that receives every action of the bot from now on (all chats)."""
        queue: asyncio.Queue[BotAction] = asyncio.Queue()
        self._listeners.append(queue)
        return queue

    def inject(
        self, method: str, error: ApiError, *, chat_id: int | None = None, times: int = 1
    ) -> None:
        """Make the next `times` calls of `method` (for `chat_id`, or any) fail with `error`."""
        self._injections.append(_Injection(method, chat_id, error, times))

    def hold(self, method: str) -> Hold:
        """Keep the next `method` call waiting (the bot sees a request in flight)."""
        held = Hold(method)
        self._holds.append(held)
        return held

    def block_bot(self, user_id: int) -> None:
        """The user blocked the bot: every send to them gets 403 from now on."""
        self._blocked.add(user_id)

    def upload(self, data: bytes) -> dict[str, Any]:
        """Keep a file a user sends; returns the file_id fields of a PhotoSize/Document."""
        number = self.new_id()
        file_id = f"AgAC{number:08d}"
        self.files[file_id] = data
        return {"file_id": file_id, "file_unique_id": f"u{number}", "file_size": len(data)}

    def push_update(self, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), **payload}
        self._updates.append(update)
        self._new_update.set()
        return update

    def expect_callback(self, query_id: str, chat_id: int) -> None:
        """Remember a callback query so answerCallbackQuery can be checked against it."""
        self._callback_chats[query_id] = chat_id

    def next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids[chat_id])

    async def next_action(self, chat_id: int, timeout: float = 5.0) -> BotAction:
        """The next thing the bot did in `chat_id`, waiting at most `timeout` seconds."""
        return await asyncio.wait_for(self._chat_queues[chat_id].get(), timeout)

    async def wait_for_call(self, method: str, timeout: float = 10.0) -> None:
        """Return once the bot has called `method` (e.g. its first getUpdates)."""
        await asyncio.wait_for(self._called[method].wait(), timeout)

    async def wait_until(
        self, predicate: Callable[[list[tuple[str, dict[str, Any]]]], bool], timeout: float = 10.0
    ) -> None:
        """Return once `predicate(calls)` holds, re-checked after every API call."""
        async with asyncio.timeout(timeout):
            while not predicate(self.calls):
                self._call_seen.clear()
                await self._call_seen.wait()

    def pending_actions(self, chat_id: int) -> int:
        return self._chat_queues[chat_id].qsize()

    # ---- HTTP ------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params = await self._params(request)
        self.calls.append((method, params))
        self._called[method].set()
        self._call_seen.set()
        hold = next((h for h in self._holds if h.method == method), None)
        if hold is not None:
            self._holds.remove(hold)
            hold.arrived.set()
            await hold._released.wait()
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return web.json_response(
                {"ok": False, "error_code": 404, "description": "Not Found: method not found"},
                status=404,
            )
        chat_id = _int_or_none(params.get("chat_id"))
        injected = self._take_injection(method, chat_id)
        if injected is not None:
            return web.json_response(injected.body(), status=injected.code)
        if (
            chat_id is not None
            and chat_id in self._blocked
            and method.startswith(("send", "edit"))
        ):
            err = ApiError(403, "Forbidden: bot was blocked by the user")
            return web.json_response(err.body(), status=403)
        try:
            result = await handler(params)
        except BadRequest as exc:
            return web.json_response(
                {"ok": False, "error_code": 400, "description": exc.description}, status=400
            )
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    async def _params(request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            body = await request.json()
            return dict(body) if isinstance(body, dict) else {}
        params: dict[str, Any] = dict(request.query)
        if request.method == "POST":
            form = await request.post()
            for key, value in form.items():
                params[key] = value if isinstance(value, str) else value.file.read()
        for key in _JSON_FIELDS & params.keys():
            if isinstance(params[key], str):
                try:
                    params[key] = json.loads(params[key])
                except ValueError as exc:
                    raise web.HTTPBadRequest(text=f"{key} is not JSON") from exc
        return params

    def _take_injection(self, method: str, chat_id: int | None) -> ApiError | None:
        for injection in self._injections:
            if injection.method == method and injection.chat_id in (None, chat_id):
                injection.times -= 1
                if injection.times <= 0:
                    self._injections.remove(injection)
                return injection.error
        return None

    def _record(self, action: BotAction) -> None:
        self.actions.append(action)
        if action.chat_id is not None:
            self._chat_queues[action.chat_id].put_nowait(action)
        for queue in self._listeners:
            queue.put_nowait(action)

    # ---- Bot API methods -------------------------------------------------------------

    async def _m_getMe(self, _: dict[str, Any]) -> dict[str, Any]:
        return self.bot_user

    async def _m_deleteWebhook(self, _: dict[str, Any]) -> bool:
        return True

    async def _m_close(self, _: dict[str, Any]) -> bool:
        return True

    async def _m_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = _int_or_none(params.get("offset")) or 0
        limit = min(max(_int_or_none(params.get("limit")) or 100, 1), 100)
        timeout = min(max(float(params.get("timeout") or 0), 0.0), 50.0)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        deadline = time.monotonic() + timeout
        while not self._updates and not self._closing.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), remaining)
            except TimeoutError:
                break
        return self._updates[:limit]

    async def _m_setMyCommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands") or []
        if not isinstance(commands, list) or len(commands) > 100:
            raise BadRequest("commands must be a list of at most 100 BotCommand")
        for command in commands:
            name = str(command.get("command", ""))
            if not (1 <= len(name) <= 32 and name.islower() and name.replace("_", "").isalnum()):
                raise BadRequest("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise BadRequest("command description must be 1-256 characters")
        scope = (params.get("scope") or {}).get("type", "default")
        self.commands[(scope, params.get("language_code") or "")] = commands
        return True

    async def _m_getMyCommands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        scope = (params.get("scope") or {}).get("type", "default")
        return self.commands.get((scope, params.get("language_code") or ""), [])

    async def _m_sendChatAction(self, _: dict[str, Any]) -> bool:
        return True

    async def _m_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        text, entities = render_text(params.get("text"), params.get("parse_mode"))
        markup = params.get("reply_markup")
        check_reply_markup(markup)
        replied = self._replied_message(chat_id, params.get("reply_parameters"))
        message = self._bot_message(
            chat_id, text=text, entities=entities, reply_markup=markup, reply_to_message=replied
        )
        self._record(
            BotAction(
                "sendMessage", chat_id, message["message_id"], text, entities, markup, params
            )
        )
        return message

    async def _m_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        message_id = _int_or_none(params.get("message_id"))
        stored = self.messages.get((chat_id, message_id or 0))
        if stored is None or stored["from"]["id"] != _BOT_ID:
            raise BadRequest("message to edit not found")
        text, entities = render_text(params.get("text"), params.get("parse_mode"))
        markup = params.get("reply_markup")
        check_reply_markup(markup)
        if (stored.get("text"), stored.get("entities", []), stored.get("reply_markup")) == (
            text,
            entities,
            markup,
        ):
            raise BadRequest(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        stored.update(text=text, entities=entities, edit_date=int(time.time()))
        if markup:
            stored["reply_markup"] = markup
        else:
            stored.pop("reply_markup", None)
        self._record(
            BotAction("editMessageText", chat_id, message_id, text, entities, markup, params)
        )
        return stored

    async def _m_editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        message_id = _int_or_none(params.get("message_id"))
        stored = self.messages.get((chat_id, message_id or 0))
        if stored is None:
            raise BadRequest("message to edit not found")
        markup = params.get("reply_markup")
        check_reply_markup(markup)
        if markup:
            stored["reply_markup"] = markup
        else:
            stored.pop("reply_markup", None)
        self._record(
            BotAction(
                "editMessageReplyMarkup",
                chat_id,
                message_id,
                stored.get("text"),
                stored.get("entities", []),
                markup,
                params,
            )
        )
        return stored

    async def _m_deleteMessage(self, params: dict[str, Any]) -> bool:
        chat_id = self._chat_id(params)
        message_id = _int_or_none(params.get("message_id")) or 0
        stored = self.messages.get((chat_id, message_id))
        if stored is None:
            raise BadRequest("message to delete not found")
        group = self.groups.get(chat_id)
        own = stored["from"]["id"] == _BOT_ID
        if group is not None and not own and not group.bot_can_delete:
            raise BadRequest("message can't be deleted")
        del self.messages[(chat_id, message_id)]
        self._record(BotAction("deleteMessage", chat_id, message_id, params=params))
        return True

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise BadRequest("MESSAGE_TOO_LONG")
        chat_id = self._callback_chats.pop(str(params.get("callback_query_id")), None)
        if chat_id is None:
            raise BadRequest(
                "query is too old and response timeout expired or query ID is invalid"
            )
        self._record(BotAction("answerCallbackQuery", chat_id, None, text, params=params))
        return True

    async def _m_answerInlineQuery(self, params: dict[str, Any]) -> bool:
        user_id = self._inline_queries.pop(str(params.get("inline_query_id")), None)
        if user_id is None:
            raise BadRequest(
                "query is too old and response timeout expired or query ID is invalid"
            )
        results = params.get("results")
        if not isinstance(results, list) or len(results) > 50:
            raise BadRequest("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            result_id = str(result.get("id", ""))
            if not 1 <= len(result_id.encode()) <= 64 or result_id in seen:
                raise BadRequest("RESULT_ID_INVALID")
            seen.add(result_id)
            if not result.get("title"):
                raise BadRequest("RESULT_TITLE_EMPTY")
            content = result.get("input_message_content") or {}
            render_text(content.get("message_text"), content.get("parse_mode"))
        self._record(BotAction("answerInlineQuery", user_id, None, None, params=params))
        return True

    def expect_inline_query(self, query_id: str, user_id: int) -> None:
        self._inline_queries[query_id] = user_id

    async def _m_sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        photo = params.get("photo")
        if isinstance(photo, str) and photo.startswith("attach://"):
            photo = params.get(photo.removeprefix("attach://"))  # a multipart upload
            params = {**params, "photo": photo}
        if isinstance(photo, bytes):
            if not photo.startswith(b"\x89PNG") and not photo.startswith(b"\xff\xd8"):
                raise BadRequest("IMAGE_PROCESS_FAILED")
            file = self.upload(photo)
        elif isinstance(photo, str) and photo in self.files:
            file = {"file_id": photo, "file_unique_id": f"u{photo}", "file_size": 0}
        else:
            raise BadRequest("wrong file identifier/HTTP URL specified")
        caption, entities = render_text(
            params.get("caption"), params.get("parse_mode"), caption=True
        )
        markup = params.get("reply_markup")
        check_reply_markup(markup)
        message = self._bot_message(
            chat_id,
            photo=[{**file, "width": 800, "height": 350}],
            caption=caption,
            caption_entities=entities,
            reply_markup=markup,
        )
        self._record(
            BotAction(
                "sendPhoto", chat_id, message["message_id"], caption, entities, markup, params
            )
        )
        return message

    async def _m_getChatMember(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        user_id = _int_or_none(params.get("user_id")) or 0
        group = self.groups.get(chat_id)
        if group is None:
            raise BadRequest("chat not found")
        if user_id == _BOT_ID:
            member: dict[str, Any] = {"status": group.bot_status, "user": self.bot_user}
            if group.bot_status == "administrator":
                member.update(admin_rights(can_delete=group.bot_can_delete))
            return member
        status = group.member_status(user_id)
        user = {"id": user_id, "is_bot": False, "first_name": "Member"}
        if status == "administrator":
            return {"status": "administrator", "user": user, **admin_rights(can_delete=True)}
        return {"status": "member", "user": user}

    async def _m_getFile(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = str(params.get("file_id") or "")
        data = self.files.get(file_id)
        if data is None:
            raise BadRequest("invalid file_id")
        if len(data) > _DOWNLOAD_LIMIT:
            raise BadRequest("file is too big")
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(data),
            "file_path": f"files/{file_id}",
        }

    async def _download(self, request: web.Request) -> web.Response:
        """What Telegram serves at /file/bot<token>/<file_path> after getFile."""
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        file_id = request.match_info["path"].removeprefix("files/")
        data = self.files.get(file_id)
        if data is None:
            return web.Response(status=404)
        self.downloads += 1
        return web.Response(body=data, content_type="application/octet-stream")

    async def _m_sendPoll(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        question = str(params.get("question") or "")
        options = params.get("options") or []
        if not 1 <= len(question) <= 300:
            raise BadRequest("poll question length must be 1-300")
        if not 2 <= len(options) <= 12:
            raise BadRequest("POLL_ANSWERS_INVALID")
        poll = {
            "id": str(self.new_id() * 7919),
            "question": question,
            "options": [
                {"text": o.get("text", o) if isinstance(o, dict) else o, "voter_count": 0}
                for o in options
            ],
            "type": params.get("type", "regular"),
        }
        message = self._bot_message(chat_id, poll=poll)
        self._record(
            BotAction("sendPoll", chat_id, message["message_id"], question, params=params)
        )
        return message

    # ---- helpers ---------------------------------------------------------------------

    def _chat_id(self, params: dict[str, Any]) -> int:
        chat_id = _int_or_none(params.get("chat_id"))
        if chat_id is None:
            raise BadRequest("chat not found")
        return chat_id

    def _replied_message(self, chat_id: int, reply: Any) -> dict[str, Any] | None:
        """The message a reply quotes, one level deep as Telegram sends it."""
        if not isinstance(reply, dict) or "message_id" not in reply:
            return None
        target = _int_or_none(reply.get("chat_id")) or chat_id
        found = self.messages.get((target, _int_or_none(reply["message_id"]) or 0))
        if found is None:
            if reply.get("allow_sending_without_reply"):
                return None
            raise BadRequest("message to be replied not found")
        return {k: v for k, v in found.items() if k != "reply_to_message"}

    def _bot_message(self, chat_id: int, **content: Any) -> dict[str, Any]:
        message = {
            "message_id": self.next_message_id(chat_id),
            "from": self.bot_user,
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "date": int(time.time()),
            **{k: v for k, v in content.items() if v},
        }
        self.messages[(chat_id, message["message_id"])] = message
        return message


def _int_or_none(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
