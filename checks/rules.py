"""Detection data from content/, validated once and indexed for fast lookups."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

LANGS = ("ru", "kk", "en")


class ContentError(ValueError):
    """A content file is malformed; the message names the file and key."""


def read_content(name: str) -> str:
    return (resources.files("content") / name).read_text("utf-8")


def load_toml(name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(read_content(name))
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"content/{name}: {exc}") from exc


def flatten_texts(data: dict[str, Any], file: str, prefix: str = "") -> dict[str, dict[str, str]]:
    """{"level.safe": {"ru": ..., "kk": ..., "en": ...}, ...}; every language required."""
    out: dict[str, dict[str, str]] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if not isinstance(value, dict):
            raise ContentError(f"content/{file}: {path} must be a table of languages")
        if set(value) & set(LANGS):
            missing = [lang for lang in LANGS if not isinstance(value.get(lang), str)]
            if missing:
                raise ContentError(f"content/{file}: {path} lacks {', '.join(missing)}")
            out[path] = {lang: value[lang] for lang in LANGS}
        else:
            out.update(flatten_texts(value, file, f"{path}."))
    return out


class Texts:
    """Localised engine strings; unknown languages fall back to Russian."""

    def __init__(self, entries: dict[str, dict[str, str]]) -> None:
        self._entries = entries

    def get(self, key: str, lang: str, **values: Any) -> str:
        entry = self._entries[key]
        text = entry.get(lang) or entry["ru"]
        return text.format(**values) if values else text

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)


@cache
def load_texts() -> Texts:
    entries: dict[str, dict[str, str]] = {}
    for file in ("texts.toml",):
        entries.update(flatten_texts(load_toml(file), file))
    return Texts(entries)
