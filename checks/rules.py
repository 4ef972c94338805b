"""Detection data from content/, validated once and indexed for fast lookups."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from checks.brands import Brand, BrandIndex
from checks.evidence import INDICATOR_FEATURES
from checks.lexicon import ROLES, Lexicon
from checks.model import Model
from checks.signals import feature_names

# Groups the engine's logic refers to by name (checks/signals.py).
REQUIRED_GROUPS = ("ask", "pay", "code", "money", "target", "data", "negation")
REQUIRED_GROUPS += ("official_advice", "refusal", "link_action", "install")
# Signals used only by the verdict rules: they come from context the corpus cannot show.
RULE_ONLY_SIGNALS = frozenset(
    {
        "blocklisted", "script_link", "community_reported", "community_confirmed",
        "community_seen", "allowlisted", "file_double_extension", "file_archive",
    }
)  # fmt: skip

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

LEVEL_ORDER = ("safe", "unsure", "suspicious", "dangerous")


class Scheme(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    lesson: str
    advice: tuple[str, ...]


class _OrgEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    kind: str
    name: dict[str, str]
    domains: list[str] = Field(default_factory=list)
    paths: list[str] = Field(default_factory=list)
    related: list[str] = Field(default_factory=list)
    names: list[str] = Field(default_factory=list)
    tokens: list[str] = Field(default_factory=list)
    common: list[str] = Field(default_factory=list)
    short: list[str] = Field(default_factory=list)
    numbers: list[str] = Field(default_factory=list)
    telegram: list[str] = Field(default_factory=list)
    iban_code: str | None = None
    abroad: list[str] = Field(default_factory=list)
    sources: list[str]
    evidence: str


class _SchemeEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lesson: str
    advice: list[str]


class _GroupEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: str
    stems: list[str]


Level = str


class _Pair(BaseModel):
    model_config = ConfigDict(extra="forbid")

    signals: list[str]
    level: Level


class Scoring(BaseModel):
    """content/scoring.toml: what is certain enough to decide without the model."""

    model_config = ConfigDict(extra="forbid")

    floors: dict[str, Level]
    pairs: dict[str, _Pair] = Field(default_factory=dict)
    never_safe: list[str] = Field(default_factory=list)
    community: dict[str, int]
    shown_score: dict[Level, int]


@dataclass(frozen=True, slots=True)
class Rules:
    texts: Texts
    brands: BrandIndex
    lexicon: Lexicon
    schemes: dict[str, Scheme]
    scoring: Scoring
    model: Model | None
    suspicious_tlds: frozenset[str] = frozenset()
    shorteners: frozenset[str] = frozenset()
    bins: dict[str, tuple[str, str]] = field(default_factory=dict)
    iban_banks: dict[str, str] = field(default_factory=dict)
    shared_hosts: frozenset[str] = frozenset()

    def features(self) -> list[str]:
        """The model's columns for this lexicon (word signals, then indicator signals)."""
        groups = [g for g in self.lexicon.groups if self.lexicon.roles[g] != "brand"]
        return [*feature_names(groups), *INDICATOR_FEATURES]


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


def load_lexicon(brands: BrandIndex, file: str = "lexicon.toml") -> Lexicon:
    """The word groups, plus one group per organisation for its names (`org:<id>`)."""
    groups = {}
    for key, entry in load_toml(file).items():
        item = _validated(_GroupEntry, entry, file, key)
        if item.role not in ROLES or item.role == "brand":
            raise ContentError(
                f"content/{file}: {key}.role: one of request, object, context, topic"
            )
        groups[key] = (item.role, item.stems)
    missing = [g for g in REQUIRED_GROUPS if g not in groups]
    if missing:
        raise ContentError(f"content/{file}: the engine needs groups {', '.join(missing)}")
    for brand in brands.brands:
        if brand.names:  # short names whole, longer ones with any ending (каспиге, Kaspi-ға)
            stems = [n if len(n) >= 5 else f"={n}" for n in brand.names]
            groups[f"org:{brand.id}"] = ("brand", stems)
    return Lexicon(groups)


