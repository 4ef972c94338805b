"""The HTTP session to the Bot API, with two safety nets that belong in one place.

- Whatever Telegram sends may hold lone UTF-16 surrogates (broken clients put them in
  names and inline queries); they are replaced on the way in, so no handler ever meets a
  string it cannot encode again.
- Editing a message into exactly what it already says ("message is not modified") is a
  double tap, not a failure: it is answered as done, for every handler at once.
"""

from __future__ import annotations

import json
import re
from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import (
    EditMessageCaption,
    EditMessageReplyMarkup,
    EditMessageText,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType

_SURROGATE = re.compile("[\ud800-\udfff]")
_EDITS = (EditMessageText, EditMessageReplyMarkup, EditMessageCaption)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value


def _clean_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    return {key: _clean(value) for key, value in pairs}


def safe_json_loads(text: str | bytes) -> Any:
    """json.loads, with lone surrogates turned into U+FFFD in every string."""
    return json.loads(text, object_pairs_hook=_clean_pairs)


class UnchangedEditIsDone(BaseRequestMiddleware):
    """A double tap edits a message into what it already is: that is success."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        try:
            return await make_request(bot, method)
        except TelegramBadRequest as exc:
            if isinstance(method, _EDITS) and "message is not modified" in exc.message:
                return True
            raise


def telegram_session(api_url: str) -> AiohttpSession:
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_url), json_loads=safe_json_loads)
    session.middleware(UnchangedEditIsDone())
    return session
