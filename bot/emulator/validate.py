"""Telegram's input rules, as strict as the real server: HTML, lengths, keyboards."""

from __future__ import annotations

import html
import re
from typing import Any

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64

_TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[A-Za-z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>\"']+))?)*)\s*>"
)
_ATTR = re.compile(r"([A-Za-z-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+)))?")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d{1,7}|#x[0-9A-Fa-f]{1,6});")
_TAG_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_MDV2_RESERVED = set("_*[]()~`>#+-=|{}.!")


class BadRequest(Exception):
    """Telegram's 400 with its description."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = f"Bad Request: {description}"


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities of a `parse_mode=HTML` text; BadRequest like Telegram."""
    out: list[str] = []
    entities: list[dict[str, Any]] = []
    stack: list[tuple[str, int, dict[str, Any]]] = []
    offset = 0  # UTF-16 units written so far
    pos = 0
    while pos < len(source):
        ch = source[pos]
        if ch == "<":
            match = _TAG.match(source, pos)
            if not match:
                raise BadRequest(
                    f"can't parse entities: Unsupported start tag at byte offset {pos}"
                )
            closing, name, attrs = match.group(1), match.group(2).lower(), match.group(3)
            if name not in _TAG_TYPES:
                raise BadRequest(f'can\'t parse entities: Unsupported start tag "{name}"')
            if closing:
                if not stack or stack[-1][0] != name:
                    raise BadRequest(f'can\'t parse entities: Unexpected end tag "{name}"')
                _, start, entity = stack.pop()
                if offset > start:
                    entity.update(offset=start, length=offset - start)
                    entities.append(entity)
            else:
                stack.append((name, offset, _entity_for(name, attrs)))
            pos = match.end()
        elif ch == "&":
            match = _ENTITY.match(source, pos)
            if not match:
                raise BadRequest(
                    f"can't parse entities: Can't find end of the entity at byte offset {pos}"
                )
            piece = html.unescape(match.group(0))
            out.append(piece)
            offset += utf16_len(piece)
            pos = match.end()
        else:
            nxt = min(
                (i for i in (source.find("<", pos), source.find("&", pos)) if i >= 0),
                default=len(source),
            )
            piece = source[pos:nxt]
            out.append(piece)
            offset += utf16_len(piece)
            pos = nxt
    if stack:
        raise BadRequest(
            "can't parse entities: Can't find end tag corresponding to start tag "
            f'"{stack[-1][0]}"'
        )
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _entity_for(name: str, attrs: str) -> dict[str, Any]:
    values = {
        m.group(1).lower(): next((g for g in m.groups()[1:] if g is not None), "")
        for m in _ATTR.finditer(attrs)
    }
    entity: dict[str, Any] = {"type": _TAG_TYPES[name]}
    if name == "span" and values.get("class") != "tg-spoiler":
        raise BadRequest('can\'t parse entities: Unsupported start tag "span"')
    if name == "a":
        href = html.unescape(values.get("href", ""))
        if not href:
            raise BadRequest("can't parse entities: Can't find href in a tag")
        entity["url"] = href
    if name == "pre" and "language" in values:
        entity["language"] = values["language"]
    if name == "blockquote" and "expandable" in values:
        entity["type"] = "expandable_blockquote"
    return entity


def check_markdown_v2(source: str) -> str:
    """Refuse unescaped reserved characters, as Telegram does; formatting is not rendered."""
    escaped = False
    for index, ch in enumerate(source):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch in _MDV2_RESERVED and ch not in "_*~`|[]()":
            raise BadRequest(
                f"can't parse entities: Character '{ch}' is reserved and must be escaped "
                f"with the preceding '\\' (offset {index})"
            )
    return re.sub(r"\\(.)", r"\1", source)


def render_text(
    text: str | None, parse_mode: str | None, *, caption: bool = False
) -> tuple[str, list[dict[str, Any]]]:
    """Validate a text or caption the way sendMessage/sendPhoto would."""
    limit, what = (MAX_CAPTION, "message caption") if caption else (MAX_TEXT, "message")
    if not text:
        if caption:
            return "", []
        raise BadRequest("message text is empty")
    if parse_mode and parse_mode.upper() == "HTML":
        plain, entities = parse_html(text)
    elif parse_mode and parse_mode.upper() == "MARKDOWNV2":
        plain, entities = check_markdown_v2(text), []
    elif parse_mode:
        raise BadRequest(f"unsupported parse_mode {parse_mode!r} in this emulator")
    else:
        plain, entities = text, []
    if not plain.strip() and not caption:
        raise BadRequest("message text is empty")
    if len(plain) > limit:
        raise BadRequest(f"{what} is too long")
    return plain, entities


def check_reply_markup(markup: dict[str, Any] | None) -> None:
    """Inline buttons need exactly one action; callback_data is 1-64 bytes."""
    if not markup:
        return
    if not isinstance(markup, dict):
        raise BadRequest("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise BadRequest(
            'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
        )
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not button.get("text"):
                raise BadRequest("can't parse inline keyboard button: Text must be non-empty")
            actions = [key for key in _BUTTON_ACTIONS if key in button]
            if len(actions) != 1:
                raise BadRequest(
                    "can't parse inline keyboard button: exactly one of the optional "
                    f"fields must be used, got {actions or 'none'}"
                )
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                raise BadRequest("BUTTON_DATA_INVALID")