def load_brands(cheap_tlds: frozenset[str] = frozenset()) -> BrandIndex:
    data = load_toml("registry.toml")
    brands = []
    seen: set[str] = set()
    for index, entry in enumerate(data.get("org", [])):
        item = _validated(_OrgEntry, entry, "registry.toml", f"org[{index}]")
        if item.id in seen:
            raise ContentError(f"content/registry.toml: org {item.id!r} appears twice")
        seen.add(item.id)
        if not item.sources:
            raise ContentError(f"content/registry.toml: org {item.id!r} has no sources")
        brands.append(
            Brand(
                id=item.id,
                kind=item.kind,
                titles=dict(item.name),
                official=tuple(d.lower() for d in item.domains),
                paths=tuple(p.lower() for p in item.paths),
                related=tuple(d.lower() for d in item.related),
                names=tuple(n.lower() for n in item.names),
                tokens=tuple(t.lower() for t in item.tokens),
                common=frozenset(t.lower() for t in item.common),
                short=tuple(item.short),
                numbers=tuple(item.numbers),
                telegram=tuple(t.lower() for t in item.telegram),
                iban_code=item.iban_code,
                abroad=frozenset(t.lower() for t in item.abroad),
            )
        )
    return BrandIndex(
        brands,
        tuple(data.get("official_suffixes", [])),
        frozenset(data.get("combo_words", [])),
        frozenset(data.get("platforms", [])),
        cheap_tlds,
    )


def load_texts() -> Texts:
    texts: dict[str, dict[str, str]] = {}
    for file in ("texts.toml", "reasons.toml", "advice.toml"):
        texts.update(flatten_texts(load_toml(file), file))
    return Texts(texts)


def load_rules(*, with_model: bool = True) -> Rules:
    """Read and validate every detection data file in content/.

    Fails naming the file and key when anything is missing or inconsistent, including a
    model trained for other signals than the ones the engine now computes (stale).
    """
    texts = load_texts()
    schemes = {}
    for key, entry in load_toml("schemes.toml").items():
        item = _validated(_SchemeEntry, entry, "schemes.toml", key)
        for advice in item.advice:
            if f"advice.{advice}" not in texts:
                raise ContentError(f"content/schemes.toml: {key}.advice: unknown {advice!r}")
        if f"scheme.{key}" not in texts:
            raise ContentError(f"content/reasons.toml: no [scheme.{key}] text")
        schemes[key] = Scheme(id=key, lesson=item.lesson, advice=tuple(item.advice))
    scoring = _validated(Scoring, load_toml("scoring.toml"), "scoring.toml", "scoring")
    for level in [*scoring.floors.values(), *(p.level for p in scoring.pairs.values())]:
        if level not in LEVEL_ORDER:
            raise ContentError(f"content/scoring.toml: unknown level {level!r}")
    brands = load_brands(_lines("suspicious_tlds.txt"))
    rules = Rules(
        texts=texts,
        brands=brands,
        lexicon=load_lexicon(brands),
        schemes=schemes,
        scoring=scoring,
        model=None,
        suspicious_tlds=_lines("suspicious_tlds.txt"),
        shorteners=_lines("shorteners.txt"),
        bins={r["bin"]: (r["bank"], r["network"]) for r in _csv("bins.csv")},
        iban_banks={r["code"]: r["bank"] for r in _csv("iban_banks.csv")},
        shared_hosts=_lines("shared_hosts.txt"),
    )
    known = set(rules.features())
    for name in [*scoring.floors, *(s for p in scoring.pairs.values() for s in p.signals)]:
        if name not in known and name not in RULE_ONLY_SIGNALS:
            raise ContentError(f"content/scoring.toml: unknown signal {name!r}")
    if not with_model:
        return rules
    model = load_model(rules)
    return replace(rules, model=model)


def load_model(rules: Rules) -> Model:
    try:
        data = json.loads(read_content("model.json"))
    except FileNotFoundError:
        raise ContentError(
            "content/model.json is missing: run benchmarks/train_model.py"
        ) from None
    model = Model(data)
    if list(model.features) != rules.features():
        raise ContentError(
            "content/model.json is stale: it was trained on other signals than the engine "
            "computes now; run benchmarks/train_model.py"
        )
    unknown = [s for s in model.schemes if s not in rules.schemes]
    if unknown:
        raise ContentError(f"content/model.json: schemes not in schemes.toml: {unknown}")
    return model


@cache
def default_rules() -> Rules:
    """The production rules, loaded once per process (bot, CLI, benchmarks)."""
    return load_rules()
