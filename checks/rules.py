"""Detection data from content/, validated once and indexed for fast lookups."""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from checks.brands import Brand, BrandIndex

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


# ---- the whole rule set -----------------------------------------------------------------


class PhraseGroup(BaseModel):
    """A named set of weighted regexes over folded text."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    name: str
    request: bool = False
    cap: int = 100
    patterns: tuple[tuple[int, re.Pattern[str]], ...]


class Scheme(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    id: str
    lesson: str
    advice: tuple[str, ...]
    cap: int
    patterns: tuple[tuple[int, re.Pattern[str]], ...]


class _BrandEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    kind: str
    official: list[str]
    related: list[str] = Field(default_factory=list)
    tokens: list[str]
    strict: list[str] = Field(default_factory=list)
    fuzzy: bool = False
    names: list[str] = Field(default_factory=list)
    short: list[str] = Field(default_factory=list)
    numbers: list[str] = Field(default_factory=list)
    telegram: list[str] = Field(default_factory=list)
    iban_code: str | None = None


class _SchemeEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lesson: str
    advice: list[str]
    cap: int = 60
    phrases: list[tuple[int, str]]


class _GroupEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    request: bool = False
    cap: int = 100
    phrases: list[tuple[int, str]]


class _Scoring(BaseModel):
    model_config = ConfigDict(extra="forbid")

    levels: dict[str, float]
    weights: dict[str, int]
    combos: dict[str, int]
    context: dict[str, float]
    community: dict[str, int]
    model: dict[str, list[tuple[float, int]]] = Field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rules:
    texts: Texts
    brands: BrandIndex
    schemes: dict[str, Scheme]
    signals: dict[str, PhraseGroup]
    scoring: _Scoring
    suspicious_tlds: frozenset[str]
    shorteners: frozenset[str]
    bins: dict[str, tuple[str, str]]
    iban_banks: dict[str, str]
    shared_hosts: frozenset[str] = frozenset()

    def weight(self, code: str) -> int:
        return self.scoring.weights[code]


def _compile(
    file: str, key: str, phrases: list[tuple[int, str]]
) -> tuple[tuple[int, re.Pattern[str]], ...]:
    out = []
    for index, (weight, pattern) in enumerate(phrases):
        try:
            out.append((weight, re.compile(rf"(?<!\w){pattern}")))
        except re.error as exc:
            raise ContentError(f"content/{file}: {key} phrase {index}: {exc}") from exc
    return tuple(out)


def _validated(model: type[BaseModel], data: Any, file: str, key: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ContentError(f"content/{file}: {key}.{where}: {err['msg']}") from None


def _lines(name: str) -> frozenset[str]:
    return frozenset(
        line.strip().lower()
        for line in read_content(name).splitlines()
        if line.strip() and not line.startswith("#")
    )


def _csv(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(read_content(name))))


@cache
def load_rules() -> Rules:
    """Read and validate every detection data file in content/ (once per process)."""
    texts = {}
    for file in ("texts.toml", "reasons.toml", "advice.toml"):
        texts.update(flatten_texts(load_toml(file), file))
    brands_data = load_toml("brands.toml")
    brands = []
    for index, entry in enumerate(brands_data.get("brand", [])):
        item = _validated(_BrandEntry, entry, "brands.toml", f"brand[{index}]")
        brands.append(
            Brand(
                item.id,
                item.name,
                item.kind,
                tuple(item.official),
                tuple(item.related),
                tuple(t.lower() for t in item.tokens),
                tuple(t.lower() for t in item.strict),
                item.fuzzy,
                tuple(n.lower() for n in item.names),
                tuple(item.short),
                tuple(item.numbers),
                tuple(t.lower() for t in item.telegram),
                item.iban_code,
            )
        )
    index = BrandIndex(
        brands,
        tuple(brands_data.get("official_suffixes", [])),
        frozenset(brands_data.get("combo_words", [])),
        frozenset(brands_data.get("platforms", [])),
    )
    schemes = {}
    for key, entry in load_toml("schemes.toml").items():
        item = _validated(_SchemeEntry, entry, "schemes.toml", key)
        for advice in item.advice:
            if f"advice.{advice}" not in texts:
                raise ContentError(f"content/schemes.toml: {key}.advice: unknown {advice!r}")
        if f"scheme.{key}" not in texts:
            raise ContentError(f"content/reasons.toml: no [scheme.{key}] text")
        schemes[key] = Scheme(
            id=key,
            lesson=item.lesson,
            advice=tuple(item.advice),
            cap=item.cap,
            patterns=_compile("schemes.toml", key, item.phrases),
        )
    signals = {}
    for key, entry in load_toml("signals.toml").items():
        item = _validated(_GroupEntry, entry, "signals.toml", key)
        signals[key] = PhraseGroup(
            name=key,
            request=item.request,
            cap=item.cap,
            patterns=_compile("signals.toml", key, item.phrases),
        )
    scoring = _validated(_Scoring, load_toml("scoring.toml"), "scoring.toml", "scoring")
    for code in scoring.weights:
        if f"reason.{code}" not in texts:
            raise ContentError(f"content/reasons.toml: no [reason.{code}] text")
    return Rules(
        texts=Texts(texts),
        brands=index,
        schemes=schemes,
        signals=signals,
        scoring=scoring,
        suspicious_tlds=_lines("suspicious_tlds.txt"),
        shorteners=_lines("shorteners.txt"),
        bins={r["bin"]: (r["bank"], r["network"]) for r in _csv("bins.csv")},
        iban_banks={r["code"]: r["bank"] for r in _csv("iban_banks.csv")},
        shared_hosts=_lines("shared_hosts.txt"),
    )
